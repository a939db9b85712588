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
}

export const CHAT_SCHEMA_VERSION = 1;
