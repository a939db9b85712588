// Installs code-server (a real VS Code 1.100.3 that runs on Node 20) into .vscode-test/code-server/
// for the integration and UI tests, following /work/shared/design/real-vscode-testing.md.
//
//   node scripts/setup-code-server.mjs
//
// Idempotent: a finished install leaves a marker (.gda-installed.json) holding the version and the
// path of code-server's entry script; a run that finds a matching marker does nothing. A folder
// without the marker (an interrupted install) is removed and installed again.
// test/support/paths.ts reads the marker (entry is relative to the install folder), so the version
// lives only here.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const CODE_SERVER_VERSION = '4.100.3';
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const installDir = process.env.GDA_CODE_SERVER_DIR || join(repoRoot, '.vscode-test', 'code-server');
const markerFile = join(installDir, '.gda-installed.json');
const packageDir = join(installDir, 'node_modules', 'code-server');
const entry = join(packageDir, 'out', 'node', 'entry.js');
const vscodeDir = join(packageDir, 'lib', 'vscode');

function log(message) {
  console.log(`[setup-code-server] ${message}`);
}

function fail(message) {
  console.error(`[setup-code-server] ERROR: ${message}`);
  process.exit(1);
}

function run(step, command, args, cwd) {
  log(`${step} (in ${relative(repoRoot, cwd) || '.'})`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' },
    timeout: 10 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    fail(`"${command} ${args.join(' ')}" failed (${result.error?.message ?? `exit ${result.status}`}) during: ${step}`);
  }
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function which(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // Not in this folder.
    }
  }
  return '';
}

function checkSystemPackages() {
  const missing = [];
  if (!which('rg')) missing.push('ripgrep');
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !which('krb5-config')) missing.push('libkrb5-dev');
  if (missing.length > 0) {
    fail(`missing system packages: ${missing.join(', ')}. Run .ci/run, or: apt-get update && apt-get install -y ${missing.join(' ')}`);
  }
  for (const tool of ['make', 'g++', 'python3']) {
    if (!which(tool)) fail(`"${tool}" is needed to build code-server's native modules (apt-get install -y build-essential python3)`);
  }
}

function readMarker() {
  try {
    return JSON.parse(readFileSync(markerFile, 'utf8'));
  } catch {
    return undefined;
  }
}

function isInstalled() {
  const marker = readMarker();
  return marker?.version === CODE_SERVER_VERSION && existsSync(entry) && existsSync(join(vscodeDir, 'node_modules.asar'));
}

function install() {
  checkSystemPackages();
  if (existsSync(installDir)) {
    log(`removing an incomplete or outdated install at ${installDir}`);
    rmSync(installDir, { recursive: true, force: true });
  }
  mkdirSync(installDir, { recursive: true });
  // A package.json of its own so npm installs here and not into the repository.
  writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'gda-code-server-cache', private: true }, null, 2));
  const started = Date.now();

  run(
    `1/6 npm install code-server@${CODE_SERVER_VERSION}`,
    'npm',
    ['install', '--ignore-scripts', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`],
    installDir,
  );
  run('2/6 npm rebuild argon2', 'npm', ['rebuild', 'argon2'], installDir);
  run('3/6 npm install (VS Code runtime modules)', 'npm', ['install', '--omit=dev', '--ignore-scripts'], vscodeDir);

  log('4/6 copying the system ripgrep into @vscode/ripgrep');
  const rgTarget = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  mkdirSync(dirname(rgTarget), { recursive: true });
  copyFileSync(which('rg'), rgTarget);
  chmodSync(rgTarget, 0o755);

  // npm_config_yes=true (set in run()) lets node-pty's `npx node-gyp` proceed.
  run('5/6 npm rebuild (native modules: node-pty, kerberos, ...)', 'npm', ['rebuild'], vscodeDir);
  symlinkSync('node_modules', join(vscodeDir, 'node_modules.asar'));
  run('6/6 npm install (built-in extensions, including the JavaScript debugger)', 'npm', ['install', '--omit=dev', '--ignore-scripts'], join(vscodeDir, 'extensions'));

  if (!existsSync(entry)) fail(`code-server entry script not found at ${entry}`);
  writeFileSync(markerFile, JSON.stringify({ version: CODE_SERVER_VERSION, entry: relative(installDir, entry), installedAt: new Date().toISOString() }, null, 2) + '\n');
  log(`code-server ${CODE_SERVER_VERSION} ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${entry}`);
}

if (isInstalled()) {
  log(`code-server ${CODE_SERVER_VERSION} already installed at ${installDir}`);
} else {
  install();
}
