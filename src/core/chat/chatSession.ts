// One workspace's conversation with Gemini: a turn scheduler over the chat repository (which
// owns the stored chat). It stores every message before sending it, sends one turn at a time,
// streams the answer to a listener, retries what is worth retrying, and can be stopped at any
// point. Summaries of archived turns run as a job of their own, never ahead of a question.
import { GeminiError, cancelledError } from '../gemini/errors';
import { retryDelayMs, sleep, type RetryPolicy } from '../gemini/retry';
import { hasAnswer } from '../parts';
import type { ChatFiles, ChatStore, DebuggerTools, ModelClient, ModelRequest } from '../ports';
import { TOOL_DECLARATIONS, type ToolName } from '../tools/toolSpecs';
import type { AnswerInfo, ChatSummary, Content, Part, StoredChat, UserMessage } from '../types';
import { CHAT_SCHEMA_VERSION } from '../types';
import type { ChatLimits } from './chatArchive';
import { ChatRepository, newId, type SaveNotice } from './chatRepository';
import { archivedOf } from './chatSync';
import { endsWithUser, lastQuestion } from './history';
import { callsOf, notRunResponses, unansweredCalls } from './calls';
import { checkedPlan, planRequest, type RequestPlan } from './requestPlan';
import { repairStoredChat } from './storedChat';
import { SummaryJob } from './summaryJob';
import { ToolRound, type CallInProgress, type Decision } from './toolRound';

export type SessionStatus =
  | { state: 'idle' }
  /** Waiting for and receiving the answer; `text` is the answer so far, `thoughts` Gemini's thought summaries so far. */
  | { state: 'answering'; text: string; thoughts?: string }
  /** Backing off before retry `attempt` after a retryable error. */
  | { state: 'waiting'; until: number; attempt: number; error: GeminiError }
  /** Running the debugger calls of the last answer (see `investigation`). */
  | { state: 'investigating' };

export interface SessionListener {
  /** The chat, the status, the queue or the error changed. */
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
  /** Builds a client from current settings and key for `model` (the conversation's; undefined: the setting's); throws GeminiError (e.g. no key). */
  connect(model: string | undefined): Promise<ModelClient>;
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
  /** The debugger, for Gemini's tool calls; without it no functions are declared. */
  tools?: DebuggerTools;
  /** Calls one answer may make (geminiAssistant.maxToolCalls). */
  maxToolCalls?(): number;
  /** The clock that dates messages; Date.now by default. */
  now?(): number;
}

export const DEFAULT_MAX_TOOL_CALLS = 12;

export const CONTINUE_PROMPT = 'Continue exactly where your previous answer was cut off.';

export class ChatSession {
  /** The stored chat's one owner; the session reads it and asks it for every change. */
  private readonly repository: ChatRepository;
  private readonly summaries: SummaryJob;
  private statusValue: SessionStatus = { state: 'idle' };
  private errorValue: GeminiError | undefined;
  private readonly queue: UserMessage[] = [];
  private running: Promise<void> | undefined;
  private controller: AbortController | undefined;
  /** Bumped when the conversation is replaced or the session closes: a turn started before must not touch the chat. */
  private epoch = 0;
  private omittedValue = 0;
  private closed = false;
  /** A summary job waiting for the next macrotask (so that a question sent right away goes first). */
  private summaryScheduled: Promise<void> | undefined;
  /** The round of debugger calls running now. */
  private round: ToolRound | undefined;
  /** Tools the user allowed for the rest of this conversation in this window ("Allow for this chat"). */
  private readonly allowedTools = new Set<ToolName>();

  constructor(private readonly options: SessionOptions) {
    this.repository = new ChatRepository({
      store: options.store,
      ...(options.files ? { files: options.files } : {}),
      ...(options.limits ? { limits: () => options.limits!() } : {}),
      ...(options.writer ? { writer: options.writer } : {}),
      ...(options.now ? { now: () => options.now!() } : {}),
      notify: (notice) => options.listener.notice?.(notice),
      saveFailed: (error) => options.listener.saveFailed(error),
    });
    this.summaries = new SummaryJob({ repository: this.repository, connect: () => options.connect(this.repository.chat.model), tokenBudget: () => options.tokenBudget() });
    this.repository.onChange((change) => {
      if (change.kind === 'replaced') this.followReplacement(change.resend);
      else options.listener.changed();
    });
  }

  /** What loading the stored chat had to repair. */
  get loadProblems(): readonly string[] {
    return this.repository.loadProblems;
  }

  /** The stored chat as it is now (read-only). */
  get chat(): StoredChat {
    return this.repository.chat;
  }

  get history(): readonly Content[] {
    return this.repository.chat.history;
  }

  answerInfo(index: number): AnswerInfo | undefined {
    return this.repository.chat.answers?.[index];
  }

  get status(): SessionStatus {
    return this.statusValue;
  }

  /** The failure of the latest turn, until the next turn starts. */
  get lastError(): GeminiError | undefined {
    return this.errorValue;
  }

  /** Messages accepted while another turn runs, in the order they will be sent. */
  get queued(): readonly UserMessage[] {
    return this.queue;
  }

  /** Oldest turns of this conversation moved to the archive file. */
  get archivedTurns(): number {
    return archivedOf(this.repository.chat);
  }

  /** Gemini's summary of the oldest archived turns, sent first in every request. */
  get summary(): ChatSummary | undefined {
    return this.repository.chat.summary;
  }

  /** The conversation's id (New Chat and Import start a new one); names its archive file. */
  get chatId(): string {
    return this.repository.chatId;
  }

  /** Oldest turns the latest request left out to stay within the token budget. */
  get omittedTurns(): number {
    return this.omittedValue;
  }

  /** A question is waiting for or receiving its answer (a summary request alone is not). */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** A copy of the chat as it is stored (without the revision and writer of the store). */
  snapshot(): StoredChat {
    return this.repository.snapshot();
  }

  /** Sends the user's message, after any turn in progress. Resolves when it has been answered (or failed). */
  send(message: string | UserMessage): Promise<void> {
    const next = typeof message === 'string' ? { text: message } : message;
    if (!next.text.trim() || this.closed) return Promise.resolve();
    this.queue.push(next);
    return this.pump();
  }

  /** Sends the unanswered (or incomplete) last turn again. */
  retry(): Promise<void> {
    if (this.running) return this.running;
    if (this.closed) return Promise.resolve();
    this.repository.dropIncompleteAnswer();
    if (!endsWithUser(this.history)) return Promise.resolve();
    return this.pump();
  }

  /**
   * Sends `text` in place of the question at turn `index` of the live history: that turn and
   * everything after it go (the caller keeps them elsewhere, as a branch). Not while a turn runs.
   */
  editQuestion(index: number, text: string): Promise<void> {
    if (this.running || this.closed || !text.trim() || this.history[index]?.role !== 'user') return Promise.resolve();
    this.repository.cutAt(index);
    this.errorValue = undefined;
    return this.send(text);
  }

  /** Asks again for the last answer: everything after the last question the user wrote goes (calls and their results included). */
  regenerate(): Promise<void> {
    if (this.running || this.closed) return Promise.resolve();
    const question = lastQuestion(this.history);
    if (question < 0) return Promise.resolve();
    this.repository.cutAt(question + 1);
    this.errorValue = undefined;
    return this.retry();
  }

  continueAnswer(): Promise<void> {
    return this.send(CONTINUE_PROMPT);
  }

  /** The debugger calls of the last answer while they run: a response for each one done, and the one running or waiting for consent. */
  get investigation(): { responses: readonly (Part | undefined)[]; current: CallInProgress | undefined } | undefined {
    return this.round ? { responses: this.round.responses, current: this.round.current } : undefined;
  }

  /** The user's answer to the call waiting for consent (Allow, Allow for this chat, Deny). */
  decide(decision: Decision): void {
    this.round?.decide(decision);
  }

  /** Cancels the request in flight (or the wait before a retry) and any summary request. Queued messages still go. */
  stop(): void {
    this.controller?.abort();
    this.summaries.stop();
  }

  /** Resolves once nothing runs: no turn, no queued message, no summary request. */
  async settled(): Promise<void> {
    for (;;) {
      const work = this.running ?? this.summaryScheduled ?? (this.summaries.busy ? this.summaries.settled() : undefined);
      if (!work) return;
      await work;
    }
  }

  /**
   * Puts another conversation in this one's place (New Chat, Switch, Import): this one is parked
   * first (see park). A chat without an id is a new conversation with a new archive.
   */
  async reset(chat?: StoredChat): Promise<void> {
    this.park();
    const next: StoredChat = chat ? repairStoredChat(chat).chat : { version: CHAT_SCHEMA_VERSION, history: [] };
    this.repository.replace({ ...next, chatId: next.chatId ?? newId() });
    await this.repository.save();
  }

  /**
   * Readies the conversation to be put away (another one opens): the answer in progress is
   * abandoned (its question stays, unanswered: Retry asks again) and messages still queued join
   * it as unanswered, so nothing the user typed is lost.
   */
  park(): void {
    if (this.closed) return;
    this.abandon();
    for (const message of this.queue.splice(0)) this.repository.addUserMessage(message);
    this.errorValue = undefined;
    this.setStatus({ state: 'idle' });
  }

  /** The model this conversation asks (Choose Model); undefined: the geminiAssistant.model setting. */
  get model(): string | undefined {
    return this.repository.chat.model;
  }

  /** Asks `model` from the next request on, in this conversation only. */
  setModel(model: string): Promise<void> {
    this.repository.setModel(model);
    return this.repository.save();
  }

  /** Names the conversation (Rename Conversation). */
  rename(title: string): Promise<void> {
    this.repository.setTitle(title);
    return this.repository.save();
  }

  /**
   * Ends this session, as a window reload does: what runs is abandoned (its question is already
   * stored) and messages still queued join it as unanswered; then nothing more is sent or saved.
   */
  close(): void {
    if (this.closed) return;
    if (this.queue.length > 0) {
      for (const message of this.queue.splice(0)) this.repository.addUserMessage(message);
      void this.repository.save();
    }
    this.closed = true;
    void this.repository.close();
    this.abandon();
  }

  /** Another conversation took this one's place: what runs belonged to the old one. Messages not stored in it go on in the new one. */
  private followReplacement(resend: readonly UserMessage[]): void {
    this.queue.unshift(...resend);
    this.allowedTools.clear();
    this.abandon();
    this.errorValue = undefined;
    this.setStatus({ state: 'idle' });
    if (this.queue.length > 0 && !this.closed) void this.pump();
  }

  private abandon(): void {
    this.epoch++;
    this.controller?.abort();
    this.summaries.stop();
    this.running = undefined;
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
    if (this.queue.length === 0) await this.answer(epoch);
    while (this.queue.length > 0 && this.epoch === epoch) {
      this.repository.addUserMessage(this.queue.shift()!);
      this.errorValue = undefined;
      // Stored before the request: a crash or reload never loses what the user wrote.
      await this.repository.save();
      // Saving may have switched to another window's new chat, which then sends this message: wait for that.
      if (this.epoch !== epoch) return this.running;
      await this.answer(epoch);
    }
    // Not after a failed or stopped answer (a rate limit would most likely refuse this one too).
    if (this.epoch === epoch && !this.errorValue) this.scheduleSummary();
  }

  /** Starts the summary job on the next macrotask, unless a question has arrived by then. */
  private scheduleSummary(): void {
    if (this.summaryScheduled || this.closed) return;
    this.summaryScheduled = new Promise<void>((resolve) =>
      setTimeout(() => {
        this.summaryScheduled = undefined;
        if (!this.running && !this.closed) this.summaries.start();
        resolve();
      }, 0),
    );
  }

  /**
   * Answers the question at the end of the history: asks Gemini, runs the debugger calls its
   * answer makes (each round answered in one turn) and asks again, until it answers without
   * calls, fails, or Stop. At most maxToolCalls calls run; then Gemini is told to answer with
   * what it has.
   */
  private async answer(epoch: number): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    this.errorValue = undefined;
    const maxCalls = this.options.maxToolCalls?.() ?? DEFAULT_MAX_TOOL_CALLS;
    let calls = 0;
    let lastRequestAllowedCalls = true;
    for (;;) {
      const pending = unansweredCalls(this.history);
      if (pending.length > 0) {
        // Calls past the limit (Gemini was told to stop calling, and called anyway) are not run.
        const responses = lastRequestAllowedCalls
          ? await this.investigate(pending, epoch, controller.signal)
          : notRunResponses(pending, `Not run: the ${maxCalls} debugger calls of this answer are used up.`);
        if (this.epoch !== epoch) return;
        this.repository.addToolResponses(responses);
        await this.repository.save();
        if (this.epoch !== epoch) return;
        calls += pending.length;
        // Stopped: the responses wait for the user's next message (or Retry); nothing is sent now.
        if (controller.signal.aborted) {
          this.errorValue = cancelledError([]);
          break;
        }
        if (!lastRequestAllowedCalls) break;
        continue;
      }
      if (!endsWithUser(this.history)) break;
      lastRequestAllowedCalls = calls < maxCalls;
      const outcome = await this.request(epoch, controller, lastRequestAllowedCalls ? undefined : maxCalls);
      if (outcome === 'abandoned') return;
      if (outcome === 'failed') break;
    }
    if (this.controller === controller) this.controller = undefined;
    this.setStatus({ state: 'idle' });
    await this.repository.save();
  }

  /** Runs one round of calls; the round is what the view shows while it runs. */
  private async investigate(calls: Part[], epoch: number, signal: AbortSignal): Promise<Part[]> {
    const round = new ToolRound(calls, this.options.tools, this.allowedTools, () => {
      if (this.epoch === epoch) this.options.listener.changed();
    });
    this.round = round;
    this.setStatus({ state: 'investigating' });
    try {
      return await round.run(signal);
    } finally {
      if (this.round === round) this.round = undefined;
    }
  }

  /**
   * One request to Gemini, retried with backoff where that is worth it. `limit`: the calls are used
   * up, and Gemini is told so. A request Gemini finds too long is sent once more with the oldest
   * half of it folded into the summary (or, without an archive, left out).
   */
  private async request(epoch: number, controller: AbortController, limit: number | undefined): Promise<'answered' | 'failed' | 'abandoned'> {
    const policy = this.options.retryPolicy();
    /** After a too-long answer: the budget of the one request more. */
    let shrunk: number | undefined;
    let plan: RequestPlan | undefined;
    for (let attempt = 0; ; attempt++) {
      this.setStatus({ state: 'answering', text: '' });
      try {
        const client = await this.options.connect(this.repository.chat.model);
        const chat = this.repository.chat;
        plan = shrunk === undefined ? await checkedPlan(chat, this.options.tokenBudget(), (history) => client.countTokens(history, controller.signal)) : planRequest(chat, shrunk);
        if (this.epoch !== epoch) return 'abandoned';
        this.omittedValue = plan.omitted;
        const live = plan.history.slice(plan.history.length - plan.sent);
        const answer = await client.stream({
          history: plan.history,
          ...this.toolsFor(live, limit),
          signal: controller.signal,
          onText: (delta) => {
            const status = this.statusValue;
            if (this.epoch !== epoch || status.state !== 'answering') return;
            this.statusValue = { ...status, text: status.text + delta };
            this.options.listener.delta(delta);
          },
          onThought: (delta) => {
            const status = this.statusValue;
            if (this.epoch !== epoch || status.state !== 'answering') return;
            this.setStatus({ ...status, thoughts: (status.thoughts ?? '') + delta });
          },
        });
        if (this.epoch !== epoch) return 'abandoned';
        // No longer streaming once stored, in the same change (else the view shows it twice).
        this.statusValue = { state: 'idle' };
        this.repository.addAnswer(answer.parts, { finishReason: answer.finishReason, ...(answer.usage ? { usage: answer.usage } : {}) });
        return 'answered';
      } catch (caught) {
        if (this.epoch !== epoch) return 'abandoned';
        const error = caught instanceof GeminiError ? caught : new GeminiError('unknown', 'Something went wrong while asking Gemini. Retry.', { cause: String(caught) });
        if (error.kind === 'tooLong' && shrunk === undefined && plan && !controller.signal.aborted) {
          shrunk = Math.max(1, Math.floor(plan.tokens / 2));
          await this.foldIntoSummary(planRequest(this.repository.chat, shrunk).omitted);
          if (this.epoch !== epoch) return 'abandoned';
          continue;
        }
        if (error.retryable && attempt < policy.maxRetries && !controller.signal.aborted) {
          const delay = retryDelayMs(error, attempt, policy, this.options.random);
          this.setStatus({ state: 'waiting', until: Date.now() + delay, attempt: attempt + 1, error });
          try {
            await sleep(delay, controller.signal);
            continue;
          } catch {
            if (this.epoch !== epoch) return 'abandoned';
            this.errorValue = cancelledError([]);
            return 'failed';
          }
        }
        const partial: Part[] = error.details.partialParts ?? (error.details.partialText ? [{ text: error.details.partialText }] : []);
        this.errorValue = error;
        this.statusValue = { state: 'idle' };
        if (hasAnswer(partial)) this.repository.addAnswer(partial, { incomplete: error.kind === 'cancelled' ? 'stopped' : 'failed' });
        return 'failed';
      }
    }
  }

  /** Archives the `count` oldest live turns and waits for the summary to take them in (silent when it cannot). */
  private async foldIntoSummary(count: number): Promise<void> {
    if (count <= 0) return;
    await this.repository.archiveAtLeast(count);
    await this.summaries.settled();
    this.summaries.start();
    await this.summaries.settled();
  }

  /**
   * The functions this request declares: the debugger's while a debug session exists (none when
   * the tools are off). A history with calls in it keeps them declared, callable or not.
   */
  private toolsFor(history: readonly Content[], limit: number | undefined): Pick<ModelRequest, 'tools' | 'toolMode' | 'note'> {
    const available = this.options.tools?.available();
    if (available?.mode === 'off') return {};
    const hasCalls = history.some((turn) => callsOf(turn).length > 0);
    if (!available) return hasCalls ? { tools: TOOL_DECLARATIONS, toolMode: 'NONE' } : {};
    if (limit === undefined) return { tools: available.declarations, toolMode: 'AUTO' };
    return { tools: available.declarations, toolMode: 'NONE', note: `You have made the ${limit} debugger calls one answer may use. Answer now with what you have learned.` };
  }

  private setStatus(status: SessionStatus): void {
    this.statusValue = status;
    this.options.listener.changed();
  }
}
