// The chat's data model, in Gemini's own `Content` shape so that what we store, export
// and send are the same thing. Plain data only: no SDK types leak past the adapter.

export type Role = 'user' | 'model';

/**
 * One part of a turn, exactly as Gemini sent it (or as we wrote it): plain JSON that is stored,
 * exported and sent back unchanged. The fields we read are typed; any other field (a part kind
 * Gemini adds later) travels along untouched.
 */
export interface Part {
  text?: string;
  /** A thought summary: shown apart, never answer text. */
  thought?: boolean;
  /** Opaque; must go back to Gemini on the part it came with (Gemini 3 rejects a function call without it). */
  thoughtSignature?: string;
  functionCall?: { name: string; args?: Record<string, unknown>; id?: string };
  functionResponse?: { name: string; response: Record<string, unknown>; id?: string };
  [field: string]: unknown;
}

export interface Content {
  role: Role;
  parts: Part[];
}

/** Gemini's token counts of one answer: numbers only (the API's detail lists are not kept). */
export interface UsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
  [count: string]: number | undefined;
}

/** Gemini's finish reasons we act on; anything else is passed through as a string. */
export type FinishReason = 'STOP' | 'MAX_TOKENS' | 'SAFETY' | 'RECITATION' | 'LANGUAGE' | 'OTHER' | (string & {});

/** What we know about one answer beyond its parts. Kept beside the history, not inside it. */
export interface AnswerInfo {
  finishReason?: FinishReason;
  usage?: UsageMetadata;
  /** The answer did not finish: the user pressed Stop, or the request failed mid-stream. The parts are what arrived. */
  incomplete?: 'stopped' | 'failed';
}

export type CardKind = 'selection' | 'problem' | 'exception' | 'variable' | 'frame' | 'terminal';

/** How the chat view shows a user message that carries editor or debugger context: data, never parsed back out of the text. */
export interface ContextCard {
  kind: CardKind;
  /** One line: the exception's message, the problem, the variable… */
  title: string;
  /** The question the message ends with. */
  question?: string;
}

/** A message the user sends: its text (what Gemini gets) and, for a context message, its card. */
export interface UserMessage {
  text: string;
  card?: ContextCard;
}

/**
 * The persisted chat: `history` is exactly what Gemini gets; `answers[i]` describes `history[i]`
 * when it is a model turn, and `cards[i][j]` the card of part j of user turn `history[i]`.
 */
export interface StoredChat {
  version: 1;
  history: Content[];
  answers?: Record<number, AnswerInfo>;
  cards?: Record<number, Record<number, ContextCard>>;
  /** Which conversation this is: New Chat and Import start a new one. Absent: the first chat of the workspace. */
  chatId?: string;
  /** How many of the oldest turns were moved to the archive file; `history[0]` is turn `archived` of the whole chat. Even. */
  archived?: number;
  /** Gemini's summary of the first `turns` archived turns (`turns` ≤ `archived`, even); sent first in every request. */
  summary?: ChatSummary;
  /** The name the user gave the conversation (Rename); without it, the list names it by its first question. */
  title?: string;
  /** The model this conversation asks (Choose Model); absent: the geminiAssistant.model setting. */
  model?: string;
  /** `times[i]`: when `history[i]` was written (ms since the epoch): a question when sent, an answer when it arrived. Absent for turns stored before times were kept. */
  times?: Record<number, number>;
}

export interface ChatSummary {
  text: string;
  /** How many of the oldest archived turns the summary covers. */
  turns: number;
}

/**
 * What an archive file holds: a conversation's oldest turns, oldest first (turn i of the
 * conversation), and the cards of its context messages, keyed as in StoredChat.
 */
export type ArchivedChat = Pick<StoredChat, 'history' | 'cards' | 'times'>;

/** What is written to storage: the chat plus who wrote it, so a save notices a concurrent writer (another window). */
export interface PersistedChat extends StoredChat {
  /** Bumped by every save. */
  revision: number;
  /** The session (window) that wrote this revision. */
  writer: string;
}

/** The chatId of a workspace's chat that was never replaced: windows that start from nothing share it. */
export const INITIAL_CHAT_ID = 'initial';

export const CHAT_SCHEMA_VERSION = 1;
