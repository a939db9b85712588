// The Get Started walkthrough's buttons that act on the sample project (sample/orders.js, which
// `npm start` opens): each opens the file beside the walkthrough where its step happens and
// starts the step, so the step is done by the very command it teaches.
import * as vscode from 'vscode';
import type { Handler } from './commandArgs';
import { COMMANDS } from './ids';

/** Where the steps happen in the sample: its file, the function to ask about, the call with a problem. */
const SAMPLE = { file: 'orders.js', askAbout: 'function orderTotal(', problemAt: 'parseInt(' } as const;
/** How long the JavaScript language service may take to report the sample's problem. */
const DIAGNOSTICS_TIMEOUT_MS = 30_000;

async function openSample(): Promise<vscode.TextEditor | undefined> {
  const [uri] = await vscode.workspace.findFiles(`**/${SAMPLE.file}`, '**/node_modules/**', 1);
  if (!uri) {
    void vscode.window.showInformationMessage(
      `This step uses ${SAMPLE.file} of the sample project, which is not open (npm start in the extension's repository opens it). In your own code: select some, right-click it and choose Ask Gemini.`,
    );
    return undefined;
  }
  return vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside });
}

function lineStarting(document: vscode.TextDocument, text: string): number | undefined {
  for (let line = 0; line < document.lineCount; line++) if (document.lineAt(line).text.includes(text)) return line;
  return undefined;
}

function show(editor: vscode.TextEditor, selection: vscode.Selection): void {
  editor.selection = selection;
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** The first warning or error on `line` of `uri`, waiting for the language service up to the timeout. */
function diagnosticOn(uri: vscode.Uri, line: number): Promise<vscode.Diagnostic | undefined> {
  const find = () => vscode.languages.getDiagnostics(uri).find((d) => d.range.start.line === line && d.severity <= vscode.DiagnosticSeverity.Warning);
  const found = find();
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const finish = (result: vscode.Diagnostic | undefined) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(result);
    };
    const timer = setTimeout(() => finish(undefined), DIAGNOSTICS_TIMEOUT_MS);
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      const diagnostic = event.uris.some((changed) => changed.toString() === uri.toString()) ? find() : undefined;
      if (diagnostic) finish(diagnostic);
    });
  });
}

export const walkthroughCommands: Record<string, Handler> = {
  /** Selects orderTotal (its first line down to its closing brace) and runs Ask Gemini on it. */
  [COMMANDS.walkthroughAsk]: async () => {
    const editor = await openSample();
    if (!editor) return;
    const { document } = editor;
    const first = lineStarting(document, SAMPLE.askAbout);
    if (first === undefined) return vscode.commands.executeCommand(COMMANDS.ask);
    let last = first;
    while (last < document.lineCount - 1 && document.lineAt(last).text !== '}') last++;
    show(editor, new vscode.Selection(first, 0, last, document.lineAt(last).text.length));
    return vscode.commands.executeCommand(COMMANDS.ask);
  },

  /** Puts the cursor on the problem of the parseInt call and opens the quick fixes there. */
  [COMMANDS.walkthroughProblem]: async () => {
    const editor = await openSample();
    if (!editor) return;
    const { document } = editor;
    const line = lineStarting(document, SAMPLE.problemAt);
    if (line === undefined) return;
    const call = new vscode.Position(line, document.lineAt(line).text.indexOf(SAMPLE.problemAt));
    show(editor, new vscode.Selection(call, call));
    const diagnostic = await diagnosticOn(document.uri, line);
    if (!diagnostic) {
      void vscode.window.showInformationMessage(
        `The JavaScript language service has not reported the problem on line ${line + 1} yet. Once it is underlined, put the cursor on it and press Ctrl+. (Cmd+. on a Mac).`,
      );
      return;
    }
    // Shown again (awaited, focused) with the cursor on the problem: the quick fixes open where the focus is.
    const at = new vscode.Range(diagnostic.range.start, diagnostic.range.start);
    await vscode.window.showTextDocument(document, { viewColumn: editor.viewColumn, selection: at, preserveFocus: false });
    return vscode.commands.executeCommand('editor.action.quickFix');
  },
};
