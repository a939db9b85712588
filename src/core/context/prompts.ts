// The user turns that carry editor context to Gemini, formatted as plain markdown so that
// what the user sees in the chat is exactly what the model gets.
import type { UserMessage } from '../types';
import { oneLine } from './cards';

export interface CodeSelection {
  /** Workspace-relative path (or the file name for files outside the workspace). */
  path: string;
  languageId: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  code: string;
}

export interface ProblemSummary {
  severity: 'Error' | 'Warning';
  /** 1-based line. */
  line: number;
  message: string;
  source?: string;
  code?: string;
}

export const DEFAULT_SELECTION_QUESTION = 'Explain what this code does and point out any bugs.';

function longestBacktickRun(text: string): number {
  return Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
}

/** A fence longer than any backtick run inside the code, so the block cannot be closed early. */
export function fenced(code: string, languageId: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(code) + 1));
  return `${fence}${languageId}\n${code.replace(/\n$/, '')}\n${fence}`;
}

/** Inline code that no backtick inside the text can close early. */
export function codeSpan(text: string): string {
  const longest = longestBacktickRun(text);
  const ticks = '`'.repeat(longest + 1);
  return longest > 0 ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

export function lineRange(startLine: number, endLine: number): string {
  return startLine === endLine ? `line ${startLine}` : `lines ${startLine}-${endLine}`;
}

export function formatProblem(p: ProblemSummary): string {
  const origin = [p.source, p.code].filter(Boolean).join(' ');
  return `- ${p.severity} at line ${p.line}${origin ? ` (${origin})` : ''}: ${p.message.replace(/\s*\n\s*/g, ' ')}`;
}

export function selectionPrompt(selection: CodeSelection, problems: ProblemSummary[], question?: string): UserMessage {
  const where = `${selection.path}, ${lineRange(selection.startLine, selection.endLine)} (${selection.languageId})`;
  const sections = [`${codeSpan(selection.path)}, ${lineRange(selection.startLine, selection.endLine)} (${selection.languageId}):`, fenced(selection.code, selection.languageId)];
  if (problems.length > 0) sections.push(`Problems reported in this code:\n${problems.map(formatProblem).join('\n')}`);
  const asked = question?.trim() || DEFAULT_SELECTION_QUESTION;
  sections.push(asked);
  return { text: sections.join('\n\n'), card: { kind: 'selection', title: oneLine(where), question: asked } };
}
