// The user turn for "Ask Gemini about this problem" (the quick fix on an error or warning): the
// diagnostic, where it is, and the code around it (the enclosing function when known).
import type { UserMessage } from '../types';
import { contextMessage, oneLine } from './cards';
import { fenced, formatProblem, lineRange, type ProblemSummary } from './prompts';
import { redactSecretsInText } from './redaction';

export interface ProblemCode {
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  text: string;
  /** The enclosing function's (or method's) name, when a document symbol gave the range. */
  symbol?: string;
}

export interface ProblemContext {
  problem: ProblemSummary;
  /** Workspace-relative path (or the file name outside the workspace). */
  path: string;
  languageId: string;
  code?: ProblemCode;
  /** Other errors and warnings inside `code`. */
  others?: ProblemSummary[];
}

export const DEFAULT_PROBLEM_QUESTION = 'Explain this problem and show how to fix it.';

export const PROBLEM_BOUNDS = {
  /** Lines of code around the problem when there is no enclosing function (above and below). */
  context: 8,
  /** Lines of an enclosing function; a longer one is cut to the lines around the problem. */
  maxLines: 80,
  lineLength: 400,
  others: 5,
} as const;

/** Lines first..last of `text` (1-based, inclusive) around `line`, at most PROBLEM_BOUNDS.maxLines. */
export function boundCode(code: ProblemCode, line: number): ProblemCode {
  const lines = code.text.replace(/\n$/, '').split('\n');
  let first = code.startLine;
  let last = code.startLine + lines.length - 1;
  if (lines.length > PROBLEM_BOUNDS.maxLines) {
    const half = Math.floor(PROBLEM_BOUNDS.maxLines / 2);
    first = Math.max(code.startLine, Math.min(line - half, last - PROBLEM_BOUNDS.maxLines + 1));
    last = first + PROBLEM_BOUNDS.maxLines - 1;
  }
  const kept = lines
    .slice(first - code.startLine, last - code.startLine + 1)
    .map((l) => (l.length > PROBLEM_BOUNDS.lineLength ? `${l.slice(0, PROBLEM_BOUNDS.lineLength)}\u2026` : l));
  const cut = first !== code.startLine || last !== code.startLine + lines.length - 1;
  return { startLine: first, endLine: last, text: kept.join('\n'), ...(code.symbol && !cut ? { symbol: code.symbol } : {}) };
}

export function problemPrompt(context: ProblemContext, question?: string): UserMessage {
  const { problem } = context;
  const sections = [`\`${context.path}\`, line ${problem.line} (${context.languageId}):\n${formatProblem(problem)}`];
  if (context.code) {
    const code = boundCode(context.code, problem.line);
    const where = code.symbol
      ? `The enclosing function \`${code.symbol}\`, ${lineRange(code.startLine, code.endLine)}:`
      : `The code around it, ${lineRange(code.startLine, code.endLine)}:`;
    sections.push(`${where}\n${fenced(redactSecretsInText(code.text), context.languageId)}`);
  }
  const others = (context.others ?? []).slice(0, PROBLEM_BOUNDS.others);
  if (others.length > 0) sections.push(`Other problems in this code:\n${others.map(formatProblem).join('\n')}`);
  return contextMessage('problem', `${problem.severity}: ${oneLine(problem.message)}`, sections, question?.trim() || DEFAULT_PROBLEM_QUESTION);
}
