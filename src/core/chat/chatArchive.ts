// Bounded chat lifetime: past a number of turns or a stored size, the oldest turns move out of
// the live chat into an archive file (one per conversation, in the export format, so it can be
// read or imported). Pure: which turns to move, and what the archive file holds afterwards.
import { answersCalls } from './calls';
import { withoutOldest } from './chatEdits';
import { sameTurn } from './chatSync';
import { cloneHistory, historyProblem } from './history';
import type { ArchivedChat, StoredChat } from '../types';

export interface ChatLimits {
  /** Turns (messages) the live chat keeps; older whole user/model pairs are archived. */
  maxTurns: number;
  /** Bytes of stored JSON the live chat keeps (VS Code warns above 512 KiB per globalState value). */
  maxBytes: number;
}

/** Bytes of stored JSON the live chat keeps (how many turns is a setting: geminiAssistant.maxChatTurns). */
export const MAX_CHAT_BYTES = 256 * 1024;

const encoder = new TextEncoder();
const bytes = (value: unknown) => encoder.encode(JSON.stringify(value)).length;

/**
 * How many of the oldest turns to move to the archive so that the chat fits `limits` (and at
 * least `atLeast`), with some room to spare past maxTurns: an even number (whole user/model pairs, so what stays still starts with the
 * user and alternates). The newest pair, or a trailing unanswered question, always stays.
 */
export function turnsToArchive(chat: StoredChat, limits: ChatLimits, atLeast = 0): number {
  const { history } = chat;
  const most = history.length % 2 === 0 ? history.length - 2 : history.length - 1;
  if (most <= 0) return 0;
  const limit = Math.max(2, Math.floor(limits.maxTurns));
  // Past the limit, a tenth more goes (in whole pairs), so that archiving, and the summary
  // request that follows it, happen every few answers rather than after each one.
  const keep = limit - 2 * Math.floor(limit / 10);
  let count = Math.max(0, atLeast, history.length > limit ? history.length - keep : 0);
  count += count % 2;
  let size = bytes(chat);
  const meta = (value: unknown, i: number) => (value ? bytes(value) + String(i).length + 4 : 0);
  const turnSize = (i: number) => bytes(history[i]) + 1 + meta(chat.answers?.[i], i) + meta(chat.cards?.[i], i);
  for (let i = 0; i < count && i < most; i++) size -= turnSize(i);
  while (size > limits.maxBytes && count < most) {
    size -= turnSize(count) + turnSize(count + 1);
    count += 2;
  }
  // A call and its response stay together: never archive up to a turn that answers calls.
  count = Math.min(count, most);
  while (count < most && answersCalls(history[count])) count += 2;
  while (count > 0 && answersCalls(history[count])) count -= 2;
  return count;
}

/** The chat with its first `count` turns (an even number) moved out. */
export function dropArchived(chat: StoredChat, count: number): StoredChat {
  if (count <= 0) return chat;
  if (count % 2 !== 0) throw new Error('turns are archived in user/model pairs');
  return withoutOldest(chat, count);
}

/** The archive's whole history afterwards (turn i of it is turn i of the conversation, when nothing went wrong), with its cards and times. */
export interface ArchiveUpdate extends ArchivedChat {
  /** Turns added now; pairs already in the archive (another window archived them) are not added twice. */
  appended: number;
}

/**
 * Adds `added`, the conversation's turns from index `from` on (whole pairs, their cards keyed
 * from 0), to an archive that holds `existing`. A pair already at its place is skipped; anything
 * else is appended with its cards, so the archive never loses a turn and always alternates from a
 * user turn.
 */
export function appendToArchive(existing: ArchivedChat, from: number, added: ArchivedChat): ArchiveUpdate {
  const turns = added.history;
  if (turns.length % 2 !== 0) throw new Error('turns are archived in user/model pairs');
  const valid = historyProblem(existing.history) === undefined && existing.history.length % 2 === 0;
  if (!valid) throw new Error('the archive file does not hold whole user/model pairs');
  const history = cloneHistory(existing.history);
  const cards = structuredClone(existing.cards ?? {});
  const times = { ...existing.times };
  let appended = 0;
  for (let i = 0; i < turns.length; i += 2) {
    const at = from + i;
    if (sameTurn(history[at], turns[i]) && sameTurn(history[at + 1], turns[i + 1])) continue;
    const card = added.cards?.[i];
    if (card) cards[history.length] = structuredClone(card);
    for (const j of [i, i + 1]) {
      const time = added.times?.[j];
      if (time !== undefined) times[history.length + j - i] = time;
    }
    history.push(...cloneHistory(turns.slice(i, i + 2)));
    appended += 2;
  }
  return { history, ...(Object.keys(cards).length > 0 ? { cards } : {}), ...(Object.keys(times).length > 0 ? { times } : {}), appended };
}
