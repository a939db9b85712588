// "Ask Gemini about this problem": a quick fix on every error and warning (lightbulb and Problems
// view). The code action carries plain data only (URI string, range numbers, message…), and the
// command reads the code around the problem when it runs: the enclosing function when a
// document symbol provider knows it, else a few lines above and below.
import * as vscode from 'vscode';
import { PROBLEM_BOUNDS, type ProblemCode, type ProblemContext } from '../../core/context/problemContext';
import type { ProblemSummary } from '../../core/context/prompts';
import { documentPath, problemsIn } from '../editorContext';
import { COMMANDS } from '../ids';

export const ASK_ABOUT_PROBLEM_TITLE = 'Ask Gemini about this problem';
/** At most this many "Ask Gemini" actions at one place (one per diagnostic). */
const MAX_ACTIONS = 3;
const SYMBOL_TIMEOUT_MS = 5000;

/** The command argument: JSON-safe, so it survives any serialization of the code action. */
export interface ProblemArgument {
  uri: string;
  /** 0-based [startLine, startCharacter, endLine, endCharacter]. */
  range: [number, number, number, number];
  message: string;
  severity: 'Error' | 'Warning';
  source?: string;
  code?: string;
}

export function problemArgument(uri: vscode.Uri, d: vscode.Diagnostic): ProblemArgument {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return {
    uri: uri.toString(),
    range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
    message: d.message,
    severity: d.severity === vscode.DiagnosticSeverity.Error ? 'Error' : 'Warning',
    ...(d.source ? { source: d.source } : {}),
    ...(code !== undefined && code !== '' ? { code: String(code) } : {}),
  };
}

export function isProblemArgument(value: unknown): value is ProblemArgument {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.uri === 'string' &&
    Array.isArray(v.range) &&
    v.range.length === 4 &&
    v.range.every((n) => Number.isInteger(n) && (n as number) >= 0) &&
    typeof v.message === 'string' &&
    (v.severity === 'Error' || v.severity === 'Warning')
  );
}

export class ProblemActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const seen = new Set<string>();
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.severity > vscode.DiagnosticSeverity.Warning) continue;
      const key = `${d.range.start.line}:${d.source ?? ''}:${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const action = new vscode.CodeAction(ASK_ABOUT_PROBLEM_TITLE, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [d];
      action.command = { command: COMMANDS.askAboutProblem, title: ASK_ABOUT_PROBLEM_TITLE, arguments: [problemArgument(document.uri, d)] };
      actions.push(action);
      if (actions.length === MAX_ACTIONS) break;
    }
    return actions;
  }
}

const FUNCTION_KINDS = new Set([vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor]);

/** The innermost function, method or constructor around `range`, from the document symbol provider. */
async function enclosingFunction(uri: vscode.Uri, range: vscode.Range): Promise<{ name: string; range: vscode.Range } | undefined> {
  let symbols: (vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined;
  try {
    let timer: ReturnType<typeof setTimeout> | undefined;
    symbols = await Promise.race([
      Promise.resolve(vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', uri)),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), SYMBOL_TIMEOUT_MS))),
    ]).finally(() => clearTimeout(timer));
  } catch {
    return undefined;
  }
  let best: { name: string; range: vscode.Range } | undefined;
  const visit = (list: readonly (vscode.DocumentSymbol | vscode.SymbolInformation)[]): void => {
    for (const s of list) {
      const symbolRange = 'location' in s ? s.location.range : s.range;
      if (!symbolRange.contains(range)) continue;
      if (FUNCTION_KINDS.has(s.kind) && (!best || best.range.contains(symbolRange))) best = { name: s.name, range: symbolRange };
      if ('children' in s && s.children) visit(s.children);
    }
  };
  visit(symbols ?? []);
  return best;
}

/** Reads what the problem turn needs: the problem, the file, the code around it, other problems there. */
export async function gatherProblem(arg: ProblemArgument): Promise<ProblemContext> {
  const uri = vscode.Uri.parse(arg.uri, true);
  const document = await vscode.workspace.openTextDocument(uri);
  const [sl, sc, el, ec] = arg.range;
  const range = document.validateRange(new vscode.Range(sl, sc, el, ec));
  const problem: ProblemSummary = {
    severity: arg.severity,
    line: range.start.line + 1,
    message: arg.message,
    ...(arg.source ? { source: arg.source } : {}),
    ...(arg.code ? { code: arg.code } : {}),
  };
  const symbol = await enclosingFunction(uri, range);
  let codeRange =
    symbol && symbol.range.end.line - symbol.range.start.line < PROBLEM_BOUNDS.maxLines * 4
      ? new vscode.Range(symbol.range.start.line, 0, symbol.range.end.line, document.lineAt(symbol.range.end.line).text.length)
      : new vscode.Range(
          Math.max(0, range.start.line - PROBLEM_BOUNDS.context),
          0,
          Math.min(document.lineCount - 1, range.end.line + PROBLEM_BOUNDS.context),
          document.lineAt(Math.min(document.lineCount - 1, range.end.line + PROBLEM_BOUNDS.context)).text.length,
        );
  // No blank lines at the ends of the excerpt.
  let first = codeRange.start.line;
  let last = codeRange.end.line;
  while (first < range.start.line && document.lineAt(first).isEmptyOrWhitespace) first++;
  while (last > range.end.line && document.lineAt(last).isEmptyOrWhitespace) last--;
  if (first !== codeRange.start.line || last !== codeRange.end.line) codeRange = new vscode.Range(first, 0, last, document.lineAt(last).text.length);
  const code: ProblemCode = {
    startLine: codeRange.start.line + 1,
    endLine: codeRange.end.line + 1,
    text: document.getText(codeRange),
    ...(symbol && codeRange.start.line === symbol.range.start.line ? { symbol: symbol.name } : {}),
  };
  const others = problemsIn(uri, codeRange).filter((p) => !(p.line === problem.line && p.message === problem.message));
  return {
    problem,
    path: documentPath(document),
    languageId: document.languageId,
    code,
    others,
  };
}
