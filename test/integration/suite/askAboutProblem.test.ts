// "Ask Gemini about this problem": the quick fix on errors and warnings, in a real VS Code with
// the built-in TypeScript server giving document symbols (the enclosing function).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { useLocalGemini } from './helpers';
import { EXTENSION_ID } from '../../../src/host/ids';

const TITLE = 'Ask Gemini about this problem';

describe('Ask Gemini about this problem (quick fix)', function () {
  this.timeout(60_000);
  const server = useLocalGemini();
  let diagnostics: vscode.DiagnosticCollection;
  let document: vscode.TextDocument;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    diagnostics = vscode.languages.createDiagnosticCollection('gda-problems-test');
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    document = (await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'app.js'))).document;
    // The TypeScript server starts lazily: wait until it knows the file's functions.
    const deadline = Date.now() + 45_000;
    for (;;) {
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri);
      if (symbols?.some((s) => s.name === 'parseConfig')) break;
      if (Date.now() > deadline) throw new Error('no document symbols for app.js');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  after(() => {
    diagnostics.dispose();
  });

  beforeEach(() => {
    diagnostics.clear();
  });

  const lines = (first: number, last: number) => document.getText(new vscode.Range(first - 1, 0, last - 1, document.lineAt(last - 1).text.length));

  async function askActions(range: vscode.Range): Promise<vscode.CodeAction[]> {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range);
    return actions.filter((a) => a.title === TITLE);
  }

  it('offers a quick fix with plain arguments that sends the problem and its enclosing function', async () => {
    const warning = Object.assign(new vscode.Diagnostic(new vscode.Range(6, 4, 6, 9), 'retries may be negative', vscode.DiagnosticSeverity.Warning), {
      source: 'lint',
      code: { value: 'check-retries', target: vscode.Uri.parse('https://example.com/rules/check-retries') },
    });
    const other = Object.assign(new vscode.Diagnostic(new vscode.Range(4, 2, 4, 7), "'config' may be null", vscode.DiagnosticSeverity.Error), { source: 'lint' });
    const hint = new vscode.Diagnostic(new vscode.Range(6, 4, 6, 9), 'only a hint', vscode.DiagnosticSeverity.Hint);
    diagnostics.set(document.uri, [warning, other, hint]);

    const actions = await askActions(new vscode.Range(6, 4, 6, 9));
    assert.equal(actions.length, 1, 'one action, for the warning (none for the hint)');
    const action = actions[0]!;
    assert.equal(action.kind?.value, 'quickfix');
    assert.ok(!action.isPreferred, 'never applied by "auto fix"');
    assert.equal(action.command?.command, 'geminiAssistant.askAboutProblem');
    const args = action.command.arguments!;
    assert.deepEqual(JSON.parse(JSON.stringify(args)), args, 'the arguments are plain data');
    assert.deepEqual(args, [{ uri: document.uri.toString(), range: [6, 4, 6, 9], message: 'retries may be negative', severity: 'Warning', source: 'lint', code: 'check-retries' }]);

    server.script({ text: 'Check for undefined first.' });
    await vscode.commands.executeCommand(action.command.command, ...args);
    const request = (await server.waitForRequests(1))[0]!;
    assert.equal(
      request.body.contents[0]!.parts[0]!.text!,
      [
        '**Problem** \u00b7 Warning: retries may be negative',
        '`app.js`, line 7 (javascript):\n- Warning at line 7 (lint check-retries): retries may be negative',
        `The enclosing function \`parseConfig\`, lines 4-10:\n\`\`\`javascript\n${lines(4, 10)}\n\`\`\``,
        "Other problems in this code:\n- Error at line 5 (lint): 'config' may be null",
        'Explain this problem and show how to fix it.',
      ].join('\n\n'),
    );
  });

  it('sends the lines around a problem outside any function', async () => {
    diagnostics.set(document.uri, [new vscode.Diagnostic(new vscode.Range(24, 0, 24, 6), 'module is not defined', vscode.DiagnosticSeverity.Error)]);
    const [action] = await askActions(new vscode.Range(24, 0, 24, 0));
    assert.ok(action, 'the quick fix is offered at the cursor');
    await vscode.commands.executeCommand(action.command!.command, ...(action.command!.arguments as unknown[]), { question: 'Is this CommonJS?' });
    const request = (await server.waitForRequests(1))[0]!;
    assert.equal(
      request.body.contents[0]!.parts[0]!.text!,
      [
        '**Problem** \u00b7 Error: module is not defined',
        '`app.js`, line 25 (javascript):\n- Error at line 25: module is not defined',
        `The code around it, lines 17-29:\n\`\`\`javascript\n${lines(17, 29)}\n\`\`\``,
        'Is this CommonJS?',
      ].join('\n\n'),
    );
  });

  it('offers nothing for hints and information', async () => {
    diagnostics.set(document.uri, [
      new vscode.Diagnostic(new vscode.Range(1, 0, 1, 5), 'a hint', vscode.DiagnosticSeverity.Hint),
      new vscode.Diagnostic(new vscode.Range(1, 0, 1, 5), 'some information', vscode.DiagnosticSeverity.Information),
    ]);
    assert.deepEqual(await askActions(new vscode.Range(1, 0, 1, 5)), []);
  });
});
