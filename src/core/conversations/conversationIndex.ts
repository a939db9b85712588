// The list of a workspace's conversations: a small index kept in globalState (the
// conversations themselves are files, the open one lives in globalState beside it). Pure
// functions over plain data; the index is bounded however many conversations exist.
import type { StoredChat } from '../types';
import { oneLine } from '../context/cards';
import { chatIdOf, endOf } from '../chat/chatSync';

export interface ConversationEntry {
  id: string;
  /** From its first question, or the name the user gave it (`renamed`). */
  title: string;
  renamed?: boolean;
  /** Last activity, ms since the epoch: the list is newest first by this. */
  lastUsed: number;
  /** Messages in the whole conversation, archived ones included. */
  messages: number;
}

export interface ConversationIndex {
  version: 1;
  entries: ConversationEntry[];
}

/** Entries the index keeps; past it the least recently used leave the list (their files stay). */
export const MAX_INDEXED = 500;
export const MAX_TITLE = 80;

export const emptyIndex = (): ConversationIndex => ({ version: 1, entries: [] });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const ID = /^[\w-]{1,64}$/;

/** The valid entries of a stored index (one per id, the newest kept), and what was wrong. Never throws. */
export function repairIndex(value: unknown): { index: ConversationIndex; problems: string[] } {
  if (value === undefined) return { index: emptyIndex(), problems: [] };
  if (!isRecord(value) || !Array.isArray(value.entries)) return { index: emptyIndex(), problems: ['the list of conversations is not readable'] };
  const problems: string[] = [];
  const byId = new Map<string, ConversationEntry>();
  value.entries.forEach((raw: unknown, i) => {
    const entry = entryOf(raw);
    if (!entry) problems.push(`dropped entry ${i + 1} of the list of conversations`);
    else if ((byId.get(entry.id)?.lastUsed ?? -1) < entry.lastUsed) byId.set(entry.id, entry);
  });
  return { index: bounded({ version: 1, entries: [...byId.values()] }), problems };
}

function entryOf(raw: unknown): ConversationEntry | undefined {
  if (!isRecord(raw)) return undefined;
  const { id, title, renamed, lastUsed, messages } = raw;
  if (typeof id !== 'string' || !ID.test(id) || typeof title !== 'string') return undefined;
  if (typeof lastUsed !== 'number' || !Number.isFinite(lastUsed) || typeof messages !== 'number' || !Number.isSafeInteger(messages) || messages < 0) return undefined;
  return { id, title: oneLine(title, MAX_TITLE), ...(renamed === true ? { renamed: true } : {}), lastUsed, messages };
}

/** Newest first, and no more than MAX_INDEXED. */
function bounded(index: ConversationIndex): ConversationIndex {
  return { version: 1, entries: [...index.entries].sort((a, b) => b.lastUsed - a.lastUsed).slice(0, MAX_INDEXED) };
}

export function withEntry(index: ConversationIndex, entry: ConversationEntry): ConversationIndex {
  return bounded({ version: 1, entries: [entry, ...index.entries.filter((e) => e.id !== entry.id)] });
}

export function withoutEntry(index: ConversationIndex, id: string): ConversationIndex {
  return { version: 1, entries: index.entries.filter((e) => e.id !== id) };
}

/** What the list shows: conversations with a question in them, newest first. */
export function listed(index: ConversationIndex): ConversationEntry[] {
  return index.entries.filter((e) => e.messages > 0);
}

/** The title a conversation gets from its first question (a context message: its card's title). */
export function titleFrom(chat: StoredChat): string {
  for (const [i, turn] of chat.history.entries()) {
    if (turn.role !== 'user') continue;
    const j = turn.parts.findIndex((part) => typeof part.text === 'string' && part.text.trim() !== '');
    if (j < 0) continue;
    const card = chat.cards?.[i]?.[j];
    return oneLine(card ? (card.question ? `${card.title}: ${card.question}` : card.title) : turn.parts[j]!.text!, MAX_TITLE);
  }
  return '';
}

/**
 * The entry of `chat` now: its stored name if renamed, else the title it already had (its first
 * question may have moved to the archive since), else one from its first question.
 */
export function entryFor(chat: StoredChat, previous: ConversationEntry | undefined, now: number): ConversationEntry {
  const renamed = chat.title !== undefined;
  const title = chat.title ?? (previous && !previous.renamed && previous.title ? previous.title : titleFrom(chat));
  return { id: chatIdOf(chat), title: oneLine(title, MAX_TITLE) || 'New conversation', ...(renamed ? { renamed: true } : {}), lastUsed: now, messages: endOf(chat) };
}
