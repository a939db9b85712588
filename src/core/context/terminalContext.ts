// The user turn for "Ask Gemini" on text selected in the terminal (build and test output).
import type { UserMessage } from '../types';
import { contextMessage } from './cards';
import { fenced } from './prompts';
import { redactSecretsInText } from './redaction';

export const TERMINAL_BOUNDS = {
  /** The last lines are kept: errors are usually at the end of the output. */
  lines: 200,
  lineLength: 400,
} as const;

export const DEFAULT_TERMINAL_QUESTION = 'Explain this output: what went wrong, and how do I fix it?';

// CSI and OSC sequences, and other single-character escapes: control characters are the point.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

/** The selection as plain text: no escape sequences or trailing spaces, the last lines kept. */
export function cleanTerminalText(text: string): { text: string; lines: number; omitted: number } {
  const lines = text
    .replace(ANSI, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''));
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const kept = lines.slice(-TERMINAL_BOUNDS.lines).map((l) => (l.length > TERMINAL_BOUNDS.lineLength ? `${l.slice(0, TERMINAL_BOUNDS.lineLength)}\u2026` : l));
  return { text: kept.join('\n'), lines: lines.length, omitted: lines.length - kept.length };
}

export function terminalPrompt(terminalName: string, selection: string, question?: string): UserMessage | undefined {
  const clean = cleanTerminalText(selection);
  if (!clean.text.trim()) return undefined;
  const name = terminalName.trim() || 'terminal';
  const sections = [
    `Output selected in the terminal "${name}"${clean.omitted > 0 ? ` (the last ${clean.lines - clean.omitted} of ${clean.lines} lines)` : ''}:`,
    fenced(redactSecretsInText(clean.text), 'text'),
  ];
  return contextMessage('terminal', `${name} (${clean.lines} line${clean.lines === 1 ? '' : 's'})`, sections, question?.trim() || DEFAULT_TERMINAL_QUESTION);
}
