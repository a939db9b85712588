// Two windows on the same workspace share one stored chat (globalState is shared by the
// windows of a profile) and each saves whole values. Every stored value carries a revision
// and the id of the session that wrote it; a session compares them with what it last read or
// wrote before each save. On a mismatch it merges: the stored chat is adopted and the turns
// this session added since are re-applied after it, so no turn is lost and roles still
// alternate. Pure functions over plain data.
import { cloneHistory, historyProblem } from './history';
import { INITIAL_CHAT_ID, type AnswerInfo, type Content, type StoredChat } from '../types';

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
  return !!a && !!b && a.role === b.role && a.parts.length === b.parts.length && a.parts.every((p, i) => p.text === b.parts[i]!.text);
}

export interface MergeResult {
  chat: StoredChat;
  /** Turns of the stored chat this session did not have. */
  added: number;
}

/** Edits since `base`: the turns from the first that changed on (`from`, an index of the whole chat), the parts `base` already had in that first one left out (it may end up empty). */
export function changesSince(base: StoredChat, chat: StoredChat): { from: number; turns: Content[] } {
  const baseStart = archivedOf(base);
  const start = archivedOf(chat);
  let from = Math.max(baseStart, start);
  while (from < endOf(chat) && sameTurn(base.history[from - baseStart], chat.history[from - start])) from++;
  const turns = cloneHistory(chat.history.slice(from - start));
  const before = base.history[from - baseStart];
  if (turns[0] && before && before.role === turns[0].role) {
    // A turn we added parts to (a question joined to an unanswered one): only the new parts.
    let common = 0;
    while (common < before.parts.length && turns[0].parts[common]?.text === before.parts[common]!.text) common++;
    turns[0].parts = turns[0].parts.slice(common);
  }
  return { from, turns };
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
  const ourChanges = changesSince(base, ours);
  ourChanges.turns.forEach((turn, i) => {
    if (turn.parts.length === 0) return;
    if (history.length === 0 && turn.role === 'model') {
      // Only if the other window dropped the question this answers; kept so the result is always valid.
      history.push({ role: 'user', parts: [{ text: '(The question for this answer was not kept.)' }] });
    }
    const previous = history[history.length - 1];
    if (previous?.role === turn.role) {
      previous.parts.push(...turn.parts);
    } else {
      history.push(turn);
      const info = ours.answers?.[ourChanges.from - archivedOf(ours) + i];
      if (turn.role === 'model' && info) answers[history.length - 1] = info;
    }
  });
  const theirStart = archivedOf(theirs);
  const chat: StoredChat = { version: 1, history, ...(theirs.chatId ? { chatId: theirs.chatId } : {}), ...(theirStart ? { archived: theirStart } : {}) };
  if (Object.keys(answers).length > 0) chat.answers = answers;
  // The summary covering the most archived turns that are archived in the result.
  const summary = [theirs.summary, ours.summary].filter((s) => s !== undefined && s.turns <= theirStart).sort((a, b) => b!.turns - a!.turns)[0];
  if (summary) chat.summary = { ...summary };
  const problem = historyProblem(history);
  if (problem) throw new Error(`mergeChats produced an invalid history (${problem})`);
  const theirChanges = changesSince(base, theirs);
  return { chat, added: theirChanges.turns.filter((turn) => turn.parts.length > 0).length };
}
