// One workspace's conversation with Gemini. It owns the history (the source of truth),
// persists every user turn before sending it, sends one turn at a time, streams the
// answer to a listener, retries what is worth retrying, and can be stopped at any point.
import { GeminiError, cancelledError } from '../gemini/errors';
import { appendModelText, appendUserText, cloneHistory, endsWithUser } from './history';
import type { ChatFiles, ChatStore, ModelClient } from '../ports';
import { estimateTokens, fitToBudget } from './budget';
import type { ChatLimits } from './chatArchive';
import { ChatSaver, newId, type ChatAccess, type SaveNotice } from './chatSaver';
import { archivedOf, chatIdOf } from './chatSync';
import { summaryPreamble, summaryRequest } from './chatSummary';
import { retryDelayMs, sleep, type RetryPolicy } from '../gemini/retry';
import { repairStoredChat } from './storedChat';
import { CHAT_SCHEMA_VERSION, type AnswerInfo, type ChatSummary, type Content, type StoredChat } from '../types';

export type SessionStatus =
  | { state: 'idle' }
  /** Waiting for and receiving the answer; `text` is what has streamed in so far. */
  | { state: 'answering'; text: string }
  /** Backing off before retry `attempt` after a retryable error. */
  | { state: 'waiting'; until: number; attempt: number; error: GeminiError };

export interface SessionListener {
  /** History, status, queue or error changed. */
  changed(): void;
  /** Answer text streamed in (status.text already includes it). */
  delta(text: string): void;
  /** Storage refused a write: the chat lives on in memory, but the user must know. */
  saveFailed(error: unknown): void;
  /** Storage news the user should hear: a repaired chat, archived turns, another window's changes. */
  notice?(notice: SaveNotice): void;
}

export interface SessionOptions {
  store: ChatStore;
  /** Builds a client from current settings and key; throws GeminiError (e.g. no key). */
  connect(): Promise<ModelClient>;
  retryPolicy(): RetryPolicy;
  /** Estimated tokens of history a request may carry (see budget.ts). */
  tokenBudget(): number;
  listener: SessionListener;
  random?: () => number;
  /** Where backups and the archive go; without it nothing is archived or backed up. */
  files?: ChatFiles;
  /** Past these, the oldest turns move to the archive (see chatArchive.ts). */
  limits?(): ChatLimits;
  /** Identifies this session's writes to the store (random by default). */
  writer?: string;
}

export const CONTINUE_PROMPT = 'Continue exactly where your previous answer was cut off.';

export class ChatSession {
  private chat: StoredChat;
  private statusValue: SessionStatus = { state: 'idle' };
  private errorValue: GeminiError | undefined;
  private readonly queue: string[] = [];
  private running: Promise<void> | undefined;
  private controller: AbortController | undefined;
  /** Bumped by reset(): a turn started before it must not touch the new chat. */
  private epoch = 0;
  private saving: Promise<void> = Promise.resolve();
  private omittedValue = 0;
  private closed = false;
  private readonly saver: ChatSaver;
  private readonly access: ChatAccess = {
    get: () => this.chat,
    update: (chat) => {
      this.chat = chat;
      this.options.listener.changed();
    },
    replace: (chat, resend) => {
      this.queue.unshift(...resend);
      this.adopt(chat);
    },
    archived: (chatId, from, turns) => {
      // Kept in memory until a summary covers them (the archive file has them for good).
      const pending = this.unsummarized;
      if (pending?.chatId === chatId && pending.from + pending.turns.length === from) pending.turns.push(...cloneHistory(turns));
      else this.unsummarized = { chatId, from, turns: cloneHistory(turns) };
    },
  };
  /** Archived turns no summary covers yet: conversation turns `from`.. of chat `chatId`. */
  private unsummarized: { chatId: string; from: number; turns: Content[] } | undefined;
  /** What loading the stored chat had to repair. */
  readonly loadProblems: string[];

  constructor(private readonly options: SessionOptions) {
    this.saver = new ChatSaver({ ...options, notify: (notice) => options.listener.notice?.(notice) });
    const loaded = this.saver.load();
    this.chat = loaded.chat;
    this.loadProblems = loaded.problems;
    if (loaded.problems.length > 0) {
      // The damaged value is backed up before anything overwrites it; then the repaired chat is stored.
      this.saving = this.saver
        .backupDamaged(loaded.raw, loaded.problems)
        .then((backedUp) => (backedUp ? this.saver.save(this.access) : undefined))
        .catch((error) => this.options.listener.saveFailed(error));
    }
  }

  get history(): readonly Content[] {
    return this.chat.history;
  }

  answerInfo(index: number): AnswerInfo | undefined {
    return this.chat.answers?.[index];
  }

  get status(): SessionStatus {
    return this.statusValue;
  }

  /** The failure of the latest turn, until the next turn starts. */
  get lastError(): GeminiError | undefined {
    return this.errorValue;
  }

  /** Messages accepted while another turn runs, in the order they will be sent. */
  get queued(): readonly string[] {
    return this.queue;
  }

  /** Oldest turns of this conversation moved to the archive file. */
  get archivedTurns(): number {
    return this.chat.archived ?? 0;
  }

  /** Gemini's summary of the oldest archived turns, sent first in every request. */
  get summary(): ChatSummary | undefined {
    return this.chat.summary;
  }

  /** The conversation's id (New Chat and Import start a new one); names its archive file. */
  get chatId(): string {
    return chatIdOf(this.chat);
  }

  /** Oldest turns the latest request left out to stay within the token budget. */
  get omittedTurns(): number {
    return this.omittedValue;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** A copy of the chat as it is stored (without the revision and writer of the store). */
  snapshot(): StoredChat {
    return structuredClone(this.chat);
  }

  /** Sends the user's text, after any turn in progress. Resolves when it has been answered (or failed). */
  send(text: string): Promise<void> {
    if (!text.trim() || this.closed) return Promise.resolve();
    this.queue.push(text);
    return this.pump();
  }

  /** Sends the unanswered (or incomplete) last turn again. */
  retry(): Promise<void> {
    if (this.running) return this.running;
    if (this.closed) return Promise.resolve();
    const last = this.chat.history.length - 1;
    if (last >= 0 && this.chat.history[last].role === 'model' && this.chat.answers?.[last]?.incomplete) {
      this.setHistory(this.chat.history.slice(0, last));
    }
    if (!endsWithUser(this.chat.history)) return Promise.resolve();
    return this.pump();
  }

  continueAnswer(): Promise<void> {
    return this.send(CONTINUE_PROMPT);
  }

  /** Cancels the request in flight (or the wait before a retry). Queued messages still go. */
  stop(): void {
    this.controller?.abort();
  }

  /**
   * Replaces the whole chat (New Chat, Import, Undo): stops what runs and drops the queue. A chat
   * without an id (New Chat, an imported file) is a new conversation with a new archive.
   */
  async reset(chat?: StoredChat): Promise<void> {
    this.queue.length = 0;
    const next: StoredChat = chat ? repairStoredChat(chat).chat : { version: CHAT_SCHEMA_VERSION, history: [] };
    this.adopt({ ...next, chatId: next.chatId ?? newId() });
    await this.persist();
  }

  /**
   * Ends this session, as a window reload does: what runs is abandoned (its question is already
   * stored) and messages still queued join it as unanswered; then nothing more is sent or saved.
   */
  close(): void {
    if (this.closed) return;
    if (this.queue.length > 0) {
      this.setHistory(this.queue.splice(0).reduce<Content[]>((history, text) => appendUserText(history, text), this.chat.history));
      void this.persist();
    }
    this.closed = true;
    this.epoch++;
    this.controller?.abort();
    this.running = undefined;
  }

  /** Switches to another chat: what runs is abandoned; queued messages go to the new chat. */
  private adopt(chat: StoredChat): void {
    this.epoch++;
    this.controller?.abort();
    this.running = undefined;
    this.chat = chat;
    this.errorValue = undefined;
    this.setStatus({ state: 'idle' });
    if (this.queue.length > 0 && !this.closed) void this.pump();
  }

  private pump(): Promise<void> {
    if (!this.running) {
      const epoch = this.epoch;
      const run = this.drain(epoch).finally(() => {
        if (this.epoch === epoch) this.running = undefined;
        this.options.listener.changed();
      });
      this.running = run;
    }
    return this.running;
  }

  private async drain(epoch: number): Promise<void> {
    // A retry arrives with an empty queue and a history that already ends with the user.
    if (this.queue.length === 0) {
      await this.answer(epoch);
      await this.summarize(epoch);
    }
    while (this.queue.length > 0 && this.epoch === epoch) {
      this.setHistory(appendUserText(this.chat.history, this.queue.shift()!));
      this.errorValue = undefined;
      // Persisted before the request: a crash or reload never loses what the user wrote.
      await this.persist();
      // Saving may have merged another window's turns in, or switched to another window's new chat
      // (which then sends this question: wait for that).
      if (this.epoch !== epoch) return this.running;
      await this.answer(epoch);
      await this.summarize(epoch);
    }
  }

  /**
   * After an answer (and the save that may have archived turns): one request asks Gemini to fold
   * the archived turns no summary covers yet into the summary. A failure is silent (no error, no
   * retry now, nothing logged): the next answer tries again. Stop and New Chat cancel it.
   */
  private async summarize(epoch: number): Promise<void> {
    const chat = this.chat;
    const covered = chat.summary?.turns ?? 0;
    const archived = archivedOf(chat);
    const pending = this.unsummarized;
    // Not after a failed or stopped answer (a rate limit would most likely refuse this one too).
    if (this.epoch !== epoch || this.closed || this.errorValue || archived <= covered || pending?.chatId !== chatIdOf(chat)) return;
    // The turns after what the summary covers (after a reload, only those archived since are known).
    const skip = Math.max(0, covered - pending.from);
    const turns = pending.turns.slice(skip, archived - pending.from);
    if (turns.length === 0) return;
    const controller = new AbortController();
    this.controller = controller;
    try {
      const client = await this.options.connect();
      const answer = await client.stream({
        history: summaryRequest(chat.summary?.text, turns, this.options.tokenBudget() * 4),
        signal: controller.signal,
        onText: () => undefined,
      });
      const text = answer.text.trim();
      if (this.epoch !== epoch || !text) return;
      const now = this.chat;
      if (chatIdOf(now) !== chatIdOf(chat) || (now.summary?.turns ?? 0) !== covered) return;
      const summarized = Math.min(archived, archivedOf(now));
      this.chat = { ...now, summary: { text, turns: summarized } };
      if (this.unsummarized === pending) {
        const done = summarized - pending.from;
        this.unsummarized = done >= pending.turns.length ? undefined : { ...pending, from: summarized, turns: pending.turns.slice(done) };
      }
      this.options.listener.changed();
      await this.persist();
    } catch {
      // Silent: the archived turns stay unsummarized until the next answer tries again.
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }

  private async answer(epoch: number): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    this.errorValue = undefined;
    const policy = this.options.retryPolicy();
    for (let attempt = 0; ; attempt++) {
      this.setStatus({ state: 'answering', text: '' });
      try {
        const client = await this.options.connect();
        // The summary of the archived turns goes first, and counts against the budget.
        const preamble = summaryPreamble(this.chat.summary, archivedOf(this.chat));
        const request = fitToBudget(cloneHistory(this.chat.history), this.options.tokenBudget() - estimateTokens(preamble));
        this.omittedValue = request.omitted;
        const answer = await client.stream({
          history: [...preamble, ...request.history],
          signal: controller.signal,
          onText: (delta) => {
            if (this.epoch !== epoch || this.statusValue.state !== 'answering') return;
            this.statusValue = { state: 'answering', text: this.statusValue.text + delta };
            this.options.listener.delta(delta);
          },
        });
        if (this.epoch !== epoch) return;
        this.addAnswer(answer.text, { finishReason: answer.finishReason, ...(answer.usage ? { usage: answer.usage } : {}) });
        break;
      } catch (caught) {
        if (this.epoch !== epoch) return;
        const error = caught instanceof GeminiError ? caught : new GeminiError('unknown', 'Something went wrong while asking Gemini. Retry.', { cause: String(caught) });
        if (error.retryable && attempt < policy.maxRetries && !controller.signal.aborted) {
          const delay = retryDelayMs(error, attempt, policy, this.options.random);
          this.setStatus({ state: 'waiting', until: Date.now() + delay, attempt: attempt + 1, error });
          try {
            await sleep(delay, controller.signal);
            continue;
          } catch {
            if (this.epoch !== epoch) return;
            this.errorValue = cancelledError('');
            break;
          }
        }
        const partial = error.details.partialText ?? '';
        if (partial) this.addAnswer(partial, { incomplete: error.kind === 'cancelled' ? 'stopped' : 'failed' });
        this.errorValue = error;
        break;
      }
    }
    if (this.controller === controller) this.controller = undefined;
    this.setStatus({ state: 'idle' });
    await this.persist();
  }

  private addAnswer(text: string, info: AnswerInfo): void {
    const history = appendModelText(this.chat.history, text);
    this.chat = { ...this.chat, history, answers: { ...this.chat.answers, [history.length - 1]: info } };
  }

  private setHistory(history: Content[]): void {
    const answers = Object.fromEntries(Object.entries(this.chat.answers ?? {}).filter(([i]) => Number(i) < history.length));
    const { answers: _, ...chat } = this.chat;
    this.chat = { ...chat, history, ...(Object.keys(answers).length ? { answers } : {}) };
  }

  private setStatus(status: SessionStatus): void {
    this.statusValue = status;
    this.options.listener.changed();
  }

  /** Saves run one after another, each writing the chat as it is when its turn comes. */
  private persist(): Promise<void> {
    if (this.closed) return this.saving;
    this.saving = this.saving.then(() => this.saver.save(this.access)).catch((error) => this.options.listener.saveFailed(error));
    return this.saving;
  }
}
