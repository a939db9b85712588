// What the chat core needs from the outside world. The VS Code layer and tests supply these.
import type { ScreenLanguage } from './tools/sideEffects';
import type { ToolCall } from './tools/toolArgs';
import type { ToolDeclaration, ToolsMode } from './tools/toolSpecs';
import type { ArchivedChat, Content, FinishReason, Part, PersistedChat, UsageMetadata } from './types';

export interface ModelRequest {
  /** The whole conversation, ending with the user's turn to answer. */
  history: Content[];
  /** Functions Gemini may call in this answer (declared in `tools`); none: plain chat. */
  tools?: readonly ToolDeclaration[];
  /** `NONE`: the functions are declared (the history has calls) but may not be called now. */
  toolMode?: 'AUTO' | 'NONE';
  /** Said to Gemini for this request only, after the system instruction (e.g. that its tool calls are used up). */
  note?: string;
  signal: AbortSignal;
  /** Answer text as it streams in. */
  onText(delta: string): void;
  /** Thought summaries as they stream in (thinking models, only when Gemini sends them). */
  onThought?(delta: string): void;
}

export interface ModelAnswer {
  /** Every part Gemini sent, in order and as sent (streamed text joined): what the history keeps. */
  parts: Part[];
  /** The answer's text (no thoughts). */
  text: string;
  finishReason: FinishReason;
  usage?: UsageMetadata;
}

export interface ModelClient {
  /** Streams one answer; rejects with a GeminiError. */
  stream(request: ModelRequest): Promise<ModelAnswer>;
  /** Gemini's own count of the tokens `history` takes as a request (system instruction included); rejects with a GeminiError. */
  countTokens(history: Content[], signal?: AbortSignal): Promise<number>;
}

export interface ChatStore {
  /** The stored value as it is now (it may have been written by another window). */
  load(): unknown;
  save(chat: PersistedChat): Promise<void>;
}

/** The debugger, as the investigation sees it (the host runs the calls over DAP). */
export interface DebuggerTools {
  /** What Gemini may call now; undefined when no debug session exists or the tools are off. */
  available(): ToolsAvailable | undefined;
  /** Runs a checked call (consent is settled before); resolves with its result, or rejects with an Error whose message says why it failed. */
  run(call: ToolCall, signal: AbortSignal): Promise<unknown>;
}

export interface ToolsAvailable {
  declarations: readonly ToolDeclaration[];
  mode: ToolsMode;
  /** The syntax of the program being debugged, for screening expressions. */
  language: ScreenLanguage;
}

/** Files beside the stored chat (the extension's global storage folder). Each write returns where it wrote, for the user. */
export interface ChatFiles {
  /** Writes `value` as JSON to a new timestamped file. */
  backup(value: unknown, label: string): Promise<string>;
  /** Adds turns `from`.. (whole pairs, with their cards keyed from 0) of conversation `chatId` to its archive file. */
  archive(chatId: string, from: number, turns: ArchivedChat): Promise<string>;
  /** The archived turns of conversation `chatId`, oldest first, with their cards (no turns when there is no archive). */
  readArchive(chatId: string): Promise<ArchivedChat>;
  /** Where conversation `chatId`'s archive is (whether or not it exists yet). */
  archiveLocation(chatId: string): string;
  /** Deletes conversation `chatId`'s archive, if it has one. */
  removeArchive(chatId: string): Promise<void>;
}

/** Files under one folder (the extension's global storage); paths are relative, `/`-separated. */
export interface FileSystem {
  /** The file's bytes; undefined when it does not exist. */
  read(path: string): Promise<Uint8Array | undefined>;
  /** Creates or replaces the file (and the folders above it). */
  write(path: string, data: Uint8Array): Promise<void>;
  /** Moves a file, replacing what is at `to`. */
  rename(from: string, to: string): Promise<void>;
  /** Deletes the file if it exists. */
  remove(path: string): Promise<void>;
  /** Where `path` is, as the user would open it. */
  location(path: string): string;
}

/** A value in globalState (the open conversation, the index of conversations). */
export interface ValueStore {
  load(): unknown;
  save(value: unknown): Promise<void>;
}
