// The rules a Gemini chat history must follow: it starts with `user`, roles alternate,
// and every turn has non-empty text. Pure functions over plain data.
import type { Content, TextPart } from '../types';

export function textOf(content: Content): string {
  return content.parts.map((p) => p.text).join('\n\n');
}

export function cloneHistory(history: readonly Content[]): Content[] {
  return history.map((c) => ({ role: c.role, parts: c.parts.map((p) => ({ text: p.text })) }));
}

/** True when the last turn is the user's and has no answer yet. */
export function endsWithUser(history: readonly Content[]): boolean {
  return history.length > 0 && history[history.length - 1].role === 'user';
}

/**
 * Adds the user's text. A trailing unanswered user turn absorbs it as another part, so
 * roles still alternate and each text the user wrote is sent exactly once.
 */
export function appendUserText(history: readonly Content[], text: string): Content[] {
  const next = cloneHistory(history);
  const part: TextPart = { text };
  if (endsWithUser(next)) next[next.length - 1].parts.push(part);
  else next.push({ role: 'user', parts: [part] });
  return next;
}

/** Adds the model's answer to a history that ends with the user's turn. */
export function appendModelText(history: readonly Content[], text: string): Content[] {
  if (!endsWithUser(history)) throw new Error('A model turn must follow a user turn');
  return [...cloneHistory(history), { role: 'model', parts: [{ text }] }];
}

/** Why a history is not valid for Gemini, or undefined when it is. */
export function historyProblem(history: readonly Content[]): string | undefined {
  for (let i = 0; i < history.length; i++) {
    const turn = history[i];
    const expected = i % 2 === 0 ? 'user' : 'model';
    if (turn.role !== expected) return `turn ${i + 1} should be from ${expected}, not ${String(turn.role)}`;
    if (!Array.isArray(turn.parts) || turn.parts.length === 0) return `turn ${i + 1} has no parts`;
    if (turn.parts.some((p) => typeof p?.text !== 'string' || p.text.length === 0)) return `turn ${i + 1} has an empty or non-text part`;
  }
  return undefined;
}
