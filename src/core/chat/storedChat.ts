// Reading chats back from storage and from import files. Storage is repaired (keep what
// is valid, report the rest); an import file is checked strictly (reject it, say why).
import { CARD_KINDS } from '../context/cards';
import { CHAT_SCHEMA_VERSION, type AnswerInfo, type ArchivedChat, type CardKind, type Content, type ContextCard, type Part, type StoredChat } from '../types';
import { repairCalls } from './calls';
import { cloneHistory, historyProblem } from './history';
import { clonePart, isPart, usageNumbers } from '../parts';

export interface LoadedChat {
  chat: StoredChat;
  /** What had to be dropped or fixed; empty when the stored value was healthy. */
  problems: string[];
}

export function emptyChat(): StoredChat {
  return { version: CHAT_SCHEMA_VERSION, history: [] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The valid parts of a stored turn, with where each one came from (its index in `value`). */
function validParts(value: unknown): { part: Part; from: number }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p: unknown, from) => (isPart(p) ? [{ part: clonePart(p), from }] : []));
}

function cardOf(value: unknown): ContextCard | undefined {
  if (!isRecord(value) || !CARD_KINDS.includes(value.kind as CardKind) || typeof value.title !== 'string' || !value.title) return undefined;
  const card: ContextCard = { kind: value.kind as CardKind, title: value.title };
  if (typeof value.question === 'string' && value.question) card.question = value.question;
  return card;
}

/** Keeps every valid turn of a stored value and restores alternation. Never throws. */
export function repairStoredChat(value: unknown): LoadedChat {
  if (value === undefined || value === null) return { chat: emptyChat(), problems: [] };
  if (!isRecord(value)) return { chat: emptyChat(), problems: ['the stored chat is not an object'] };
  const problems: string[] = [];
  if (value.version !== CHAT_SCHEMA_VERSION) problems.push(`unknown schema version ${JSON.stringify(value.version)}`);
  const raw: unknown[] = Array.isArray(value.history) ? value.history : [];
  if (!Array.isArray(value.history)) problems.push('the history is not a list');

  const history: Content[] = [];
  const answers: Record<number, AnswerInfo> = {};
  const cards: Record<number, Record<number, ContextCard>> = {};
  const storedAnswers = isRecord(value.answers) ? value.answers : {};
  const storedCards = isRecord(value.cards) ? value.cards : {};
  const times: Record<number, number> = {};
  const storedTimes = isRecord(value.times) ? value.times : {};
  raw.forEach((turn, index) => {
    const role = isRecord(turn) ? turn.role : undefined;
    const parts = isRecord(turn) ? validParts(turn.parts) : [];
    if ((role !== 'user' && role !== 'model') || parts.length === 0) {
      problems.push(`dropped turn ${index + 1}: ${role === 'user' || role === 'model' ? 'no valid parts' : 'no valid role'}`);
      return;
    }
    const last = history[history.length - 1];
    if (!last && role === 'model') {
      problems.push(`dropped turn ${index + 1}: a chat cannot start with the model`);
      return;
    }
    if (last?.role === role) problems.push(`merged turn ${index + 1} into the previous ${role} turn`);
    const target: Content = last?.role === role ? last : { role, parts: [] };
    if (target !== last) history.push(target);
    const at = history.length - 1;
    // Cards of a user turn move with their parts (to the turn they were merged into, after its parts).
    const turnCards = role === 'user' && isRecord(storedCards[String(index)]) ? (storedCards[String(index)] as Record<string, unknown>) : {};
    for (const { part, from } of parts) {
      const card = cardOf(turnCards[String(from)]);
      if (card) (cards[at] ??= {})[target.parts.length] = card;
      target.parts.push(part);
    }
    const info = storedAnswers[String(index)];
    if (role === 'model' && target !== last && isRecord(info)) answers[at] = answerInfo(info);
    const time = storedTimes[String(index)];
    if (target !== last && isTime(time)) times[at] = time;
  });
  const calls = repairCalls(history);
  if (calls.repaired.length > 0) problems.push(`answered the function calls of ${calls.repaired.length} turn${calls.repaired.length === 1 ? '' : 's'} as the API requires`);
  // The parts of a repaired turn moved: its cards would point at the wrong ones.
  for (const turn of calls.repaired) delete cards[turn];
  const chat: StoredChat = { version: CHAT_SCHEMA_VERSION, history: calls.history };
  if (Object.keys(answers).length > 0) chat.answers = answers;
  if (Object.keys(cards).length > 0) chat.cards = cards;
  // Repairing calls keeps every turn in its place: times keep their turns.
  if (Object.keys(times).length > 0) chat.times = times;
  if (value.model !== undefined) {
    if (isModelId(value.model)) chat.model = value.model;
    else problems.push(`ignored an invalid model id (${JSON.stringify(value.model)})`);
  }
  if (typeof value.chatId === 'string' && /^[\w-]{1,64}$/.test(value.chatId)) chat.chatId = value.chatId;
  if (value.archived !== undefined) {
    const archived = value.archived;
    if (typeof archived === 'number' && Number.isSafeInteger(archived) && archived > 0 && archived % 2 === 0) chat.archived = archived;
    else if (archived !== 0) problems.push(`ignored an invalid count of archived turns (${JSON.stringify(archived)})`);
  }
  if (typeof value.title === 'string' && value.title.trim()) chat.title = value.title.trim().slice(0, 200);
  if (value.summary !== undefined) {
    const summary = value.summary;
    const turns = isRecord(summary) ? summary.turns : undefined;
    if (
      isRecord(summary) &&
      typeof summary.text === 'string' &&
      summary.text.trim().length > 0 &&
      typeof turns === 'number' &&
      Number.isSafeInteger(turns) &&
      turns > 0 &&
      turns % 2 === 0 &&
      turns <= (chat.archived ?? 0)
    ) {
      chat.summary = { text: summary.text, turns };
    } else problems.push('ignored an invalid summary of the archived turns');
  }
  return { chat, problems };
}

/** A model id as requests name it (`gemini-2.5-flash`, `tunedModels/x`): it goes into the request URL. */
export function isModelId(value: unknown): value is string {
  return typeof value === 'string' && /^[\w][\w.\-/]{0,199}$/.test(value) && !value.includes('..');
}

/** A time a turn was written: ms since the epoch. */
function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function answerInfo(info: Record<string, unknown>): AnswerInfo {
  const result: AnswerInfo = {};
  if (typeof info.finishReason === 'string') result.finishReason = info.finishReason;
  if (info.incomplete === 'stopped' || info.incomplete === 'failed') result.incomplete = info.incomplete;
  const usage = usageNumbers(info.usage);
  if (usage) result.usage = usage;
  return result;
}

/** The export file: exactly Gemini's history with a schema version. */
export function exportChat(chat: StoredChat): string {
  return JSON.stringify({ version: CHAT_SCHEMA_VERSION, history: chat.history }, null, 2) + '\n';
}

/** An archive file: an export file (importable as one) that also keeps the cards of its context messages and the messages' times, so the view shows them as it did. */
export function exportArchive(archive: ArchivedChat): string {
  return (
    JSON.stringify(
      { version: CHAT_SCHEMA_VERSION, history: archive.history, ...(archive.cards ? { cards: archive.cards } : {}), ...(archive.times ? { times: archive.times } : {}) },
      null,
      2,
    ) + '\n'
  );
}

export class ImportError extends Error {
  override readonly name = 'ImportError';
}

/** What an export file looks like, for the messages below. */
const EXPORT_SHAPE = '{"version": 1, "history": [...]}';
const MESSAGE_SHAPE = '{"role": "user", "parts": [{"text": "..."}]}';

/** "a list", "a string"…: what a JSON value is, in words. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'boolean') return 'true or false';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Parses an export file; throws ImportError naming the first problem and what a right file looks like. */
export function parseChatFile(text: string): StoredChat {
  return checkedChat(parseJson(text));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ImportError(`this is not a Gemini chat export (it is not valid JSON: ${(e as Error).message}; an export begins ${EXPORT_SHAPE})`);
  }
}

function checkedChat(value: unknown): StoredChat {
  if (!isRecord(value)) throw new ImportError(`this is not a Gemini chat export (it holds ${kindOf(value)}, not an object such as ${EXPORT_SHAPE})`);
  if (value.version === undefined) throw new ImportError(`this is not a Gemini chat export (it has no "version" field; an export begins ${EXPORT_SHAPE})`);
  if (value.version !== CHAT_SCHEMA_VERSION)
    throw new ImportError(`this file has "version": ${JSON.stringify(value.version)}, a version this extension cannot read (an export begins ${EXPORT_SHAPE})`);
  if (value.history === undefined) throw new ImportError(`this file has no "history", the list of messages (an export begins ${EXPORT_SHAPE})`);
  if (!Array.isArray(value.history)) throw new ImportError(`its "history" is ${kindOf(value.history)}, not a list of messages such as [${MESSAGE_SHAPE}, ...]`);
  const turns: unknown[] = value.history;
  const bad = turns.findIndex((turn) => !isRecord(turn));
  if (bad >= 0) throw new ImportError(`message ${bad + 1} is ${kindOf(turns[bad])}, not an object such as ${MESSAGE_SHAPE}`);
  // Roles, parts, alternation and function calls: the rules every history follows, in the same words.
  const problem = historyProblem(turns as Content[]);
  if (problem) throw new ImportError(problem);
  return { version: CHAT_SCHEMA_VERSION, history: cloneHistory(turns as Content[]) };
}

/** Reads an archive file as strictly as an import (throws ImportError); a card that fits no text of a user message, or a time of no turn, is left out. */
export function parseArchiveFile(text: string): ArchivedChat {
  const value = parseJson(text);
  const { history } = checkedChat(value);
  const cards: Record<number, Record<number, ContextCard>> = {};
  const stored = isRecord(value) && isRecord(value.cards) ? value.cards : {};
  for (const [turn, parts] of Object.entries(stored)) {
    const user = /^\d+$/.test(turn) && history[Number(turn)]?.role === 'user' ? history[Number(turn)]! : undefined;
    if (!user || !isRecord(parts)) continue;
    for (const [part, storedCard] of Object.entries(parts)) {
      const card = /^\d+$/.test(part) && typeof user.parts[Number(part)]?.text === 'string' ? cardOf(storedCard) : undefined;
      if (card) (cards[Number(turn)] ??= {})[Number(part)] = card;
    }
  }
  const times: Record<number, number> = {};
  for (const [turn, time] of Object.entries(isRecord(value) && isRecord(value.times) ? value.times : {})) {
    if (/^\d+$/.test(turn) && Number(turn) < history.length && isTime(time)) times[Number(turn)] = time;
  }
  return { history, ...(Object.keys(cards).length > 0 ? { cards } : {}), ...(Object.keys(times).length > 0 ? { times } : {}) };
}
