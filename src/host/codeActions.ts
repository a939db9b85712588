// A code block's Insert at Cursor and Apply to Selection. The chat view has the focus when its
// buttons are pressed, so the editor they act on is the last text editor that was active.
// Apply shows a diff of the file against the file with the selection replaced, asks, and then
// makes one edit (one undo step), unless the file changed while the user looked at the preview.
import * as vscode from 'vscode';
import { documentPath } from './editorContext';
import { PROPOSED_SCHEME } from './ids';

/** Asks whether to apply the previewed change; the integration tests answer in its place. */
export type ConfirmApply = (question: string) => Thenable<boolean>;

const askToApply: ConfirmApply = async (question) => (await vscode.window.showInformationMessage(question, 'Apply', 'Cancel')) === 'Apply';

export class CodeActions implements vscode.Disposable {
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  /** The previewed texts, by preview URI, while their diff is open. */
  private readonly proposed = new Map<string, string>();
  private previews = 0;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly say: (text: string) => void) {
    this.disposables = [
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Our own previews are not where code goes.
        if (editor && editor.document.uri.scheme !== PROPOSED_SCHEME) this.lastEditor = editor;
      }),
      vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, { provideTextDocumentContent: (uri) => this.proposed.get(uri.toString()) ?? '' }),
    ];
  }

  /** The last active text editor, if its document is still shown (an editor object dies with its tab). */
  private target(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active && active.document.uri.scheme !== PROPOSED_SCHEME) return active;
    const last = this.lastEditor;
    if (!last) return undefined;
    const visible = vscode.window.visibleTextEditors;
    return visible.includes(last) ? last : visible.find((e) => e.document === last.document);
  }

  /** Inserts `code` at the cursor of the last active editor, as one undoable edit. */
  async insert(code: string): Promise<boolean> {
    const editor = this.target();
    if (!editor) {
      void vscode.window.showInformationMessage('Gemini: open a file and place the cursor where the code should go, then press Insert at Cursor again.');
      return false;
    }
    const at = editor.selection.active;
    // A code block is whole lines: put at the start of a line, it keeps that line's text on the next one.
    const rest = editor.document.lineAt(at.line).text.slice(at.character);
    const text = at.character === 0 && rest.trim() !== '' && !code.endsWith('\n') ? `${code}\n` : code;
    if (!(await editor.edit((edit) => edit.insert(at, text)))) {
      void vscode.window.showWarningMessage(`Gemini: could not insert the code into ${documentPath(editor.document)}.`);
      return false;
    }
    editor.revealRange(new vscode.Range(at, at));
    this.say(`Inserted at the cursor in ${documentPath(editor.document)}`);
    return true;
  }

  /** Previews `code` in place of the last active editor's selection, and applies it if the user agrees. */
  async apply(code: string, confirm: ConfirmApply = askToApply): Promise<boolean> {
    const editor = this.target();
    if (!editor || editor.selection.isEmpty) {
      void vscode.window.showInformationMessage('Gemini: select the code to replace in an editor first, then press Apply to Selection again.');
      return false;
    }
    const { document, viewColumn } = editor;
    const range = new vscode.Range(editor.selection.start, editor.selection.end);
    // Whole lines selected (the selection ends at a line's start): the code replaces them as lines.
    const wholeLines = range.end.character === 0 && range.end.line > range.start.line;
    if (wholeLines && !code.endsWith('\n')) code += '\n';
    const last = wholeLines ? range.end.line - 1 : range.end.line;
    const lines = range.start.line === last ? `line ${range.start.line + 1}` : `lines ${range.start.line + 1}-${last + 1}`;
    const version = document.version;
    const text = document.getText();
    const proposed = text.slice(0, document.offsetAt(range.start)) + code + text.slice(document.offsetAt(range.end));
    const preview = document.uri.with({ scheme: PROPOSED_SCHEME, query: String(++this.previews) });
    this.proposed.set(preview.toString(), proposed);
    let agreed: boolean;
    try {
      await vscode.commands.executeCommand('vscode.diff', document.uri, preview, `${documentPath(document)} ↔ Gemini's code (${lines})`, { preview: true, viewColumn });
      agreed = await confirm(`Apply Gemini's code to ${documentPath(document)}, ${lines}? The diff shows the change.`);
    } finally {
      await closePreview(preview);
      this.proposed.delete(preview.toString());
    }
    if (!agreed) return false;
    if (document.isClosed || document.version !== version) {
      void vscode.window.showWarningMessage(
        `Gemini: ${documentPath(document)} changed after the preview, so nothing was applied. Select the code again and press Apply to Selection for a new preview.`,
      );
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, code);
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showWarningMessage(`Gemini: could not apply the code to ${documentPath(document)}.`);
      return false;
    }
    const end = document.positionAt(document.offsetAt(range.start) + code.length);
    await vscode.window.showTextDocument(document, { viewColumn, selection: new vscode.Range(range.start, end) });
    this.say(`Applied to ${documentPath(document)}`);
    return true;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

async function closePreview(preview: vscode.Uri): Promise<void> {
  const shown = preview.toString();
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === shown);
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}
