// Two windows on the same workspace share one stored chat (globalState is shared by the
// windows of a profile) and each saves whole values. Every stored value carries a revision
// and the id of the session that wrote it; a session compares them with what it last read or
// wrote before each save. On a mismatch it merges: the stored chat is adopted and the turns
// this session added since are re-applied after it, so no turn is lost and roles still
// alternate. Pure functions over plain data.
import { INITIAL_CHAT_ID, type AnswerInfo, type Content, type ContextCard, type StoredChat, type UserMessage } from '../types';
import { repairCalls } from './calls';
import { cloneHistory, historyProblem } from './history';
import { sameJson } from '../parts';

export interface Stamp {
  revision: number;
  writer: string;
}

export const NO_STAMP: Stamp = { revision: 0, writer: '' };

/** The revision and writer of a stored value; a value from before stamps (or none) is revision 0. */
export function readStamp(value: unknown): Stamp {
  if (typeof value !== 'object' || value === null) return NO_STAMP;
  const { revision, writer } = value as Record<string, unknown>;
  return {
    revision: typeof revision === 'number' && Number.isSafeInteger(revision) && revision > 0 ? revision : 0,
    writer: typeof writer === 'string' ? writer : '',
  };
}

export function sameStamp(a: Stamp, b: Stamp): boolean {
  return a.revision === b.revision && a.writer === b.writer;
}

export const chatIdOf = (chat: StoredChat): string => chat.chatId ?? INITIAL_CHAT_ID;
export const archivedOf = (chat: StoredChat): number => chat.archived ?? 0;
/** Number of turns of the whole chat, archived ones included. */
export const endOf = (chat: StoredChat): number => archivedOf(chat) + chat.history.length;

export function sameTurn(a: Content | undefined, b: Content | undefined): boolean {
  return !!a && !!b && a.role === b.role && sameJson(a.parts, b.parts);
}

export interface MergeResult {
  chat: StoredChat;
  /** Turns of the stored chat this session did not have. */
  added: number;
}

/**
 * Edits since `base`: the turns from the first that changed on (`from`, an index of the whole
 * chat), the `skipped` parts `base` already had in that first one left out (it may end up empty).
 */
export function changesSince(base: StoredChat, chat: StoredChat): { from: number; turns: Content[]; skipped: number } {
  const baseStart = archivedOf(base);
  const start = archivedOf(chat);
  let from = Math.max(baseStart, start);
  while (from < endOf(chat) && sameTurn(base.history[from - baseStart], chat.history[from - start])) from++;
  const turns = cloneHistory(chat.history.slice(from - start));
  const before = base.history[from - baseStart];
  let skipped = 0;
  if (turns[0] && before && before.role === turns[0].role) {
    // A turn we added parts to (a question joined to an unanswered one): only the new parts.
    while (skipped < before.parts.length && sameJson(turns[0].parts[skipped], before.parts[skipped])) skipped++;
    turns[0].parts = turns[0].parts.slice(skipped);
  }
  return { from, turns, skipped };
}

/** The cards of user turn `index` of `chat` (an index into its live history), shifted by `offset` parts and from part `skip` on. */
function cardsOf(chat: StoredChat, index: number, skip: number, offset: number): [number, ContextCard][] {
  return Object.entries(chat.cards?.[index] ?? {}).flatMap(([part, card]) => (Number(part) >= skip ? [[Number(part) - skip + offset, card] as [number, ContextCard]] : []));
}

/** The messages the user added since `base` (text and card), in order: what must go on in a chat that replaced this one. */
export function userMessagesSince(base: StoredChat, chat: StoredChat): UserMessage[] {
  const changes = changesSince(base, chat);
  return changes.turns.flatMap((turn, i) => {
    if (turn.role !== 'user') return [];
    const cards = new Map(cardsOf(chat, changes.from - archivedOf(chat) + i, i === 0 ? changes.skipped : 0, 0));
    return turn.parts.flatMap((part, j) => {
      if (typeof part.text !== 'string' || !part.text) return [];
      const card = cards.get(j);
      return [card ? { text: part.text, card } : { text: part.text }];
    });
  });
}

/**
 * Three-way merge. `theirs` (the stored chat, written by someone else since) is kept as it is,
 * and what `ours` changed since `base` (what this session last read or wrote) is appended after
 * it. Two turns of the same role in a row become one turn holding both (two questions, or two
 * answers to one question), so roles alternate and each text is kept exactly once. All three
 * must be the same conversation (chatId).
 */
export function mergeChats(theirs: StoredChat, ours: StoredChat, base: StoredChat): MergeResult {
  const history = cloneHistory(theirs.history);
  const answers: Record<number, AnswerInfo> = { ...theirs.answers };
  const cards: Record<number, Record<number, ContextCard>> = structuredClone(theirs.cards ?? {});
  const times: Record<number, number> = { ...theirs.times };
  const ourChanges = changesSince(base, ours);
  ourChanges.turns.forEach((turn, i) => {
    if (turn.parts.length === 0) return;
    if (history.length === 0 && turn.role === 'model') {
      // Only if the other window dropped the question this answers; kept so the result is always valid.
      history.push({ role: 'user', parts: [{ text: '(The question for this answer was not kept.)' }] });
    }
    const index = ourChanges.from - archivedOf(ours) + i;
    const previous = history[history.length - 1];
    const joined = previous?.role === turn.role;
    const target = joined ? previous : { role: turn.role, parts: [] };
    if (!joined) history.push(target);
    const at = history.length - 1;
    for (const [part, card] of cardsOf(ours, index, i === 0 ? ourChanges.skipped : 0, target.parts.length)) (cards[at] ??= {})[part] = card;
    target.parts.push(...turn.parts);
    const info = ours.answers?.[index];
    if (!joined && turn.role === 'model' && info) answers[at] = info;
    const time = ours.times?.[index];
    if (!joined && time !== undefined) times[at] = time;
  });
  const theirStart = archivedOf(theirs);
  const chat: StoredChat = { version: 1, history, ...(theirs.chatId ? { chatId: theirs.chatId } : {}), ...(theirStart ? { archived: theirStart } : {}) };
  if (Object.keys(answers).length > 0) chat.answers = answers;
  if (Object.keys(cards).length > 0) chat.cards = cards;
  if (Object.keys(times).length > 0) chat.times = times;
  const title = ours.title !== base.title ? ours.title : theirs.title;
  if (title !== undefined) chat.title = title;
  const model = ours.model !== base.model ? ours.model : theirs.model;
  if (model !== undefined) chat.model = model;
  // The summary covering the most archived turns that are archived in the result.
  const summary = [theirs.summary, ours.summary].filter((s) => s !== undefined && s.turns <= theirStart).sort((a, b) => b!.turns - a!.turns)[0];
  if (summary) chat.summary = { ...summary };
  // Both windows investigating at once: answer their calls as the API requires.
  const fixed = repairCalls(history);
  if (fixed.repaired.length > 0) chat.history = fixed.history;
  const problem = historyProblem(chat.history);
  if (problem) throw new Error(`mergeChats produced an invalid history (${problem})`);
  const theirChanges = changesSince(base, theirs);
  return { chat, added: theirChanges.turns.filter((turn) => turn.parts.length > 0).length };
}
