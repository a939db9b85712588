// Archived turns are folded into the conversation's summary by a job of its own. The session
// starts it when no question is waiting or being answered, and a question never waits for it:
// one sent while it runs goes out at once. A failure is silent and not retried on the spot;
// the next answer starts the job again. Stop and New Chat cancel it.
import type { ModelClient } from '../ports';
import { chatIdOf } from './chatSync';
import type { ChatRepository } from './chatRepository';
import { summaryRequest } from './chatSummary';

export interface SummaryJobOptions {
  repository: ChatRepository;
  connect(): Promise<ModelClient>;
  /** Estimated tokens a request may carry: the turns to summarize are cut to fit (newest kept). */
  tokenBudget(): number;
}

export class SummaryJob {
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: SummaryJobOptions) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Sends a summary request if archived turns wait for one and none is in flight. */
  start(): void {
    const chat = this.options.repository.chat;
    if (this.running || (chat.archived ?? 0) <= (chat.summary?.turns ?? 0)) return;
    this.running = this.run().finally(() => (this.running = undefined));
  }

  stop(): void {
    this.controller?.abort();
  }

  /** Resolves once no summary request is in flight. */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    const { repository } = this.options;
    const chat = repository.chat;
    const chatId = chatIdOf(chat);
    const covered = chat.summary?.turns ?? 0;
    const controller = new AbortController();
    this.controller = controller;
    try {
      const turns = await repository.unsummarized();
      if (turns.length === 0 || controller.signal.aborted) return;
      const client = await this.options.connect();
      const answer = await client.stream({
        history: summaryRequest(chat.summary?.text, turns, this.options.tokenBudget() * 4),
        signal: controller.signal,
        onText: () => undefined,
      });
      const text = answer.text.trim();
      if (text && !controller.signal.aborted && repository.setSummary(chatId, covered, text, covered + turns.length)) await repository.save();
    } catch {
      // Silent: the archived turns stay unsummarized until the next answer starts the job again.
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }
}
