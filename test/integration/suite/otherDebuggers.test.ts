// The debugging assistant beyond JavaScript, with real debuggers from Debian's packages: Python's
// debugpy and LLDB's DAP server for C++ (declared as 'gda-python' and 'gda-lldb' by the test-only
// extension in test/fixtures/test-adapter, standing in for the Python and C/C++ extensions).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GeminiAssistantTestApi } from '../../../src/extension';
import { EXTENSION_ID } from '../../../src/host/ids';
import type { RecordedRequest } from '../../gemini-server/server';
import { until, useLocalGemini } from './helpers';

interface Stop {
  reason: string;
  description?: string;
}

/** Stops of every session of `type`, as the debugger reports them. */
function watchStops(type: string): { stops: Stop[]; dispose(): void } {
  const stops: Stop[] = [];
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory(type, {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (m: { type: string; event?: string; body?: { reason?: string; description?: string } }) => {
        if (m.type === 'event' && m.event === 'stopped') stops.push({ reason: m.body?.reason ?? '', ...(m.body?.description ? { description: m.body.description } : {}) });
      },
    }),
  });
  return {
    stops,
    dispose: () => {
      tracker.dispose();
    },
  };
}

const sentText = (request: RecordedRequest) => request.body.contents.at(-1)!.parts[0]!.text!;
const responseOf = (request: RecordedRequest, name: string) =>
  request.body.contents.at(-1)!.parts.find((p) => p.functionResponse?.name === name)?.functionResponse?.response as { status: string; result: Record<string, unknown> };

async function stopAll(): Promise<void> {
  await vscode.debug.stopDebugging();
  await until(() => vscode.debug.activeDebugSession === undefined, 'the debug session to end', 30_000);
}

describe('debugging Python with debugpy', function () {
  this.timeout(120_000);
  const server = useLocalGemini();
  let api: GeminiAssistantTestApi;
  let watch: { stops: Stop[]; dispose(): void };
  const folder = () => vscode.workspace.workspaceFolders![0]!;

  before(async () => {
    api = (await vscode.extensions.getExtension<GeminiAssistantTestApi>(EXTENSION_ID)!.activate())!;
    watch = watchStops('gda-python');
    assert.ok(
      await vscode.debug.startDebugging(folder(), {
        type: 'gda-python',
        name: 'parse.py',
        request: 'launch',
        program: join(folder().uri.fsPath, 'parse.py'),
        console: 'internalConsole',
        justMyCode: true,
      }),
    );
    // An uncaught exception stops by default.
    await until(() => watch.stops.some((s) => s.reason === 'exception'), 'the ValueError to stop the program', 60_000);
  });

  after(async () => {
    await stopAll();
    watch.dispose();
  });

  it('asks about an uncaught ValueError: the message, the frame and its source, and the locals, redacted', async () => {
    server.script({ text: 'retries is negative.' });
    await vscode.commands.executeCommand('geminiAssistant.askAboutException');
    const turn = sentText((await server.waitForRequests(1))[0]!);
    assert.match(turn, /^\*\*Exception\*\* · ValueError: retries must not be negative, got -3/);
    assert.match(turn, /stopped on this exception in `parse_config` at `parse\.py`, line 9\./);
    assert.match(turn, />\s+9 \| +raise ValueError/);
    assert.match(turn, /api_key: str = <redacted>/);
    assert.match(turn, /retries: int = -3/);
    assert.ok(!turn.includes('sk-test-python-secret'), 'the secret is not sent');
  });

  it('lets Gemini read the variables and evaluate an expression', async () => {
    server.script(
      {
        text: [],
        functionCalls: [
          { name: 'debugger_variables', args: {} },
          { name: 'debugger_evaluate', args: { expression: 'retries * 2' } },
        ],
      },
      { text: 'Done.' },
    );
    await api.send('What is retries?');
    const [, second] = await server.waitForRequests(2);
    const variables = responseOf(second!, 'debugger_variables').result.variables as { name: string; value: string }[];
    assert.equal(variables.find((v) => v.name === 'retries')?.value, '-3');
    assert.equal(variables.find((v) => v.name === 'api_key')?.value, '<redacted>');
    assert.equal(responseOf(second!, 'debugger_evaluate').result.value, '-6');
  });
});

describe('debugging C++ with LLDB (lldb-vscode-16)', function () {
  this.timeout(120_000);
  const server = useLocalGemini();
  let api: GeminiAssistantTestApi;
  let watch: { stops: Stop[]; dispose(): void };
  let program: string;
  const folder = () => vscode.workspace.workspaceFolders![0]!;

  before(async () => {
    api = (await vscode.extensions.getExtension<GeminiAssistantTestApi>(EXTENSION_ID)!.activate())!;
    program = join(mkdtempSync(join(tmpdir(), 'gda-native-')), 'crash');
    execFileSync('g++', ['-g', '-O0', '-o', program, join(folder().uri.fsPath, 'native', 'crash.cpp')]);
    watch = watchStops('gda-lldb');
    assert.ok(await vscode.debug.startDebugging(folder(), { type: 'gda-lldb', name: 'crash', request: 'launch', program, stopOnEntry: true }));
    await until(() => watch.stops.length > 0, 'the entry stop', 60_000);
  });

  after(async () => {
    await stopAll();
    watch.dispose();
  });

  it('does not take the entry stop (SIGSTOP, reported as an exception) for an exception', async () => {
    assert.deepEqual(watch.stops[0], { reason: 'exception', description: 'signal SIGSTOP' }, 'LLDB reports the entry stop as an exception');
    await vscode.commands.executeCommand('geminiAssistant.askAboutException');
    assert.equal(server.requests.length, 0, 'nothing is asked about an entry stop');
  });

  it('asks about an uncaught C++ exception from the first frame in the workspace, with the message the program printed', async () => {
    const session = vscode.debug.activeDebugSession!;
    const threads = (await session.customRequest('threads')) as { threads: { id: number }[] };
    await session.customRequest('continue', { threadId: threads.threads[0]!.id });
    await until(() => watch.stops.length > 1, 'the uncaught exception to stop the program', 60_000);
    assert.match(watch.stops[1]!.description ?? '', /signal SIGABRT/);

    server.script({ text: 'The table has no retries.' });
    await until(
      async () => {
        await vscode.commands.executeCommand('geminiAssistant.askAboutException');
        return server.requests.length > 0;
      },
      'the exception turn to be sent',
      30_000,
    );
    const turn = sentText((await server.waitForRequests(1))[0]!);
    assert.match(turn, /^\*\*Exception\*\* · std::runtime_error: no retries configured for retries/);
    assert.match(turn, /stopped on this exception in `[^`]*lookup[^`]*` at `native\/crash\.cpp`, line 13 \(the \d+ frames above it, outside the workspace, are left out\)\./);
    assert.match(turn, /secretToken: const char \* = <redacted>/);
    for (const type of turn.matchAll(/^ +\w+: (.+?) = /gm)) assert.ok(type[1]!.length <= 120, `a type of ${type[1]!.length} characters`);
    assert.ok(!turn.includes('sk-test-native-secret'), 'the secret is not sent');
    for (const name of turn.matchAll(/^\d+\. `([^`]+)`/gm)) assert.ok(name[1]!.length <= 120, `a frame name of ${name[1]!.length} characters`);
  });

  it('lets Gemini read the stack, frame names shortened', async () => {
    server.reset();
    server.script({ text: [], functionCalls: [{ name: 'debugger_stack', args: { count: 20 } }] }, { text: 'Done.' });
    await api.send('Show me the stack.');
    const [, second] = await server.waitForRequests(2);
    const frames = responseOf(second!, 'debugger_stack').result.frames as { name: string; path?: string }[];
    assert.ok(
      frames.some((f) => f.name.startsWith('parseConfig') && f.path === 'native/crash.cpp'),
      JSON.stringify(frames),
    );
    assert.ok(frames.every((f) => f.name.length <= 120));
  });
});
