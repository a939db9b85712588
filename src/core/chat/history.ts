// The rules a Gemini chat history must follow: it starts with `user`, roles alternate,
// and every turn has parts that carry data. Pure functions over plain data.
import type { Content, Part } from '../types';
import { cloneContent, clonePart, isPart } from '../parts';
import { callProblem } from './calls';

export function cloneHistory(history: readonly Content[]): Content[] {
  return history.map(cloneContent);
}

/** True when the last turn is the user's and has no answer yet. */
export function endsWithUser(history: readonly Content[]): boolean {
  return history.length > 0 && history[history.length - 1]!.role === 'user';
}

/**
 * Adds the user's text. A trailing unanswered user turn absorbs it as another part, so
 * roles still alternate and each text the user wrote is sent exactly once.
 */
export function appendUserText(history: readonly Content[], text: string): Content[] {
  const next = cloneHistory(history);
  if (endsWithUser(next)) next[next.length - 1]!.parts.push({ text });
  else next.push({ role: 'user', parts: [{ text }] });
  return next;
}

/** Adds the model's answer (its parts as received) to a history that ends with the user's turn. */
export function appendModelParts(history: readonly Content[], parts: readonly Part[]): Content[] {
  if (!endsWithUser(history)) throw new Error('A model turn must follow a user turn');
  return [...cloneHistory(history), { role: 'model', parts: parts.map(clonePart) }];
}

/** Why a history is not valid for Gemini, or undefined when it is. */
export function historyProblem(history: readonly Content[]): string | undefined {
  for (let i = 0; i < history.length; i++) {
    const turn = history[i]!;
    const expected = i % 2 === 0 ? 'user' : 'model';
    if (turn.role !== expected) return `turn ${i + 1} should be from ${expected}, not ${String(turn.role)}`;
    if (!Array.isArray(turn.parts) || turn.parts.length === 0) return `turn ${i + 1} has no parts`;
    if (!turn.parts.every(isPart)) return `turn ${i + 1} has an empty or invalid part`;
  }
  return callProblem(history);
}
