// Reads what the user is looking at in the editor: the selection and the problems on it.
import * as vscode from 'vscode';
import type { CodeSelection, ProblemSummary } from '../core/context/prompts';

/** How a document is named to Gemini and the user: its workspace-relative path, or an untitled editor's name. */
export function documentPath(document: vscode.TextDocument): string {
  return document.isUntitled ? document.fileName : vscode.workspace.asRelativePath(document.uri);
}

/** The primary selection, with a trailing empty line (a whole-line selection's end) left out. */
export function selectedCode(editor: vscode.TextEditor): { selection: CodeSelection; range: vscode.Range } | undefined {
  const { selection, document } = editor;
  if (selection.isEmpty) return undefined;
  let end = selection.end;
  if (end.character === 0 && end.line > selection.start.line) end = document.lineAt(end.line - 1).range.end;
  const range = new vscode.Range(selection.start, end);
  const code = document.getText(range);
  if (!code.trim()) return undefined;
  return {
    range,
    selection: {
      path: documentPath(document),
      languageId: document.languageId,
      startLine: range.start.line + 1,
      endLine: range.end.line + 1,
      code,
    },
  };
}

/** Errors and warnings that overlap `range`, in line order. */
export function problemsIn(uri: vscode.Uri, range: vscode.Range): ProblemSummary[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning && d.range.intersection(range) !== undefined)
    .sort((a, b) => a.range.start.compareTo(b.range.start))
    .map((d) => summarizeDiagnostic(d));
}

export function summarizeDiagnostic(d: vscode.Diagnostic): ProblemSummary {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return {
    severity: d.severity === vscode.DiagnosticSeverity.Error ? 'Error' : 'Warning',
    line: d.range.start.line + 1,
    message: d.message,
    ...(d.source ? { source: d.source } : {}),
    ...(code !== undefined && code !== '' ? { code: String(code) } : {}),
  };
}
