// The project's test run (npm test / npm run test:unit|test:integration|test:ui, and .ci/run):
//   node scripts/test.mjs [unit] [integration] [ui] [--grep PATTERN]     (no suite named: all three)
// 1. typecheck (tsc --noEmit, and for src/webview), lint (ESLint, zero warnings) and the formatter
// check (Prettier), 2. build (dist/ and out/), 3. code-server set
// up when integration or ui runs, 4. the suites in order: unit (mocha in Node), integration
// (runTests in a real VS Code), ui (packages the .vsix, then Playwright scenarios, one at a time).
// Each suite reports {"suite","passed","failed"} to GDA_RESULTS_FILE (test/support/countingReporter.ts);
// a suite that ends without reporting, or that found no tests, counts as 1 failed, and so does a
// failed typecheck, lint, format check or build.
// The last line printed is exactly `N passed, N failed`; the exit code is 1 when anything failed.
// --grep (or env GDA_GREP) filters tests by title in every suite.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const eslint = join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
const prettier = join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
/** What the formatter checks (npm run format writes the same). */
const FORMATTED = ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.mjs', '*.mjs', 'media/**/*.css'];
const reporter = join(root, 'out', 'test', 'support', 'countingReporter.js');
const minutes = (n) => n * 60_000;

const args = process.argv.slice(2);
const grepAt = args.indexOf('--grep');
const grep = grepAt >= 0 ? args[grepAt + 1] : process.env.GDA_GREP;
const named = args.filter((arg, i) => !arg.startsWith('-') && !(grepAt >= 0 && i === grepAt + 1));
const unknown = named.filter((name) => !['unit', 'integration', 'ui'].includes(name));
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(', ')} (expected unit, integration, ui)`);
  process.exit(2);
}
const suites = named.length > 0 ? ['unit', 'integration', 'ui'].filter((s) => named.includes(s)) : ['unit', 'integration', 'ui'];

const resultsDir = mkdtempSync(join(tmpdir(), 'gda-results-'));
const resultsFile = join(resultsDir, 'results.jsonl');
/** @type {{ name: string, passed: number, failed: number, seconds: number, note?: string }[]} */
const summary = [];

function banner(text) {
  console.log(`\n=== ${text} ===`);
}

/** Kills `pid`'s process group and all its descendants (code-server runs detached, in a group of its own). */
function killTree(pid) {
  try {
    // Built by `esbuild.mjs --tests` before any suite runs.
    createRequire(import.meta.url)(join(root, 'out', 'test', 'support', 'codeServer.js')).signalTree(pid, 'SIGKILL');
  } catch {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Runs a command in its own process group with inherited output; kills the group on timeout. */
function run(command, commandArgs, { env = {}, timeoutMs = minutes(10) } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`[test] ${relative(root, commandArgs[0] ?? command)} did not finish within ${timeoutMs / 60_000} min: killing it`);
      killTree(child.pid);
    }, timeoutMs);
    child.on('error', (error) => console.error(`[test] cannot start ${command}: ${error.message}`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, signal, timedOut });
    });
  });
}

/** A step that is not a test suite (typecheck, build, setup): counts only when it fails. */
async function step(name, command, commandArgs, timeoutMs = minutes(5)) {
  banner(name);
  const started = Date.now();
  const { code } = await run(command, commandArgs, { timeoutMs });
  if (code !== 0) summary.push({ name, passed: 0, failed: 1, seconds: (Date.now() - started) / 1000, note: `exit code ${code}` });
  return code === 0;
}

function reported(name) {
  if (!existsSync(resultsFile)) return undefined;
  const lines = readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean);
  let result;
  for (const line of lines) {
    try {
      const entry = JSON.parse(line);
      if (entry.suite === name) result = { passed: (result?.passed ?? 0) + entry.passed, failed: (result?.failed ?? 0) + entry.failed };
    } catch {
      // A torn line: ignore.
    }
  }
  return result;
}

async function suite(name, command, commandArgs, timeoutMs) {
  banner(`${name} tests`);
  const started = Date.now();
  const { code, timedOut } = await run(command, commandArgs, {
    env: { GDA_RESULTS_FILE: resultsFile, GDA_SUITE: name, ...(grep ? { GDA_GREP: grep } : {}) },
    timeoutMs,
  });
  const seconds = (Date.now() - started) / 1000;
  const result = reported(name);
  if (result && result.passed + result.failed === 0 && !grep) {
    // A suite that ran no test proves nothing: its files were not found, or not loaded.
    summary.push({ name, passed: 0, failed: 1, seconds, note: 'found no tests' });
  } else if (!result) {
    summary.push({ name, passed: 0, failed: 1, seconds, note: timedOut ? 'timed out without reporting' : `ended (exit code ${code}) without reporting results` });
  } else if (code !== 0 && result.failed === 0) {
    summary.push({ name, passed: result.passed, failed: 1, seconds, note: `all tests passed but the run exited with code ${code}` });
  } else {
    summary.push({ name, ...result, seconds });
  }
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return testFiles(path);
      return name.endsWith('.test.js') ? [path] : [];
    });
}

async function mochaSuite(name, dir, timeoutPerTest, timeoutMs) {
  const files = testFiles(join(root, 'out', 'test', dir));
  if (files.length === 0) {
    banner(`${name} tests`);
    console.log(`no out/test/${dir}/**/*.test.js: nothing to run`);
    summary.push({ name, passed: 0, failed: 1, seconds: 0, note: 'found no test files' });
    return;
  }
  const mochaArgs = [mocha, '--ui', 'bdd', '--reporter', reporter, '--timeout', String(timeoutPerTest), '--exit', ...(grep ? ['--grep', grep] : []), ...files];
  await suite(name, node, mochaArgs, timeoutMs);
}

const started = Date.now();
// A type error, a lint warning or unformatted code counts as a failure, but the tests still run (esbuild does not need the types).
await step('typecheck', node, [tsc, '--noEmit']);
await step('typecheck (webview)', node, [tsc, '--noEmit', '-p', 'src/webview']);
await step('typecheck (UI tests)', node, [tsc, '--noEmit', '-p', 'test/ui']);
await step('typecheck (view tests)', node, [tsc, '--noEmit', '-p', 'test/unit/webview']);
await step('typecheck (bench page)', node, [tsc, '--noEmit', '-p', 'test/bench']);
await step('lint', node, [eslint, '.', '--max-warnings', '0']);
await step('format', node, [prettier, '--check', ...FORMATTED]);
const built = (await step('build', node, ['esbuild.mjs'])) && (await step('build (tests)', node, ['esbuild.mjs', '--tests']));

if (built) {
  const needsCodeServer = suites.includes('integration') || suites.includes('ui');
  const codeServerReady = needsCodeServer ? await step('code-server', node, ['scripts/setup-code-server.mjs'], minutes(10)) : false;
  for (const name of suites) {
    if (name === 'unit') {
      await mochaSuite('unit', 'unit', 10_000, minutes(10));
    } else if (!codeServerReady) {
      summary.push({ name, passed: 0, failed: 1, seconds: 0, note: 'not run: code-server is not set up' });
    } else if (name === 'integration') {
      await suite('integration', node, [join(root, 'out', 'test', 'integration', 'runTests.js')], minutes(12));
    } else if (name === 'ui') {
      // Screenshots and logs of an earlier run would mislead: start from none.
      for (const dir of ['screenshots', 'ui']) rmSync(join(root, 'test-results', dir), { recursive: true, force: true });
      if (await step('package', node, ['scripts/package.mjs'])) await mochaSuite('ui', 'ui', 120_000, minutes(20));
    }
  }
} else {
  for (const name of suites) summary.push({ name, passed: 0, failed: 1, seconds: 0, note: 'not run: the build failed' });
}

rmSync(resultsDir, { recursive: true, force: true });
banner(`summary (${((Date.now() - started) / 1000).toFixed(0)} s)`);
let passed = 0;
let failed = 0;
for (const entry of summary) {
  passed += entry.passed;
  failed += entry.failed;
  console.log(
    `  ${entry.name.padEnd(20)} ${String(entry.passed).padStart(4)} passed ${String(entry.failed).padStart(4)} failed  ${entry.seconds.toFixed(0).padStart(4)} s${entry.note ? `  (${entry.note})` : ''}`,
  );
}
if (grep && passed + failed === 0) {
  console.log(`  no test matches --grep ${grep}`);
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
