// Runs test/integration/suite/ inside a real VS Code through @vscode/test-electron's runTests().
// Default (offline): VS Code is code-server 4.100.3 (VS Code 1.100.3) driven by
// test/support/vscode-shim.sh. GDA_VSCODE=electron: runTests downloads Electron VS Code 1.100.3
// instead (needs internet and a display, e.g. xvfb-run).
// Needs `node esbuild.mjs && node esbuild.mjs --tests` and, for the shim, scripts/setup-code-server.mjs.
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { fixturesWorkspace, repoRoot } from '../support/paths';

async function main(): Promise<number> {
  const electron = process.env.GDA_VSCODE === 'electron';
  const shim = join(repoRoot, 'test', 'support', 'vscode-shim.sh');
  if (!electron) chmodSync(shim, 0o755); // in case a checkout lost the executable bit
  const extension = process.env.GDA_EXTENSION_DEVELOPMENT_PATH || repoRoot;
  const testAdapter = join(repoRoot, 'test', 'fixtures', 'test-adapter');
  try {
    await runTests({
      ...(electron ? { version: '1.100.3' } : { vscodeExecutablePath: shim }),
      // GDA_EXTENSION_DEVELOPMENT_PATH: run the suite against another build of the extension.
      // The test-only extension declares the debug type of the tests' inline adapter (see its extension.js);
      // code-server loads one development extension, so the shim installs it (GDA_TEST_EXTENSIONS).
      extensionDevelopmentPath: electron ? [extension, testAdapter] : extension,
      extensionTestsPath: join(repoRoot, 'out', 'test', 'integration', 'suite', 'index.js'),
      launchArgs: [fixturesWorkspace, '--disable-extensions'],
      // The shim runs on the same Node as this script; everything else in process.env reaches the
      // extension host as it is (GDA_RESULTS_FILE, GDA_SUITE, GEMINI_API_KEY, ...).
      extensionTestsEnv: { GDA_NODE: process.execPath, ...(electron ? {} : { GDA_TEST_EXTENSIONS: testAdapter }) },
    });
    return 0;
  } catch (error) {
    console.error(`[integration] ${(error as Error).message}`);
    return 1;
  }
}

void main().then((code) => process.exit(code));
