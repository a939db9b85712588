// npm run package: a production build, then ONE gemini-debug-assistant-<version>.vsix at the
// repository root (older .vsix files there are deleted first). Never prompts; checks that the
// package holds only the manifest, README/LICENSE, the two bundles, the view's lazily loaded
// chunks (every one of them) and media/.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = `${name}-${version}.vsix`;
const allowed = [/^package\.json$/, /^README\.md$/, /^LICENSE(\.txt|\.md)?$/, /^dist\/extension\.js$/, /^dist\/webview\.js$/, /^dist\/chunks\/[\w-]+\.js$/, /^media\//];

function run(args, capture = false) {
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    console.error(`[package] failed: node ${args.join(' ')}`);
    process.exit(1);
  }
  return result.stdout ?? '';
}

for (const file of readdirSync(root)) {
  if (file.endsWith('.vsix')) rmSync(join(root, file));
}
run(['esbuild.mjs', '--production']);
const licenseFlag = existsSync(join(root, 'LICENSE')) ? [] : ['--skip-license'];
// No repository URL to resolve README's relative image against: keep its links as written.
run([vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', ...licenseFlag, '--out', vsix]);

const files = run([vsce, 'ls', '--no-dependencies'], true)
  .split('\n')
  .map((line) => line.trim())
  .filter(Boolean);
const unexpected = files.filter((file) => !allowed.some((pattern) => pattern.test(file)));
if (unexpected.length > 0) {
  console.error(`[package] unexpected files in the package (fix .vscodeignore): ${unexpected.join(', ')}`);
  process.exit(1);
}
// A chunk left out would be a language (or the view) that fails to load.
const chunks = readdirSync(join(root, 'dist', 'chunks')).map((file) => `dist/chunks/${file}`);
for (const required of ['package.json', 'dist/extension.js', 'dist/webview.js', ...chunks]) {
  if (!files.includes(required)) {
    console.error(`[package] ${required} is missing from the package`);
    process.exit(1);
  }
}
console.log(`[package] ${vsix}: ${files.join(', ')}`);
