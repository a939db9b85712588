// The rules a Gemini chat history must follow: it starts with `user`, roles alternate,
// and every turn has parts that carry data. Pure functions over plain data.
import type { Content, Part } from '../types';
import { cloneContent, clonePart, isPart, textOf } from '../parts';
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

const SPEAKER = { user: 'the user', model: 'the model' } as const;

/** The index of the last user turn with text in it (not only debugger results), or -1. */
export function lastQuestion(history: readonly Content[]): number {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.role === 'user' && textOf(history[i]!) !== '') return i;
  return -1;
}

/**
 * Why a history is not valid for Gemini, in words for the person whose file it is (import shows
 * it as it is), or undefined when it is valid. Messages are counted from 1.
 */
export function historyProblem(history: readonly Content[]): string | undefined {
  for (let i = 0; i < history.length; i++) {
    const turn = history[i]!;
    const n = i + 1;
    const role: unknown = turn.role;
    if (role !== 'user' && role !== 'model') {
      const found = role === undefined ? 'has no role' : `has the role ${JSON.stringify(role)}`;
      return `message ${n} ${found} (it must be "user" or "model")`;
    }
    if (i === 0 && role === 'model') return 'message 1 is from the model: a chat begins with a message from the user';
    if (i > 0 && history[i - 1]!.role === role) return `message ${i} and message ${n} are both from ${SPEAKER[role]}: messages must alternate between user and model`;
    if (!Array.isArray(turn.parts) || turn.parts.length === 0) return `message ${n} has no parts (a message holds what it says as "parts": [{"text": "..."}])`;
    const bad = turn.parts.findIndex((part) => !isPart(part));
    if (bad >= 0) return `part ${bad + 1} of message ${n} is empty or of an unknown kind (a part holds non-empty "text", or data Gemini sent such as a "functionCall")`;
  }
  return callProblem(history);
}
