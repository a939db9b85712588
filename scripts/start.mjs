// npm start: builds the extension, installs it into the cached code-server (a real VS Code
// 1.100.3), and opens the sample project on http://127.0.0.1:8080 (PORT overrides).
// With GEMINI_API_KEY or GOOGLE_API_KEY set it talks to Gemini; without, it starts the local
// Gemini-compatible demo server and points geminiAssistant.apiBaseUrl at it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const state = join(root, '.vscode-test', 'start');
const port = Number(process.env.PORT || 8080);
const children = [];

function say(message) {
  console.log(`[start] ${message}`);
}

function step(title, script, args = []) {
  say(title);
  const result = spawnSync(process.execPath, [join(root, script), ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[start] "${title}" failed; see the messages above.`);
    process.exit(1);
  }
}

function portIsFree(p) {
  return new Promise((resolve) => {
    const probe = createServer().once('error', () => resolve(false));
    probe.listen(p, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function stopAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  }
}

/** Starts the demo server and resolves with its URL once it says it is listening. */
function startDemoServer() {
  const child = spawn(process.execPath, [join(root, 'out', 'test', 'gemini-server', 'cli.js')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  children.push(child);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
      if (url) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`the demo server exited (code ${code})`)));
  });
}

function writeUserSettings(userDataDir, apiBaseUrl) {
  const file = join(userDataDir, 'User', 'settings.json');
  mkdirSync(dirname(file), { recursive: true });
  let current;
  try {
    current = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    current = {};
  }
  const settings = {
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'git.openRepositoryInParentFolders': 'never',
    ...current,
    'geminiAssistant.apiBaseUrl': apiBaseUrl,
  };
  writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
}

async function main() {
  if (!(await portIsFree(port))) {
    console.error(`[start] Port ${port} on 127.0.0.1 is in use. Stop what uses it, or run: PORT=8081 npm start`);
    process.exit(1);
  }
  step('Setting up code-server (first run only, about a minute)', 'scripts/setup-code-server.mjs');
  step('Packaging the extension', 'scripts/package.mjs');
  const vsix = readdirSync(root).find((f) => f.endsWith('.vsix'));
  if (!vsix) throw new Error('npm run package wrote no .vsix');

  const { entry } = JSON.parse(readFileSync(join(root, '.vscode-test', 'code-server', '.gda-installed.json'), 'utf8'));
  const codeServer = join(root, '.vscode-test', 'code-server', entry);
  const extensionsDir = join(state, 'extensions');
  const userDataDir = join(state, 'user-data');
  mkdirSync(extensionsDir, { recursive: true });
  say(`Installing ${vsix}`);
  const install = spawnSync(process.execPath, [codeServer, '--install-extension', join(root, vsix), '--force', '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (install.status !== 0) throw new Error('code-server could not install the extension');

  const hasKey = Boolean(process.env.GEMINI_API_KEY?.trim() || process.env.GOOGLE_API_KEY?.trim());
  let apiBaseUrl = '';
  if (!hasKey) {
    step('Building the local demo server', 'esbuild.mjs', ['--tests']);
    apiBaseUrl = await startDemoServer();
  }
  writeUserSettings(userDataDir, apiBaseUrl);

  const env = { ...process.env, XDG_CONFIG_HOME: join(state, 'config'), XDG_DATA_HOME: join(state, 'data') };
  const server = spawn(
    process.execPath,
    [
      codeServer,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-workspace-trust',
      join(root, 'sample'),
    ],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  children.push(server);
  const logFile = join(state, 'code-server.log');
  server.stdout.on('data', (d) => writeFileSync(logFile, d, { flag: 'a' }));
  server.stderr.on('data', (d) => writeFileSync(logFile, d, { flag: 'a' }));
  server.once('exit', (code) => {
    console.error(`[start] code-server exited (code ${code}); its log: ${logFile}`);
    stopAll();
    process.exit(code ?? 1);
  });

  console.log('');
  say(`Open http://127.0.0.1:${port} in a browser: VS Code with Gemini Debug Assistant and the sample project.`);
  say(
    hasKey
      ? 'Talking to Gemini with the key from the environment.'
      : `No GEMINI_API_KEY or GOOGLE_API_KEY: answers come from the local DEMO model at ${apiBaseUrl}, not Gemini. Set a key and run again for real answers.`,
  );
  say('Press Ctrl+C to stop.');
}

process.on('SIGINT', () => {
  stopAll();
  process.exit(0);
});
process.on('SIGTERM', () => {
  stopAll();
  process.exit(0);
});

main().catch((error) => {
  console.error(`[start] ${error.message}`);
  stopAll();
  process.exit(1);
});
