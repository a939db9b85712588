// "Ask Gemini" on text selected in the terminal. A pseudoterminal writes known output; the
// terminal's own Select All selects it, as a user would before right-clicking it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { useLocalGemini } from './helpers';

const EXTENSION_ID = 'gemini-debug-assistant.gemini-debug-assistant';
const OUTPUT = ['> app@1.0.0 test', '> node --test', '\u001b[31mnot ok 1 - parses config\u001b[0m', 'GEMINI_API_KEY=abc123 npm test', 'npm ERR! code 1'];

describe('Ask Gemini about terminal output', function () {
  this.timeout(60_000);
  const server = useLocalGemini();
  let terminal: vscode.Terminal;
  const write = new vscode.EventEmitter<string>();

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    terminal = vscode.window.createTerminal({ name: 'npm test', pty: { onDidWrite: write.event, open: () => opened(), close: () => undefined } });
    terminal.show();
    await open;
    write.fire(OUTPUT.join('\r\n') + '\r\n');
    // Wait until the terminal shows the output (it renders asynchronously).
    const deadline = Date.now() + 20_000;
    for (;;) {
      await vscode.commands.executeCommand('workbench.action.terminal.selectAll');
      await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
      if ((await vscode.env.clipboard.readText()).includes('npm ERR!')) break;
      if (Date.now() > deadline) throw new Error('the terminal did not show the output');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  after(() => {
    terminal.dispose();
    write.dispose();
  });

  it('sends the selected output, without escape sequences or secrets, and leaves the clipboard as it was', async () => {
    await vscode.commands.executeCommand('workbench.action.terminal.selectAll');
    await vscode.env.clipboard.writeText('what the user had copied');
    server.script({ text: 'The test "parses config" failed.' });
    // terminal/context passes the terminal (and all selected terminals).
    await vscode.commands.executeCommand('geminiAssistant.askAboutTerminalSelection', terminal, [terminal]);
    const request = (await server.waitForRequests(1))[0]!;
    assert.equal(
      request.body.contents[0]!.parts[0]!.text!,
      [
        '**Terminal output** \u00b7 npm test (5 lines)',
        'Output selected in the terminal "npm test":',
        '```text\n> app@1.0.0 test\n> node --test\nnot ok 1 - parses config\nGEMINI_API_KEY=<redacted> npm test\nnpm ERR! code 1\n```',
        'Explain this output: what went wrong, and how do I fix it?',
      ].join('\n\n'),
    );
    assert.equal(await vscode.env.clipboard.readText(), 'what the user had copied');
  });

  it('sends nothing without a selection', async () => {
    await vscode.commands.executeCommand('workbench.action.terminal.clearSelection');
    await vscode.env.clipboard.writeText('kept');
    await vscode.commands.executeCommand('geminiAssistant.askAboutTerminalSelection', terminal, [terminal]);
    assert.equal(server.requests.length, 0);
    assert.equal(await vscode.env.clipboard.readText(), 'kept');
  });
});
