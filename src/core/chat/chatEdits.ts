// The edits a chat goes through, as pure functions from one StoredChat to the next. Each keeps
// the metadata beside the history (answers, cards, times: keyed by turn index) in step with the turns.
import type { AnswerInfo, ContextCard, Part, StoredChat, UserMessage } from '../types';
import { clonePart } from '../parts';
import { notRunResponses, unansweredCalls } from './calls';
import { appendModelParts, appendUserText, cloneHistory, endsWithUser } from './history';

type ByTurn<T> = Record<number, T>;

/** `record` with every key moved by `-by`, keeping keys in [from, to) (before the move). */
function reindex<T>(record: ByTurn<T> | undefined, from: number, to: number, by: number): ByTurn<T> | undefined {
  const entries = Object.entries(record ?? {}).flatMap(([key, value]) => (Number(key) >= from && Number(key) < to ? [[Number(key) - by, value] as const] : []));
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** The chat with `answers`, `cards` and `times` set, or left out where empty. */
function withMeta(chat: StoredChat, answers: ByTurn<AnswerInfo> | undefined, cards: ByTurn<ByTurn<ContextCard>> | undefined, times: ByTurn<number> | undefined): StoredChat {
  const next: StoredChat = { ...chat };
  delete next.answers;
  delete next.cards;
  delete next.times;
  if (answers && Object.keys(answers).length > 0) next.answers = answers;
  if (cards && Object.keys(cards).length > 0) next.cards = cards;
  if (times && Object.keys(times).length > 0) next.times = times;
  return next;
}

/** `times` with turn `turn` written at `at` (unchanged without a time). */
function stamped(times: ByTurn<number> | undefined, turn: number, at: number | undefined): ByTurn<number> | undefined {
  return at === undefined ? times : { ...times, [turn]: at };
}

/**
 * Adds the user's message: a new turn, or another part of the unanswered question at the end (so
 * each text is sent once). Calls the last answer made that never ran are answered as not run first.
 * `at`: when it was sent (a joined message keeps its turn's time).
 */
export function withUserMessage(chat: StoredChat, message: UserMessage, at?: number): StoredChat {
  const pending = unansweredCalls(chat.history);
  const base = pending.length > 0 ? withToolResponses(chat, notRunResponses(pending, 'Not run: the user sent a new message before this call ran.')) : chat;
  const joined = endsWithUser(base.history);
  const history = appendUserText(base.history, message.text);
  const turn = history.length - 1;
  const cards = structuredClone(base.cards ?? {});
  if (message.card) (cards[turn] ??= {})[joined ? base.history[turn]!.parts.length : 0] = structuredClone(message.card);
  return withMeta({ ...base, history }, base.answers, cards, joined ? base.times : stamped(base.times, turn, at));
}

/** Answers the calls of the last answer: a user turn of one function response per call. */
export function withToolResponses(chat: StoredChat, responses: readonly Part[]): StoredChat {
  if (unansweredCalls(chat.history).length !== responses.length) throw new Error('every call of the last answer needs exactly one response');
  return { ...chat, history: [...cloneHistory(chat.history), { role: 'user', parts: responses.map(clonePart) }] };
}

/**
 * Adds Gemini's answer (all its parts) to the question at the end. Should the chat already end
 * with an answer (another window answered the same question meanwhile), the two become one turn,
 * described as the first one was.
 */
export function withAnswer(chat: StoredChat, parts: readonly Part[], info: AnswerInfo, at?: number): StoredChat {
  if (!endsWithUser(chat.history) && chat.history.length > 0) {
    const history = cloneHistory(chat.history);
    history[history.length - 1]!.parts.push(...parts.map(clonePart));
    return { ...chat, history };
  }
  const history = appendModelParts(chat.history, parts);
  return withMeta({ ...chat, history }, { ...chat.answers, [history.length - 1]: info }, chat.cards, stamped(chat.times, history.length - 1, at));
}

/** The first `length` turns, with their metadata. */
export function truncated(chat: StoredChat, length: number): StoredChat {
  return withMeta({ ...chat, history: chat.history.slice(0, length) }, reindex(chat.answers, 0, length, 0), reindex(chat.cards, 0, length, 0), reindex(chat.times, 0, length, 0));
}

/** Without the first `count` turns (moved to the archive): the rest and its metadata move up. */
export function withoutOldest(chat: StoredChat, count: number): StoredChat {
  const end = chat.history.length;
  return withMeta(
    { ...chat, history: chat.history.slice(count), archived: (chat.archived ?? 0) + count },
    reindex(chat.answers, count, end, count),
    reindex(chat.cards, count, end, count),
    reindex(chat.times, count, end, count),
  );
}
