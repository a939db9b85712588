// Shared by the extension-host suites: the extension's API, a local Gemini server wired in through
// the apiBaseUrl setting, asking with a selection, waiting on conditions, and reading files.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GeminiAssistantTestApi } from '../../../src/extension';
import { startFakeGemini, type FakeGemini, type RecordedRequest } from '../../gemini-server/server';
import { lazy } from '../../support/lazy';
import { EXTENSION_ID, SETTINGS_SECTION } from '../../../src/host/ids';

export const settings = () => vscode.workspace.getConfiguration(SETTINGS_SECTION);

export async function activateApi(): Promise<GeminiAssistantTestApi> {
  return await vscode.extensions.getExtension<GeminiAssistantTestApi>(EXTENSION_ID)!.activate();
}

/**
 * Mocha hooks for a suite that talks to a local Gemini server: started and set as
 * geminiAssistant.apiBaseUrl before the suite, a new chat and a clean record before each test,
 * all undone after. Call it first in the describe block; the server it returns is usable from
 * the suite's own before hooks on.
 */
export function useLocalGemini(): FakeGemini {
  const server = lazy<FakeGemini>('the local Gemini server');
  before(async () => {
    server.set(await startFakeGemini());
    await settings().update('apiBaseUrl', server.proxy.url, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await settings().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await server.current?.close();
  });
  beforeEach(async () => {
    await vscode.commands.executeCommand('geminiAssistant.newChat');
    server.proxy.reset();
  });
  return server.proxy;
}

/** Opens app.js of the fixture workspace, selects lines 4-5 and runs Ask Gemini with `question`. */
export async function askAboutSelection(question: string): Promise<void> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const editor = await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'app.js'));
  editor.selection = new vscode.Selection(3, 0, 5, 0);
  await vscode.commands.executeCommand('geminiAssistant.ask', { question });
}

/** Resolves once `condition()` is truthy (polled every 20 ms); fails with `what` after `timeoutMs`. */
type Falsy = undefined | null | false | 0 | '';
export async function until<T>(condition: () => T | Falsy | Promise<T | Falsy>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Stopped {
  session: vscode.DebugSession;
  threadId: number;
}

/**
 * Launches `program` (in the fixture workspace) under js-debug and resolves at its uncaught
 * exception: js-debug pauses on exceptions only when told to, so it starts paused on entry, turns
 * on "uncaught exceptions" and continues (see /work/shared/design/debugging-notes.md). The stop
 * comes from js-debug's child session. The tracker is pushed to `disposables`.
 */
export async function stopAtUncaughtException(program: string, disposables: vscode.Disposable[]): Promise<Stopped> {
  let resolveStop!: (s: Stopped) => void;
  const stop = new Promise<Stopped>((resolve) => (resolveStop = resolve));
  disposables.push(
    vscode.debug.registerDebugAdapterTrackerFactory('pwa-node', {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (m: { type: string; event?: string; body?: { reason?: string; threadId?: number } }) => {
          if (m.type !== 'event' || m.event !== 'stopped') return;
          const threadId = m.body?.threadId ?? 0; // js-debug's thread is 0
          if (m.body?.reason === 'entry') {
            void (async () => {
              await session.customRequest('setExceptionBreakpoints', { filters: ['uncaught'] });
              await session.customRequest('continue', { threadId });
            })();
          } else if (m.body?.reason === 'exception') {
            resolveStop({ session, threadId });
          }
        },
      }),
    }),
  );
  const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
    type: 'node',
    name: program,
    request: 'launch',
    program: `\${workspaceFolder}/${program}`,
    stopOnEntry: true,
    console: 'internalConsole',
  });
  if (!started) throw new Error(`could not start debugging ${program}`);
  return stop;
}

/** The last user turn of a request: the question as sent. */
export const lastQuestion = (request: RecordedRequest): string => (request.body.contents.at(-1)?.parts ?? []).map((p) => p.text ?? '').join('\n');

/** Every file under `dir` (recursively), with its text; binary or huge files are skipped. */
export function filesUnder(dir: string): { path: string; text: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return [];
    }
    if (stat.isDirectory()) return filesUnder(path);
    if (!stat.isFile() || stat.size > 20 * 1024 * 1024) return [];
    return [{ path, text: readFileSync(path).toString('latin1') }];
  });
}
