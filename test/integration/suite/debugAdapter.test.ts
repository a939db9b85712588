// The debugging commands with a debug adapter that is not js-debug: a small inline adapter
// written here with @vscode/debugadapter. It stops on an exception, does NOT support
// `exceptionInfo`, and serves a fixed stack and variables, so the turns are exact.
import * as assert from 'node:assert/strict';
import { DebugSession, InitializedEvent, StoppedEvent, TerminatedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as vscode from 'vscode';
import type { GeminiAssistantTestApi } from '../../../src/extension';
import { useLocalGemini } from './helpers';

const EXTENSION_ID = 'gemini-debug-assistant.gemini-debug-assistant';
const ADAPTER_EXTENSION_ID = 'gemini-debug-assistant-tests.test-adapter';
const TYPE = 'gda-test-adapter';

/** A Python-like program stopped in divide() on ZeroDivisionError (test/fixtures/workspace/calc.py). */
class StoppedOnExceptionAdapter extends DebugSession {
  /** Every request the adapter got, by command. */
  readonly requests: DebugProtocol.Request[] = [];

  constructor(private readonly file: string) {
    super();
  }

  protected override dispatchRequest(request: DebugProtocol.Request): void {
    this.requests.push(request);
    super.dispatchRequest(request);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = { supportsConfigurationDoneRequest: true, supportsExceptionInfoRequest: false };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse): void {
    this.sendResponse(response);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    const stopped: DebugProtocol.StoppedEvent = new StoppedEvent('exception', 1, 'ZeroDivisionError: division by zero');
    stopped.body.description = 'Paused on exception';
    this.sendEvent(stopped);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [{ id: 1, name: 'MainThread' }] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse): void {
    const source = { name: 'calc.py', path: this.file };
    response.body = {
      stackFrames: [
        { id: 11, name: 'divide', source, line: 3, column: 12 },
        { id: 12, name: 'main', source, line: 7, column: 12 },
        { id: 13, name: '<module>', source, line: 9, column: 1 },
      ],
      totalFrames: 3,
    };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    response.body = {
      scopes:
        args.frameId === 11
          ? [
              { name: 'Locals', variablesReference: 100, expensive: false },
              { name: 'Globals', variablesReference: 200, expensive: true },
            ]
          : [{ name: 'Locals', variablesReference: 300, expensive: false }],
    };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const variables: Record<number, DebugProtocol.Variable[]> = {
      100: [
        { name: 'a', value: '10', type: 'int', variablesReference: 0 },
        { name: 'b', value: '0', type: 'int', variablesReference: 0 },
        { name: 'options', value: "{'retries': [1, 2], 'auth_token': 'tok-123'}", type: 'dict', variablesReference: 101, evaluateName: 'options' },
      ],
      101: [
        { name: "'retries'", value: '[1, 2]', type: 'list', variablesReference: 102 },
        { name: "'auth_token'", value: "'tok-123'", type: 'str', variablesReference: 0 },
      ],
      102: [{ name: '0', value: '1', type: 'int', variablesReference: 0 }],
      300: [{ name: 'password', value: "'swordfish'", type: 'str', variablesReference: 0 }],
    };
    response.body = { variables: variables[args.variablesReference] ?? [] };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    this.sendErrorResponse(response, 1, 'exceptionInfo is not supported');
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.sendResponse(response);
  }
}

describe('debugging with any debug adapter (an inline one without exceptionInfo)', function () {
  this.timeout(60_000);
  const server = useLocalGemini();
  let api: GeminiAssistantTestApi;
  let adapter: StoppedOnExceptionAdapter | undefined;
  let session: vscode.DebugSession;
  const disposables: vscode.Disposable[] = [];
  const folder = () => vscode.workspace.workspaceFolders![0]!;

  before(async () => {
    api = (await vscode.extensions.getExtension<GeminiAssistantTestApi>(EXTENSION_ID)!.activate())!;
    const lender = await vscode.extensions.getExtension<{ registerAdapterFactory(f: vscode.DebugAdapterDescriptorFactory): vscode.Disposable }>(ADAPTER_EXTENSION_ID)!.activate();
    const file = vscode.Uri.joinPath(folder().uri, 'calc.py').fsPath;
    disposables.push(
      lender.registerAdapterFactory({
        createDebugAdapterDescriptor: () => new vscode.DebugAdapterInlineImplementation((adapter = new StoppedOnExceptionAdapter(file))),
      }),
    );
    let stopped!: (s: vscode.DebugSession) => void;
    const stop = new Promise<vscode.DebugSession>((resolve) => (stopped = resolve));
    disposables.push(
      vscode.debug.registerDebugAdapterTrackerFactory(TYPE, {
        createDebugAdapterTracker: (s) => ({
          onDidSendMessage: (m: DebugProtocol.ProtocolMessage) => {
            if (m.type === 'event' && (m as DebugProtocol.Event).event === 'stopped') stopped(s);
          },
        }),
      }),
    );
    assert.ok(await vscode.debug.startDebugging(folder(), { type: TYPE, name: 'test adapter', request: 'launch' }));
    session = await stop;
  });

  after(async () => {
    await vscode.debug.stopDebugging(session);
    for (const d of disposables) d.dispose();
  });

  async function sentTurn(): Promise<string> {
    const request = (await server.waitForRequests(1))[0]!;
    assert.equal(request.body.contents.length, 1);
    return request.body.contents[0]!.parts[0]!.text!;
  }

  it('asks about the exception with what the stop said, its stack and locals, never asking for exceptionInfo', async () => {
    server.script({ text: 'Division by zero: b is 0.' });
    await vscode.commands.executeCommand('geminiAssistant.askAboutException');
    const expected = [
      '**Exception** \u00b7 ZeroDivisionError: division by zero',
      `The debugger (${TYPE}) stopped on this exception in \`divide\` at \`calc.py\`, line 3.`,
      'The debugger gives no exception details; its stop said:\n```text\nPaused on exception\nZeroDivisionError: division by zero\n```',
      'Call stack (3 frames):',
      '1. `divide` at `calc.py:3:12`',
      [
        '```python',
        '  1 | # A stand-in program for the test debug adapter (test/integration/suite/debugAdapter.test.ts).',
        '  2 | def divide(a, b):',
        '> 3 |     return a / b',
        '  4 |',
        '  5 | def main():',
        "  6 |     password = '<redacted>'",
        '```',
      ].join('\n'),
      '2. `main` at `calc.py:7:12`',
      ['```python', '  4 |', '  5 | def main():', "  6 |     password = '<redacted>'", '> 7 |     return divide(10, 0)', '  8 |', '  9 | main()', '```'].join('\n'),
      '3. `<module>` at `calc.py:9:1`',
      ['```python', "  6 |     password = '<redacted>'", '  7 |     return divide(10, 0)', '  8 |', '> 9 | main()', '```'].join('\n'),
      [
        'Local variables of `divide`:',
        '```text',
        'Locals',
        '  a: int = 10',
        '  b: int = 0',
        "  options: dict = {'retries': [1, 2], 'auth_token': '<redacted>'}",
        "    'retries': list = [1, 2]",
        "    'auth_token': str = <redacted>",
        '```',
      ].join('\n'),
      'Explain why this exception happens and how to fix it.',
    ].join('\n\n');
    assert.equal(await sentTurn(), expected);
    const commands = adapter!.requests.map((r) => r.command);
    assert.ok(!commands.includes('exceptionInfo'), 'exceptionInfo is not requested from an adapter that does not support it');
    // Depth 2: the children of 'retries' (reference 102) are never read; Globals is expensive and skipped.
    const references = adapter!.requests.filter((r) => r.command === 'variables').map((r) => (r.arguments as DebugProtocol.VariablesArguments).variablesReference);
    assert.ok(!references.includes(102) && !references.includes(200), `variables read: ${references.join(', ')}`);
    await server.waitForRequests(1);
    assert.equal(api.chat().history.length, 2);
  });

  it('asks about a frame picked in the Call Stack view, matched by name and place', async () => {
    const uri = vscode.Uri.joinPath(folder().uri, 'calc.py').toString();
    // The shape debug/callstack/context passes: VS Code's own ids, then the frame's name and location.
    await vscode.commands.executeCommand('geminiAssistant.askAboutFrame', uri, {
      sessionId: session.id,
      threadId: `thread:${session.id}:1`,
      frameId: `stackframe:thread:${session.id}:1:1:calc.py`,
      frameName: 'main',
      frameLocation: {
        range: { startLineNumber: 7, startColumn: 12, endLineNumber: 7, endColumn: 12 },
        source: { name: 'calc.py', path: vscode.Uri.joinPath(folder().uri, 'calc.py').fsPath },
      },
    });
    const expected = [
      '**Frame** \u00b7 main (calc.py:7)',
      `Stack frame 2 of the stopped thread in the debugger (${TYPE}): \`main\` at \`calc.py:7:12\`.`,
      ['```python', '  4 |', '  5 | def main():', "  6 |     password = '<redacted>'", '> 7 |     return divide(10, 0)', '  8 |', '  9 | main()', '```'].join('\n'),
      'Called from:\n- `<module>` at `calc.py:9:1`',
      'Local variables of `main`:\n```text\nLocals\n  password: str = <redacted>\n```',
      'Explain what this code is doing at this point and whether anything here looks wrong.',
    ].join('\n\n');
    assert.equal(await sentTurn(), expected);
  });

  it('asks about a value from the Variables view, with its children', async () => {
    // The shape debug/variables/context passes.
    await vscode.commands.executeCommand('geminiAssistant.askAboutVariable', {
      sessionId: session.id,
      container: { name: 'Locals', variablesReference: 100, expensive: false },
      variable: { name: 'options', value: "{'retries': [1, 2], 'auth_token': 'tok-123'}", type: 'dict', variablesReference: 101, evaluateName: 'options' },
    });
    const turn = await sentTurn();
    assert.equal(
      turn.split('\n\n').slice(0, 3).join('\n\n'),
      [
        "**Variable** \u00b7 options = {'retries': [1, 2], 'auth_token': '<redacted>'}",
        `A value in the debugger (${TYPE}), stopped in \`divide\` at \`calc.py\`, line 3:`,
        "```text\noptions: dict = {'retries': [1, 2], 'auth_token': '<redacted>'}\n  'retries': list = [1, 2]\n  'auth_token': str = <redacted>\n```",
      ].join('\n\n'),
    );
    assert.match(turn, /\n\nThe code there:\n```python\n {2}1 \| # A stand-in[^\n]*\n {2}2 \| def divide\(a, b\):\n> 3 \| {5}return a \/ b\n/);
    assert.ok(turn.endsWith('\n\nExplain this value: is it what the code expects at this point? If not, why not?'));
    assert.ok(!turn.includes('tok-123') && !turn.includes('swordfish'), 'no secret reaches Gemini');
  });
});
