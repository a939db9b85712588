// Ask Gemini, persistence and export/import in a real VS Code, against the local Gemini server
// running in the extension host's own process.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GeminiAssistantTestApi } from '../../../src/extension';
import { activateApi, useLocalGemini } from './helpers';

describe('Ask Gemini and the persisted chat', () => {
  const server = useLocalGemini();
  let api: GeminiAssistantTestApi;
  let diagnostics: vscode.DiagnosticCollection;
  let editor: vscode.TextEditor;

  before(async () => {
    api = await activateApi();
    diagnostics = vscode.languages.createDiagnosticCollection('gda-test');
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    editor = await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'app.js'));
  });

  after(() => {
    diagnostics.dispose();
  });

  /** Selects whole lines (1-based, inclusive) the way a user drags over them. */
  function selectLines(first: number, last: number): string {
    editor.selection = new vscode.Selection(first - 1, 0, last, 0);
    return editor.document.getText(new vscode.Range(first - 1, 0, last - 1, editor.document.lineAt(last - 1).text.length));
  }

  it('sends the selection with its path, lines, language and problems as one user turn', async () => {
    const code = selectLines(4, 10);
    diagnostics.set(editor.document.uri, [
      Object.assign(new vscode.Diagnostic(new vscode.Range(6, 4, 6, 9), 'retries may be negative', vscode.DiagnosticSeverity.Warning), { source: 'lint', code: 'check-retries' }),
      new vscode.Diagnostic(new vscode.Range(20, 0, 20, 4), 'outside the selection', vscode.DiagnosticSeverity.Error),
      new vscode.Diagnostic(new vscode.Range(5, 0, 5, 4), 'only a hint', vscode.DiagnosticSeverity.Hint),
    ]);
    server.script({ text: ['It throws ', 'for negative retries.'] });
    await vscode.commands.executeCommand('geminiAssistant.ask', { question: 'Why does this throw?' });

    const expected = [
      '`app.js`, lines 4-10 (javascript):',
      '```javascript\n' + code + '\n```',
      'Problems reported in this code:\n- Warning at line 7 (lint check-retries): retries may be negative',
      'Why does this throw?',
    ].join('\n\n');
    const request = (await server.waitForRequests(1))[0]!;
    assert.deepEqual(request.body.contents, [{ role: 'user', parts: [{ text: expected }] }]);
    assert.deepEqual(api.chat().history, [
      { role: 'user', parts: [{ text: expected }] },
      { role: 'model', parts: [{ text: 'It throws for negative retries.' }] },
    ]);
    diagnostics.clear();
  });

  it('keeps the chat in globalState; a session rebuilt from it sends the whole history again', async () => {
    selectLines(12, 18);
    server.script({ text: 'The first delay is doubled.' }, { text: 'Use 2 ** (attempt - 1).' });
    await vscode.commands.executeCommand('geminiAssistant.ask', { question: 'Find the bug.' });
    const before = api.chat();
    assert.equal(before.history.length, 2);

    api.reloadFromStorage();
    assert.deepEqual(api.chat(), before, 'the rebuilt session holds exactly what was stored');

    selectLines(15, 15);
    await vscode.commands.executeCommand('geminiAssistant.ask', { question: 'How do I fix it?' });
    const requests = await server.waitForRequests(2);
    const roles = requests[1]!.body.contents.map((c) => c.role);
    assert.deepEqual(roles, ['user', 'model', 'user']);
    assert.deepEqual(requests[1]!.body.contents.slice(0, 2), before.history);
    assert.match(requests[1]!.body.contents[2]!.parts[0]!.text!, /^`app.js`, line 15 \(javascript\):/);
    assert.equal(api.chat().history.length, 4);
  });

  it('sends nothing when there is no selection', async () => {
    editor.selection = new vscode.Selection(3, 2, 3, 2);
    await vscode.commands.executeCommand('geminiAssistant.ask', { question: 'ignored' });
    assert.equal(server.requests.length, 0);
    assert.deepEqual(api.chat().history, []);
  });

  it('exports the chat as { version, history } and imports it back exactly', async () => {
    selectLines(4, 5);
    server.script({ text: 'Exported answer.' });
    await vscode.commands.executeCommand('geminiAssistant.ask', { question: 'Export me.' });
    const history = api.chat().history;
    const file = vscode.Uri.file(join(mkdtempSync(join(tmpdir(), 'gda-export-')), 'chat.json'));

    await vscode.commands.executeCommand('geminiAssistant.exportChat', { uri: file });
    assert.deepEqual(JSON.parse(readFileSync(file.fsPath, 'utf8')), { version: 1, history });

    await vscode.commands.executeCommand('geminiAssistant.newChat');
    assert.deepEqual(api.chat().history, []);
    await vscode.commands.executeCommand('geminiAssistant.importChat', { uri: file });
    assert.deepEqual(api.chat().history, history);
  });

  it('rejects a bad import file and keeps the current chat', async () => {
    selectLines(4, 5);
    server.script({ text: 'Keep me.' });
    await vscode.commands.executeCommand('geminiAssistant.ask', { question: 'Keep this chat.' });
    const before = api.chat();
    const file = join(mkdtempSync(join(tmpdir(), 'gda-import-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ version: 1, history: [{ role: 'model', parts: [{ text: 'no user turn' }] }] }));

    await vscode.commands.executeCommand('geminiAssistant.importChat', { uri: vscode.Uri.file(file) });
    assert.deepEqual(api.chat(), before);
  });
});
