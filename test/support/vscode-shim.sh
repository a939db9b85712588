#!/bin/sh
# The "VS Code executable" that test/integration/runTests.ts hands to @vscode/test-electron's
# runTests(): runs the extension tests in code-server + headless chromium (see vscodeShim.ts).
# Needs `node esbuild.mjs --tests` (out/) and `node scripts/setup-code-server.mjs`.
here=$(cd "$(dirname "$0")" && pwd)
exec "${GDA_NODE:-node}" "$here/../../out/test/support/vscodeShim.js" "$@"
