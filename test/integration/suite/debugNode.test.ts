// The debugging assistant with the built-in JavaScript debugger (js-debug) on a real Node program
// that throws (test/fixtures/workspace/crash.js), stopped at its uncaught exception.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GeminiAssistantTestApi } from '../../../src/extension';
import { stopAtUncaughtException, useLocalGemini, type Stopped } from './helpers';
import { EXTENSION_ID } from '../../../src/host/ids';

/** crash.js lines first..last (1-based) as formatSource shows them, `>` on `line`. */
function excerpt(lines: string[], first: number, last: number, line: number): string {
  const width = String(last).length;
  const shown = [];
  for (let n = first; n <= last; n++) shown.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${lines[n - 1]}`.replace(/\s+$/, ''));
  return ['```javascript', ...shown, '```'].join('\n');
}

describe('debugging a Node program with js-debug', function () {
  this.timeout(90_000);
  const server = useLocalGemini();
  let api: GeminiAssistantTestApi;
  let stopped: Stopped;
  let crash: string[];
  const disposables: vscode.Disposable[] = [];
  const folder = () => vscode.workspace.workspaceFolders![0]!;

  before(async () => {
    api = (await vscode.extensions.getExtension<GeminiAssistantTestApi>(EXTENSION_ID)!.activate())!;
    crash = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder().uri, 'crash.js'))).split('\n');
    stopped = await stopAtUncaughtException('crash.js', disposables);
  });

  after(async () => {
    await vscode.debug.stopDebugging();
    for (const d of disposables) d.dispose();
  });

  async function sentTurn(): Promise<string> {
    const request = (await server.waitForRequests(1))[0]!;
    assert.equal(request.body.contents.length, 1);
    return request.body.contents[0]!.parts[0]!.text!;
  }

  it('sends the exception, the top five frames with their source, and the bounded, redacted locals', async () => {
    server.script({ text: 'The loop reads one item past the end: use `<` instead of `<=`.' });
    // The exception's own stack ends in Node's internals, whose lines depend on the Node version.
    const info = (await stopped.session.customRequest('exceptionInfo', { threadId: stopped.threadId })) as { details: { stackTrace: string } };
    const root = folder().uri.fsPath;
    const internals = info.details.stackTrace
      .split('\n')
      .slice(7, 10)
      .map((l) => l.split(`${root}/`).join(''));
    assert.equal(internals.length, 3);

    await vscode.commands.executeCommand('geminiAssistant.askAboutException');
    const expected = [
      "**Exception** \u00b7 TypeError: Cannot read properties of undefined (reading 'price')",
      'The debugger (pwa-node) stopped on this exception in `orderTotal` at `crash.js`, line 13.',
      [
        'Exception:',
        '```text',
        "TypeError: Cannot read properties of undefined (reading 'price')",
        '  at orderTotal (crash.js:13:29)',
        '    at receipt (crash.js:19:32)',
        '    at crash.js:23:32',
        '    at Array.map (<anonymous>)',
        '    at checkout (crash.js:23:17)',
        '    at main (crash.js:28:15)',
        '    at Object.<anonymous> (crash.js:31:1)',
        ...internals,
        '```',
      ].join('\n'),
      'Call stack (top 5 frames; more left out):',
      '1. `orderTotal` at `crash.js:13:29`',
      excerpt(crash, 10, 16, 13).replace("'sk-test-not-a-real-token'", "'<redacted>'"),
      '2. `receipt` at `crash.js:19:32`',
      excerpt(crash, 16, 22, 19),
      '3. `<anonymous>` at `crash.js:23:32`',
      excerpt(crash, 20, 26, 23),
      '4. `checkout` at `crash.js:23:17`',
      excerpt(crash, 20, 26, 23),
      '5. `main` at `crash.js:28:15`',
      excerpt(crash, 25, 31, 28),
      [
        'Local variables of `orderTotal`:',
        '```text',
        'Block: orderTotal',
        '  i: number = 2',
        '  this: undefined = undefined',
        'Local: orderTotal',
        '  apiToken: string = <redacted>',
        "  customer: Object = {name: 'Ada', address: {…}, password: '<redacted>'}",
        "    address: Object = {city: 'London', geo: {…}}",
        "    name: string = 'Ada'",
        '    password: string = <redacted>',
        `  ids: Array = (30) [${Array.from({ length: 30 }, (_, i) => i * 10).join(', ')}]`,
        ...Array.from({ length: 20 }, (_, i) => `    ${i}: number = ${i * 10}`),
        '    \u2026 10 more',
        `  note: string = '${'x'.repeat(199)}\u2026 (302 chars)`,
        "  order: Object = {id: 'A-1', items: Array(2)}",
        "    id: string = 'A-1'",
        '    items: Array = (2) [{…}, {…}]',
        '  total: number = 19',
        '```',
      ].join('\n'),
      'Explain why this exception happens and how to fix it.',
    ].join('\n\n');
    const turn = await sentTurn();
    assert.equal(turn, expected);
    assert.ok(!turn.includes('sk-test') && !turn.includes('hunter2'), 'no secret reaches Gemini');
    assert.ok(!turn.includes(root), 'no absolute workspace path is sent');
  });

  it('asks about a frame with the arguments the Call Stack view passes', async () => {
    const { session } = stopped;
    const path = ((await session.customRequest('stackTrace', { threadId: stopped.threadId, startFrame: 0, levels: 2 })) as { stackFrames: { source: { path: string } }[] })
      .stackFrames[1]!.source.path;
    assert.match(path, /crash\.js$/);
    await vscode.commands.executeCommand('geminiAssistant.askAboutFrame', path, {
      sessionId: session.id,
      threadId: `thread:${session.id}:0`,
      frameId: `stackframe:thread:${session.id}:0:1:crash.js`,
      frameName: 'receipt',
      frameLocation: { range: { startLineNumber: 19, startColumn: 32, endLineNumber: 19, endColumn: 32 }, source: { name: 'crash.js', path, sourceReference: 0 } },
    });
    const expected = [
      '**Frame** \u00b7 receipt (crash.js:19)',
      'Stack frame 2 of the stopped thread in the debugger (pwa-node): `receipt` at `crash.js:19:32`.',
      excerpt(crash, 16, 22, 19),
      'Called from:\n- `<anonymous>` at `crash.js:23:32`\n- `checkout` at `crash.js:23:17`\n- `main` at `crash.js:28:15`\n- `<anonymous>` at `crash.js:31:1`\n- \u2026',
      "Local variables of `receipt`:\n```text\nLocal: receipt\n  order: Object = {id: 'A-1', items: Array(2)}\n    id: string = 'A-1'\n    items: Array = (2) [{…}, {…}]\n  this: undefined = undefined\n```",
      'Explain what this code is doing at this point and whether anything here looks wrong.',
    ].join('\n\n');
    assert.equal(await sentTurn(), expected);
  });

  it('asks about a value with the argument the Variables view passes', async () => {
    const { session } = stopped;
    const frames = (await session.customRequest('stackTrace', { threadId: stopped.threadId, startFrame: 0, levels: 1 })) as { stackFrames: { id: number }[] };
    const scopes = (await session.customRequest('scopes', { frameId: frames.stackFrames[0]!.id })) as {
      scopes: { name: string; variablesReference: number; expensive: boolean }[];
    };
    const local = scopes.scopes.find((s) => s.name.startsWith('Local'))!;
    const variables = (await session.customRequest('variables', { variablesReference: local.variablesReference })) as {
      variables: { name: string; value: string; variablesReference: number; evaluateName?: string }[];
    };
    const order = variables.variables.find((v) => v.name === 'order')!;
    await vscode.commands.executeCommand('geminiAssistant.askAboutVariable', {
      sessionId: session.id,
      container: { name: local.name, variablesReference: local.variablesReference, expensive: local.expensive },
      variable: { name: order.name, value: order.value, variablesReference: order.variablesReference, evaluateName: order.evaluateName },
    });
    const expected = [
      "**Variable** \u00b7 order = {id: 'A-1', items: Array(2)}",
      'A value in the debugger (pwa-node), stopped in `orderTotal` at `crash.js`, line 13:',
      "```text\norder = {id: 'A-1', items: Array(2)}\n  id: string = 'A-1'\n  items: Array = (2) [{…}, {…}]\n```",
      `The code there:\n${excerpt(crash, 10, 16, 13).replace("'sk-test-not-a-real-token'", "'<redacted>'")}`,
      'Explain this value: is it what the code expects at this point? If not, why not?',
    ].join('\n\n');
    assert.equal(await sentTurn(), expected);
  });

  it('takes a question, and stores the turn as sent with its exception card', async () => {
    server.script({ text: 'Use `<`.' });
    await vscode.commands.executeCommand('geminiAssistant.askAboutException', { question: 'Why does the loop fail?' });
    const turn = await sentTurn();
    assert.ok(turn.endsWith('\n\nWhy does the loop fail?'));
    const stored = api.chat().history[0]!.parts[0]!.text;
    assert.equal(stored, turn);
    assert.deepEqual(api.chat().cards?.[0]?.[0], {
      kind: 'exception',
      title: "TypeError: Cannot read properties of undefined (reading 'price')",
      question: 'Why does the loop fail?',
    });
  });

  it('sends nothing from the notification of a stop that is over', async () => {
    await vscode.commands.executeCommand('geminiAssistant.askAboutException', { sessionId: stopped.session.id, seq: -1 });
    assert.equal(server.requests.length, 0);
  });
});
