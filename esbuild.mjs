// Builds the extension (Node, CommonJS) and the chat view script (browser, an ES module whose
// lazily imported parts, the highlighting grammars, are chunks in dist/chunks/) into dist/.
// The chat view's icon font (@vscode/codicons: codicon.css and codicon.ttf) is copied to dist/.
//   node esbuild.mjs               development build with sourcemaps
//   node esbuild.mjs --production  minified release build (used by `npm run package`)
//   node esbuild.mjs --watch       rebuild on change
//   node esbuild.mjs --tests       transpile src/ and test/ file by file into out/ for mocha (the
//                                  chat view's tests in test/unit/webview bundled, one file per test)
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, statSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  },
];

/** codicon.css names its font `./codicon.ttf`: both go side by side into dist/. */
function copyCodicons() {
  const from = join(createRequire(import.meta.url).resolve('@vscode/codicons/package.json'), '..', 'dist');
  mkdirSync('dist', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(join(from, file), join('dist', file));
}

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'webview' || name === 'fixtures' ? [] : tsFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

if (tests) {
  // Tests import src/ modules by relative path, so both trees keep their shape under out/.
  rmSync('out', { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [...tsFiles('src'), ...tsFiles('test')],
    outdir: 'out',
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  // The chat view's unit tests run its modules in Node with jsdom: bundled, as the view is.
  const webviewTests = 'test/unit/webview';
  await esbuild.build({
    entryPoints: readdirSync(webviewTests)
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => join(webviewTests, name)),
    outdir: join('out', webviewTests),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['jsdom'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
} else if (watch) {
  for (const options of targets) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  copyCodicons();
  console.log('[esbuild] watching for changes');
} else {
  rmSync('dist', { recursive: true, force: true });
  await Promise.all(targets.map((options) => esbuild.build(options)));
  copyCodicons();
}
