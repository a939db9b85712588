// A code block's Insert at Cursor and Apply to Selection, and the answer's file paths, in a real
// VS Code: one undo step each, the diff preview before Apply, refusing when the file changed, and
// only files inside the workspace folders found and opened.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GeminiAssistantTestApi } from '../../../src/extension';
import { PROPOSED_SCHEME } from '../../../src/host/ids';
import { existingPaths, openWorkspaceFile } from '../../../src/host/workspacePaths';
import { activateApi } from './helpers';

const ORIGINAL = 'function add(a, b) {\n  return a - b;\n}\n';

/** The open diff previews of Apply to Selection. */
function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === PROPOSED_SCHEME);
}

/** Gives the editor back (closing its changes): nothing waits to be saved after a test. */
async function closeEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

async function undoIn(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('undo');
}

describe('Code block actions and workspace paths', () => {
  let api: GeminiAssistantTestApi;
  let editor: vscode.TextEditor;

  before(async () => {
    api = await activateApi();
  });

  beforeEach(async () => {
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: ORIGINAL, language: 'javascript' }));
  });

  afterEach(closeEditors);

  it('Insert at Cursor puts the code at the cursor of the last active editor, with the chat view focused, as one undo step', async () => {
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    await vscode.commands.executeCommand('geminiAssistant.chatView.focus');
    assert.equal(await api.insertCode('// checked\n  '), true);
    const document = editor.document;
    assert.equal(document.getText(), 'function add(a, b) {\n  // checked\n  return a - b;\n}\n');
    await undoIn(document);
    assert.equal(document.getText(), ORIGINAL, 'one undo restores the file');

    // At the start of a line, a block goes on lines of its own.
    editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    assert.equal(await api.insertCode('  check(a);'), true);
    assert.equal(document.getText(), 'function add(a, b) {\n  return a - b;\n  check(a);\n}\n');
  });

  it('Insert at Cursor without an editor inserts nothing', async () => {
    await closeEditors();
    assert.equal(await api.insertCode('x'), false);
    assert.equal(vscode.window.activeTextEditor, undefined);
  });

  it('Apply to Selection shows the diff first, then makes one edit that one undo takes back', async () => {
    editor.selection = new vscode.Selection(1, 0, 1, 15);
    let shown: string | undefined;
    let question = '';
    const applied = await api.applyCode('  return a + b;', async (asked) => {
      question = asked;
      const tab = previewTabs()[0];
      assert.ok(tab, 'the diff preview is open while the user decides');
      const input = tab.input as vscode.TabInputTextDiff;
      assert.equal(input.original.toString(), editor.document.uri.toString());
      shown = (await vscode.workspace.openTextDocument(input.modified)).getText();
      return true;
    });
    assert.equal(applied, true);
    const fixed = 'function add(a, b) {\n  return a + b;\n}\n';
    assert.equal(shown, fixed, 'the preview shows the file with the selection replaced');
    assert.match(question, /line 2\b/);
    assert.equal(editor.document.getText(), fixed);
    assert.deepEqual(previewTabs(), [], 'the preview is closed');
    await undoIn(editor.document);
    assert.equal(editor.document.getText(), ORIGINAL, 'one undo restores the file');
  });

  it('Apply to Selection changes nothing when cancelled, or when the file changed after the preview', async () => {
    editor.selection = new vscode.Selection(1, 0, 1, 15);
    assert.equal(await api.applyCode('  return a + b;', () => Promise.resolve(false)), false);
    assert.equal(editor.document.getText(), ORIGINAL);
    assert.deepEqual(previewTabs(), []);

    const document = editor.document;
    const applied = await api.applyCode('  return a + b;', async () => {
      // The user types in the file while the preview is shown.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(0, 0), '// typed\n');
      await vscode.workspace.applyEdit(edit);
      return true;
    });
    assert.equal(applied, false, 'refused');
    assert.equal(document.getText(), `// typed\n${ORIGINAL}`, 'only what the user typed');
    assert.deepEqual(previewTabs(), []);
  });

  it('Apply to Selection without a selection asks for one and shows no preview', async () => {
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    let asked = false;
    assert.equal(
      await api.applyCode('x', () => {
        asked = true;
        return Promise.resolve(true);
      }),
      false,
    );
    assert.equal(asked, false);
    assert.deepEqual(previewTabs(), []);
    assert.equal(editor.document.getText(), ORIGINAL);
  });

  it('finds the paths that are files inside the workspace folders only', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const inside = join(folder, 'app.js');
    const outside = join(folder, '..', 'xss-corpus.json');
    const paths = ['app.js', './native/crash.cpp', 'native', 'missing.js', '../xss-corpus.json', 'native/../app.js', inside, outside, 'file:app.js'];
    assert.deepEqual(await existingPaths(paths), ['app.js', './native/crash.cpp', inside]);
  });

  it('opens a workspace file at the line, and nothing outside the workspace', async () => {
    assert.equal(await openWorkspaceFile('calc.py', 3), true);
    const active = vscode.window.activeTextEditor!;
    assert.equal(vscode.workspace.asRelativePath(active.document.uri), 'calc.py');
    assert.equal(active.selection.active.line, 2);
    assert.equal(await openWorkspaceFile('calc.py', 100_000), true, 'a line past the end opens the last one');
    assert.equal(vscode.window.activeTextEditor!.selection.active.line, active.document.lineCount - 1);
    assert.equal(await openWorkspaceFile('../xss-corpus.json'), false);
    assert.equal(vscode.workspace.asRelativePath(vscode.window.activeTextEditor!.document.uri), 'calc.py');
  });
});
