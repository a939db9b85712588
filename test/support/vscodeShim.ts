// Stands in for the VS Code executable that @vscode/test-electron's runTests() launches
// (through test/support/vscode-shim.sh): runs the extension tests in code-server + headless
// chromium instead of Electron, offline.
//
// It takes the CLI arguments runTests passes (--extensionDevelopmentPath=, --extensionTestsPath=,
// a folder or .code-workspace; other flags are ignored), starts code-server on that folder with
// this process's environment (so the extension host sees GDA_RESULTS_FILE, GEMINI_API_KEY, ...),
// opens the workbench with the development and tests paths in the `payload` query parameter,
// and exits with the code the workbench reports through window.codeAutomationExit(code).
// code-server's output and the browser's errors go to test-results/integration/ and are printed
// only on failure. GDA_SHIM_TIMEOUT_SECONDS bounds the whole run (default 600).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { ConsoleMessage } from 'playwright-core';
import { launchChromium, type Chromium } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { makeTempDir, resultsDir, type TempDir } from './paths';

export interface ShimArgs {
  extensionDevelopmentPaths: string[];
  extensionTestsPath?: string;
  /** Folder or .code-workspace file to open. */
  workspace?: string;
}

/** Flags of the VS Code CLI that take a value (when written as `--flag value`). */
const flagsWithValue = new Set([
  '--extensionDevelopmentPath',
  '--extensionTestsPath',
  '--user-data-dir',
  '--extensions-dir',
  '--locale',
  '--log',
  '--profile',
  '--inspect-extensions',
  '--inspect-brk-extensions',
  '--extensionDevelopmentKind',
  '--enable-proposed-api',
  '--crash-reporter-directory',
  '--sync',
  '--remote',
  '--folder-uri',
  '--file-uri',
]);

export function parseArgs(argv: string[]): ShimArgs {
  const result: ShimArgs = { extensionDevelopmentPaths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(0, eq) : arg;
      let value: string | undefined;
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (flagsWithValue.has(name)) value = argv[++i];
      if (value === undefined) continue;
      if (name === '--extensionDevelopmentPath') result.extensionDevelopmentPaths.push(resolve(value));
      else if (name === '--extensionTestsPath') result.extensionTestsPath = resolve(value);
      // Everything else (--disable-extensions, --user-data-dir, ...) does not apply to code-server.
    } else if (!arg.startsWith('-') && result.workspace === undefined) {
      result.workspace = resolve(arg);
    }
  }
  return result;
}

/** The workbench URL code-server understands: folder/workspace and the extension-development payload. */
export function workbenchUrl(server: { url: string; port: number }, args: ShimArgs): string {
  const remote = (path: string): string => `vscode-remote://127.0.0.1:${server.port}${encodeURI(path)}`;
  const payload: [string, string][] = args.extensionDevelopmentPaths.map((path) => ['extensionDevelopmentPath', remote(path)]);
  if (args.extensionTestsPath) payload.push(['extensionTestsPath', remote(args.extensionTestsPath)]);
  const query = new URLSearchParams();
  if (args.workspace) query.set(args.workspace.endsWith('.code-workspace') ? 'workspace' : 'folder', args.workspace);
  else query.set('ew', 'true');
  query.set('payload', JSON.stringify(payload));
  return `${server.url}?${query.toString()}`;
}

/** Console text without the `%c` style markers and their CSS arguments. */
async function consoleText(message: ConsoleMessage): Promise<string> {
  const text = message.text();
  if (!text.includes('%c')) return text;
  const args = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => '')));
  const [format, ...rest] = args.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
  const styles = (format ?? '').split('%c').length - 1;
  return [(format ?? '').replace(/%c/g, ''), ...rest.slice(styles)].join(' ').trim();
}

/** Marks the extension host's report lines among the workbench logs (see countingReporter.ts). */
const consoleMarker = '[gda-report]';

interface ExtensionHostState {
  pid?: string;
  /** Set once code-server logged the exit of that extension host. */
  exit?: { code: string; signal: string };
}

/** The last extension host code-server launched, from its log. */
function lastExtensionHost(serverOutput: string): ExtensionHostState {
  const pid = [...serverOutput.matchAll(/<(\d+)> Launched Extension Host Process/g)].at(-1)?.[1];
  if (!pid) return {};
  const exit = new RegExp(`<${pid}> Extension Host Process exited with code: (\\w+), signal: (\\w+)`).exec(serverOutput);
  return { pid, exit: exit ? { code: exit[1]!, signal: exit[2]! } : undefined };
}

/**
 * The workbench stops the extension host before it reports, and it reports 0 even when the
 * extension host died in the middle of the tests (killed, process.exit). So a 0 is trusted only
 * once code-server has logged a clean exit (code 0, no signal), or the host is still running
 * after `waitMs`. Returns the problem, if any.
 */
async function extensionHostProblem(server: CodeServer, waitMs: number): Promise<string | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { pid, exit } = lastExtensionHost(server.output());
    if (!pid) return 'no extension host was launched';
    if (exit) {
      return exit.code === '0' && exit.signal === 'null'
        ? undefined
        : `the extension host died before the tests finished (exit code ${exit.code}, signal ${exit.signal}); the workbench still reported 0`;
    }
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Extension folders to install beside the one under development (GDA_TEST_EXTENSIONS, separated
 * like PATH): code-server's web workbench loads only one extensionDevelopmentPath, so test-only
 * extensions are copied into a fresh extensions folder, which code-server scans on first start.
 */
function installedExtensions(folders: string | undefined): TempDir | undefined {
  const list = (folders ?? '').split(delimiter).filter(Boolean);
  if (list.length === 0) return undefined;
  const dir = makeTempDir('gda-test-extensions-');
  for (const folder of list) {
    const { publisher, name, version } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
    cpSync(folder, join(dir.path, `${publisher}.${name}-${version}`), { recursive: true });
  }
  return dir;
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (!args.extensionTestsPath) {
    console.error('[vscode-shim] --extensionTestsPath is required');
    return 2;
  }
  const timeoutSeconds = Number(process.env.GDA_SHIM_TIMEOUT_SECONDS || 600);
  const logDir = join(resultsDir, process.env.GDA_SUITE || 'integration');
  mkdirSync(logDir, { recursive: true });
  const serverLog = join(logDir, 'code-server.log');
  const browserLog = join(logDir, 'browser-console.log');
  rmSync(serverLog, { force: true });
  const browserLines: string[] = [];

  let server: CodeServer | undefined;
  let extensions: TempDir | undefined;
  let browser: Chromium | undefined;
  let exitCode: number;
  let failure: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  let grace: NodeJS.Timeout | undefined;
  const started = Date.now();
  try {
    if (args.workspace && !isAbsolute(args.workspace)) throw new Error(`not an absolute path: ${args.workspace}`);
    // The test runner's environment reaches the extension host whole, API keys included.
    const apiKeys = Object.fromEntries(['GEMINI_API_KEY', 'GOOGLE_API_KEY'].flatMap((key) => (process.env[key] !== undefined ? [[key, process.env[key]]] : [])));
    extensions = installedExtensions(process.env.GDA_TEST_EXTENSIONS);
    server = await startCodeServer({
      folder: args.workspace,
      logFile: serverLog,
      env: { ...apiKeys, GDA_CONSOLE_MARKER: consoleMarker },
      ...(extensions ? { extensionsDir: extensions.path } : {}),
    });
    browser = await launchChromium();
    const page = browser.page;

    let report: (code: number) => void = () => undefined;
    const reported = new Promise<number>((resolveCode) => (report = resolveCode));
    await page.exposeFunction('codeAutomationExit', (code: number, logs?: { relativePath: string; contents: string }[]) => {
      for (const log of logs ?? []) {
        const target = join(logDir, 'workbench-logs', log.relativePath.replace(/\.\.+/g, '.'));
        mkdirSync(join(target, '..'), { recursive: true });
        writeFileSync(target, log.contents);
      }
      report(Number(code));
    });
    // The extension host's console (mocha's report) is forwarded to the page's console as workbench logs.
    page.on('console', async (message) => {
      const text = await consoleText(message);
      const at = text.indexOf(consoleMarker);
      if (at >= 0) process.stdout.write(text.slice(at + consoleMarker.length) + '\n');
      else browserLines.push(`[${message.type()}] ${text}`);
    });
    page.on('pageerror', (error) => browserLines.push(`[pageerror] ${error.stack ?? error.message}`));

    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`timed out after ${timeoutSeconds} s waiting for the extension tests to report (window.codeAutomationExit); set GDA_SHIM_TIMEOUT_SECONDS to change`)),
        timeoutSeconds * 1000,
      );
    });
    // A crashed extension host may never report: watch code-server's log for the (last launched)
    // extension host exiting, and give the report 10 s to arrive anyway.
    const crashed = new Promise<never>((_, reject) => {
      poll = setInterval(() => {
        const { exit } = lastExtensionHost(server!.output());
        if (exit && !grace) {
          grace = setTimeout(() => reject(new Error(`the extension host exited (code ${exit.code}, signal ${exit.signal}) and the tests did not report`)), 10_000);
        } else if (!exit && grace) {
          // A restart launched a new extension host.
          clearTimeout(grace);
          grace = undefined;
        }
      }, 500);
    });
    // Settled after the race too (e.g. the extension host exiting during shutdown): keep that quiet.
    timedOut.catch(() => undefined);
    crashed.catch(() => undefined);
    await page.goto(workbenchUrl(server, args), { waitUntil: 'domcontentloaded' });
    exitCode = await Promise.race([reported, timedOut, crashed]);
    if (exitCode !== 0) {
      failure = `the extension tests reported exit code ${exitCode}`;
    } else {
      failure = await extensionHostProblem(server, 5_000);
      if (failure) exitCode = 1;
    }
  } catch (error) {
    failure = (error as Error).message;
    exitCode = 1;
  } finally {
    clearTimeout(timer);
    clearInterval(poll);
    clearTimeout(grace);
    await browser?.close();
    await server?.stop();
    extensions?.remove();
  }
  writeFileSync(browserLog, browserLines.join('\n') + '\n');
  if (failure) {
    const errors = browserLines.filter((line) => /^\[(error|pageerror)\]/.test(line) && !/ENOTFOUND|ERR_NAME_NOT_RESOLVED|status of 404/.test(line));
    console.error(`[vscode-shim] FAILED: ${failure}`);
    if (errors.length > 0)
      console.error(
        `[vscode-shim] browser errors (first lines):\n${errors
          .slice(-20)
          .map((e) => e.split('\n').slice(0, 6).join('\n'))
          .join('\n')}`,
      );
    console.error(`[vscode-shim] code-server output (last 40 lines):\n${(server?.output() ?? '').split('\n').slice(-40).join('\n')}`);
    console.error(`[vscode-shim] full logs: ${logDir}`);
  } else {
    console.log(`[vscode-shim] tests finished in code-server in ${((Date.now() - started) / 1000).toFixed(1)} s (logs: ${logDir})`);
  }
  return exitCode;
}

if (/vscodeShim\.js$/.test(process.argv[1] ?? '')) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('[vscode-shim]', error);
      process.exit(1);
    },
  );
}
