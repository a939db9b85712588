// Gemini investigates a paused Node program with the real JavaScript debugger (js-debug): the
// local server plays Gemini, calling the debugger tools round after round; the extension runs
// them over DAP and VS Code's breakpoint API, asking for consent where the program would change.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GeminiAssistantTestApi } from '../../../src/extension';
import type { RecordedRequest, WirePart } from '../../gemini-server/server';
import { EXTENSION_ID } from '../../../src/host/ids';
import { until, useLocalGemini } from './helpers';

/** The responses the last turn of a request carries, by tool name. */
function responses(request: RecordedRequest): Record<string, { status: string; result?: Record<string, unknown>; error?: string }> {
  const parts: WirePart[] = request.body.contents.at(-1)!.parts;
  return Object.fromEntries(parts.flatMap((p) => (p.functionResponse ? [[p.functionResponse.name, p.functionResponse.response as never]] : [])));
}

describe('Gemini investigates a paused Node program (js-debug)', function () {
  this.timeout(120_000);
  const server = useLocalGemini();
  let api: GeminiAssistantTestApi;
  const folder = () => vscode.workspace.workspaceFolders![0]!;
  /** The reason of every stop of the program's sessions, in order. */
  const stops: string[] = [];
  let tracking: vscode.Disposable[] = [];
  /** Sessions started and not terminated yet. */
  const running = new Set<string>();

  before(async () => {
    api = (await vscode.extensions.getExtension<GeminiAssistantTestApi>(EXTENSION_ID)!.activate())!;
    tracking = [vscode.debug.onDidStartDebugSession((session) => running.add(session.id)), vscode.debug.onDidTerminateDebugSession((session) => running.delete(session.id))];
    tracking.push(
      vscode.debug.registerDebugAdapterTrackerFactory('pwa-node', {
        createDebugAdapterTracker: () => ({
          onDidSendMessage: (m: { type: string; event?: string; body?: { reason?: string } }) => {
            if (m.type === 'event' && m.event === 'stopped') stops.push(m.body?.reason ?? '');
          },
        }),
      }),
    );
  });

  after(() => {
    for (const d of tracking) d.dispose();
  });

  afterEach(async () => {
    await vscode.debug.stopDebugging();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    await until(() => running.size === 0, 'the sessions to end', 30_000);
  });

  async function startPaused(): Promise<void> {
    stops.length = 0;
    assert.ok(
      await vscode.debug.startDebugging(folder(), {
        type: 'node',
        name: 'investigate.js',
        request: 'launch',
        program: '${workspaceFolder}/investigate.js',
        stopOnEntry: true,
        console: 'internalConsole',
      }),
    );
    await until(() => stops.includes('entry'), 'the entry stop', 30_000);
  }

  /** Waits until a call asks for consent, then answers it. */
  async function answerConsent(tool: string, decision: 'allow' | 'deny'): Promise<void> {
    await until(() => api.viewState().messages.some((m) => m.tool?.name === tool && m.tool?.state === 'consent'), `${tool} to ask for consent`, 30_000);
    api.decide(decision);
  }

  it('reads, sets a conditional breakpoint (allowed), continues to it (allowed), evaluates and reads the locals, redacted', async () => {
    await startPaused();
    server.script(
      { text: [], functionCalls: [{ name: 'debugger_state' }], thoughtSignature: 'sig-state' },
      { text: ['I will stop at the last pass.'], functionCalls: [{ name: 'debugger_set_breakpoint', args: { path: 'investigate.js', line: 10, condition: 'i === 3' } }] },
      { text: [], functionCalls: [{ name: 'debugger_continue', args: { timeoutSeconds: 30 } }] },
      {
        text: [],
        functionCalls: [
          { name: 'debugger_evaluate', args: { expression: 'i + 0' } },
          { name: 'debugger_variables', args: {} },
          { name: 'debugger_stack', args: { count: 3 } },
          { name: 'debugger_source', args: { path: 'investigate.js', line: 9, before: 1, after: 1 } },
          { name: 'debugger_output', args: { lines: 5 } },
        ],
      },
      { text: 'The loop runs while `i <= prices.length`: on its last pass `prices[3]` is undefined. Use `<`.' },
    );
    const asking = api.send('Why does sum() crash?');
    await answerConsent('debugger_set_breakpoint', 'allow');
    await answerConsent('debugger_continue', 'allow');
    await asking;

    const requests = await server.waitForRequests(5);
    const first = responses(requests[1]!);
    assert.equal(first.debugger_state!.status, 'ok');
    assert.equal(first.debugger_state!.result!.state, 'stopped');
    assert.equal(first.debugger_state!.result!.reason, 'entry');
    assert.deepEqual(requests[1]!.body.contents[1]!.parts[0]!.thoughtSignature, 'sig-state', 'the signature went back with its call');

    const breakpoint = responses(requests[2]!).debugger_set_breakpoint!;
    assert.equal(breakpoint.status, 'ok');
    assert.deepEqual([breakpoint.result!.verified, breakpoint.result!.line], [true, 10]);
    const shown = vscode.debug.breakpoints.filter((b): b is vscode.SourceBreakpoint => b instanceof vscode.SourceBreakpoint);
    assert.deepEqual(
      shown.map((b) => [vscode.workspace.asRelativePath(b.location.uri), b.location.range.start.line + 1, b.condition]),
      [['investigate.js', 10, 'i === 3']],
      'the breakpoint is in the Breakpoints view',
    );

    const stop = responses(requests[3]!).debugger_continue!.result!;
    assert.equal(stop.state, 'stopped');
    assert.equal(stop.reason, 'breakpoint');
    assert.deepEqual(stop.topFrame, { name: 'sum', path: 'investigate.js', line: 10 });

    const reads = responses(requests[4]!);
    assert.deepEqual(reads.debugger_evaluate!.result!.value, '3');
    const locals = reads.debugger_variables!.result!.variables as { name: string; value: string }[];
    assert.equal(locals.find((v) => v.name === 'apiToken')?.value, '<redacted>', JSON.stringify(reads.debugger_variables));
    assert.equal(locals.find((v) => v.name === 'i')?.value, '3');
    assert.doesNotMatch(JSON.stringify(requests[4]!.body), /sk-test-investigation-token/);
    const frames = reads.debugger_stack!.result!.frames as { name: string; line: number }[];
    assert.deepEqual(frames[0], { index: 0, name: 'sum', path: 'investigate.js', line: 10 });
    assert.ok((reads.debugger_output!.result!.lines as string[]).includes('summing 3 prices'));
    assert.deepEqual(reads.debugger_source!.result!.lines, [' 8 |   let total = 0;', ' 9 |   for (let i = 0; i <= prices.length; i++) {', '10 |     total += prices[i].amount;']);

    const view = api.viewState().messages;
    assert.deepEqual(
      view.filter((m) => m.role === 'tool').map((m) => `${m.tool!.name}:${m.tool!.state}`),
      [
        'debugger_state:done',
        'debugger_set_breakpoint:done',
        'debugger_continue:done',
        'debugger_evaluate:done',
        'debugger_variables:done',
        'debugger_stack:done',
        'debugger_source:done',
        'debugger_output:done',
      ],
    );
    assert.match(view.at(-1)!.text, /Use `<`/);
  });

  it('a denied call does not run, and Gemini is told the user said no', async () => {
    await startPaused();
    server.script({ text: [], functionCalls: [{ name: 'debugger_step', args: { kind: 'over' } }] }, { text: 'Understood, no stepping.' });
    const asking = api.send('Step once.');
    await answerConsent('debugger_step', 'deny');
    await asking;
    const [, second] = await server.waitForRequests(2);
    assert.equal(responses(second!).debugger_step!.status, 'denied');
    assert.deepEqual(stops, ['entry'], 'the program never stepped');
  });

  it('says plainly that the program still runs, and that it must be stopped to read its stack', async () => {
    await startPaused();
    server.script(
      { text: [], functionCalls: [{ name: 'debugger_continue', args: { timeoutSeconds: 2 } }] },
      { text: [], functionCalls: [{ name: 'debugger_stack', args: {} }] },
      { text: 'It keeps running.' },
    );
    const asking = api.send('Let it run.');
    await answerConsent('debugger_continue', 'allow');
    await asking;
    const requests = await server.waitForRequests(3);
    const ran = responses(requests[1]!).debugger_continue!.result!;
    assert.deepEqual(ran, { state: 'running', note: 'Still running after 2 s: it has not stopped again.' });
    const stack = responses(requests[2]!).debugger_stack!;
    assert.equal(stack.status, 'error');
    assert.match(stack.error!, /The program is running: it must be stopped/);
  });

  it('ends an investigation with a clear note when the session ends during a call', async () => {
    await startPaused();
    server.script({ text: [], functionCalls: [{ name: 'debugger_continue', args: { timeoutSeconds: 60 } }] }, { text: 'The session ended.' });
    const asking = api.send('Run it.');
    await answerConsent('debugger_continue', 'allow');
    await until(() => api.viewState().messages.some((m) => m.tool?.state === 'running'), 'the continue to run');
    await vscode.debug.stopDebugging();
    await asking;
    const [, second] = await server.waitForRequests(2);
    assert.deepEqual(responses(second!).debugger_continue!.result, { state: 'ended', note: 'The debug session ended: the program finished or was stopped.' });
  });
});
