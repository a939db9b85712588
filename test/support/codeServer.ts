// Starts a real VS Code (code-server) on 127.0.0.1 for integration and UI tests.
// See /work/shared/design/real-vscode-testing.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { codeServerEntry, makeTempDir } from './paths';

export interface CodeServerOptions {
  /** Folder to open; omitted: an empty window. */
  folder?: string;
  /** Extensions folder (e.g. one `installExtension` filled); omitted: an empty temp folder. */
  extensionsDir?: string;
  /** Merged over the defaults written to User/settings.json. */
  userSettings?: Record<string, unknown>;
  /**
   * Added to this process's environment for code-server and its extension host. GEMINI_API_KEY and
   * GOOGLE_API_KEY are not inherited (a developer's real key must not change what a test sees):
   * pass them here when a test wants one.
   */
  env?: Record<string, string>;
  /** Extra command-line arguments for code-server. */
  args?: string[];
  /** Also append code-server's output to this file. */
  logFile?: string;
  /** How long to wait for the server to answer HTTP (default 60 s). */
  startTimeoutMs?: number;
}

export interface CodeServerDirs {
  /** Temp folder holding everything below; removed by stop(). */
  root: string;
  home: string;
  userDataDir: string;
  extensionsDir: string;
  /** User/settings.json inside userDataDir. */
  settingsFile: string;
}

export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  dirs: CodeServerDirs;
  /** Everything code-server printed so far (stdout and stderr, last 1 MB). */
  output(): string;
  /** Kills code-server's whole process group (and stray descendants) and removes the temp dirs. */
  stop(): Promise<void>;
}

export const defaultUserSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'window.dialogStyle': 'custom',
};

/** A port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Not passed on from this process's environment (see CodeServerOptions.env). */
const notInherited = new Set(['PASSWORD', 'HASHED_PASSWORD', 'GEMINI_API_KEY', 'GOOGLE_API_KEY']);

/** Environment for code-server: ours, minus VS Code's own variables and API keys, with HOME and XDG_* in `home`. */
function serverEnv(home: string, extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Variables of an enclosing VS Code / test-electron run would confuse the server.
    if (/^(VSCODE_|ELECTRON_)/.test(key) || notInherited.has(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_RUNTIME_DIR: join(home, '.run'),
    ...extra,
  };
}

function makeHome(root: string): string {
  const home = join(root, 'home');
  for (const dir of ['.config', join('.local', 'share'), '.cache', '.run']) mkdirSync(join(home, dir), { recursive: true, mode: 0o700 });
  return home;
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = get(url, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

/** Pids of all descendants of `pid` (from /proc), deepest last. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name (field 2) may hold spaces and parentheses: parse after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // The process ended meanwhile.
    }
  }
  const result: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      result.push(child);
      queue.push(child);
    }
  }
  return result;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/**
 * Sends `sig` to the process group led by `pid` and to every descendant of `pid`, including those
 * that left the group (terminals get a session of their own). `known` adds pids found earlier.
 */
export function signalTree(pid: number, sig: NodeJS.Signals, known: number[] = []): void {
  const pids = new Set([...known, ...descendants(pid)]);
  signal(-pid, sig);
  signal(pid, sig);
  for (const other of pids) signal(other, sig);
}

/** Ends a process started with `detached: true` and everything under it: SIGTERM, then SIGKILL. */
export async function killProcessTree(child: ChildProcess, graceMs = 3000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const tree = descendants(pid);
  signalTree(pid, 'SIGTERM', tree);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
  signalTree(pid, 'SIGKILL', tree);
  await exited;
}

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  const entry = codeServerEntry();
  const temp = makeTempDir('gda-code-server-');
  const root = temp.path;
  const home = makeHome(root);
  const userDataDir = join(root, 'user-data');
  const extensionsDir = opts.extensionsDir ?? join(root, 'extensions');
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(settingsFile, JSON.stringify({ ...defaultUserSettings, ...opts.userSettings }, null, 2));
  const dirs: CodeServerDirs = { root, home, userDataDir, extensionsDir, settingsFile };

  const env = serverEnv(home, opts.env);
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-1024 * 1024);
    if (opts.logFile) appendFileSync(opts.logFile, chunk);
  };

  // The port is free when picked, but another test run may take it before code-server binds it:
  // then code-server exits with EADDRINUSE and a new port is tried.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        entry,
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--auth',
        'none',
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        extensionsDir,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        ...(opts.args ?? []),
        ...(opts.folder ? [opts.folder] : []),
      ],
      { cwd: home, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let exitReason: string | undefined;
    child.on('exit', (code, sig) => (exitReason = `code-server exited (${sig ?? code})`));
    child.on('error', (error) => (exitReason = `code-server failed to start: ${error.message}`));

    // code-server is detached: if this process ends without stop() (a crash, mocha --exit), take it along.
    const killOnExit = (): void => {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) signalTree(child.pid, 'SIGKILL');
    };
    process.prependOnceListener('exit', killOnExit); // before the temp dir's removal
    let stopped = false;
    const stop = async (): Promise<void> => {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', killOnExit);
      await killProcessTree(child);
      temp.remove();
    };

    const url = `http://127.0.0.1:${port}/`;
    const deadline = Date.now() + startTimeoutMs;
    try {
      for (;;) {
        if (exitReason) throw new Error(exitReason);
        if ((await httpStatus(`${url}healthz`)) === 200) break;
        if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} within ${startTimeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } catch (error) {
      if (exitReason && output.includes('EADDRINUSE') && attempt < 3) {
        process.removeListener('exit', killOnExit);
        await killProcessTree(child);
        output = '';
        continue;
      }
      await stop();
      throw new Error(`${(error as Error).message}\n--- code-server output ---\n${output}`, { cause: error });
    }
    return { url, port, pid: child.pid!, dirs, output: () => output, stop };
  }
}

/** Installs a .vsix into `extensionsDir` with code-server's CLI (no server, no network). */
export function installExtension(vsixPath: string, extensionsDir: string): void {
  const temp = makeTempDir('gda-install-');
  const root = temp.path;
  try {
    const home = makeHome(root);
    mkdirSync(extensionsDir, { recursive: true });
    const result = spawnSync(
      process.execPath,
      [codeServerEntry(), '--user-data-dir', join(root, 'user-data'), '--extensions-dir', extensionsDir, '--install-extension', vsixPath, '--force'],
      { cwd: home, env: serverEnv(home, undefined), encoding: 'utf8', timeout: 120_000 },
    );
    if (result.status !== 0) {
      throw new Error(`installing ${vsixPath} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
    }
  } finally {
    temp.remove();
  }
}
