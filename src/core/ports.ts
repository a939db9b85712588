// What the chat core needs from the outside world. The VS Code layer and tests supply these.
import type { Content, FinishReason, StoredChat, UsageMetadata } from './types';

export interface ModelRequest {
  /** The whole conversation, ending with the user's turn to answer. */
  history: Content[];
  signal: AbortSignal;
  onText(delta: string): void;
}

export interface ModelAnswer {
  text: string;
  finishReason: FinishReason;
  usage?: UsageMetadata;
}

export interface ModelClient {
  /** Streams one answer; rejects with a GeminiError. */
  stream(request: ModelRequest): Promise<ModelAnswer>;
}

export interface ChatStore {
  load(): unknown;
  save(chat: StoredChat): Promise<void>;
}
