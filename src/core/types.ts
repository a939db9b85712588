// The chat's data model, in Gemini's own `Content` shape so that what we store, export
// and send are the same thing. Plain data only: no SDK types leak past the adapter.

export type Role = 'user' | 'model';

export interface TextPart {
  text: string;
}

export interface Content {
  role: Role;
  parts: TextPart[];
}

export interface UsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
}

/** Gemini's finish reasons we act on; anything else is passed through as a string. */
export type FinishReason = 'STOP' | 'MAX_TOKENS' | 'SAFETY' | 'RECITATION' | 'LANGUAGE' | 'OTHER' | (string & {});

/** What we know about one answer beyond its text. Kept beside the history, not inside it. */
export interface AnswerInfo {
  finishReason?: FinishReason;
  usage?: UsageMetadata;
  /** The answer did not finish: the user pressed Stop, or the request failed mid-stream. The text is what arrived. */
  incomplete?: 'stopped' | 'failed';
}

/** The persisted chat: `history` is exactly what Gemini gets; `answers[i]` describes `history[i]` when it is a model turn. */
export interface StoredChat {
  version: 1;
  history: Content[];
  answers?: Record<number, AnswerInfo>;
  /** Which conversation this is: New Chat and Import start a new one. Absent: the first chat of the workspace. */
  chatId?: string;
  /** How many of the oldest turns were moved to the archive file; `history[0]` is turn `archived` of the whole chat. Even. */
  archived?: number;
  /** Gemini's summary of the first `turns` archived turns (`turns` ≤ `archived`, even); sent first in every request. */
  summary?: ChatSummary;
}

export interface ChatSummary {
  text: string;
  /** How many of the oldest archived turns the summary covers. */
  turns: number;
}

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
