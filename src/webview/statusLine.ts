// The line under the composer: who answers (the model id, or the local demo model: a button that
// opens the model picker) and token usage.
import type { UsageSummary } from '../shared/protocol';
import { h } from './dom';
import { formatCount as n, isCount } from './tokens';
import { post } from './vscodeApi';

/** "Last request: 1,234 tokens sent · 56 received · 300 thinking · Chat total: 9,876", without the unknown parts. */
export function formatUsage(usage: UsageSummary | undefined): string {
  if (!usage) return '';
  const parts: string[] = [];
  const sent = isCount(usage.lastPromptTokens) ? usage.lastPromptTokens : undefined;
  const received = isCount(usage.lastAnswerTokens) ? usage.lastAnswerTokens : undefined;
  if (sent !== undefined && received !== undefined) parts.push(`Last request: ${n(sent)} tokens sent`, `${n(received)} received`);
  else if (sent !== undefined) parts.push(`Last request: ${n(sent)} tokens sent`);
  else if (received !== undefined) parts.push(`Last request: ${n(received)} tokens received`);
  if (parts.length > 0 && isCount(usage.lastThoughtsTokens) && usage.lastThoughtsTokens > 0) parts.push(`${n(usage.lastThoughtsTokens)} thinking`);
  if (isCount(usage.totalTokens) && (usage.totalTokens > 0 || parts.length > 0)) parts.push(`Chat total: ${n(usage.totalTokens)}`);
  return parts.join(' \u00b7 ');
}

export class StatusLine {
  readonly element: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly model: HTMLElement;
  /** In demo mode, the model id the requests name (the demo answers for every id). */
  private readonly modelId: HTMLElement;
  private readonly usage: HTMLElement;

  constructor() {
    this.model = h('span', { class: 'status-model' });
    this.modelId = h('span', { class: 'status-model-id' });
    this.button = h('button', { class: 'status-model-button', attrs: { type: 'button' } }, this.model, this.modelId);
    this.button.addEventListener('click', () => post({ type: 'run', command: 'chooseModel' }));
    this.usage = h('span', { class: 'status-usage' });
    this.element = h('div', { class: 'status-line' }, this.button, this.usage);
  }

  /** `model`: the conversation's. `demo`: the chat talks to a local server, whose demo model answers whatever model the request names. */
  update(model: string, usage: UsageSummary | undefined, demo = false): void {
    const who = demo ? 'Demo model (local server)' : model;
    this.model.textContent = who;
    this.modelId.textContent = demo ? model : '';
    this.modelId.hidden = !demo || model === '';
    const about = demo ? `Answers come from the local server at geminiAssistant.apiBaseUrl, not from ${model || 'Gemini'}.` : `This conversation asks ${model}.`;
    this.button.title = `${about} Click to choose the model for this conversation.`;
    this.button.setAttribute('aria-label', `Model: ${model || who}. Choose Model`);
    this.button.hidden = who === '';
    const text = formatUsage(usage);
    this.usage.textContent = text;
    this.usage.hidden = text === '';
    this.element.hidden = this.button.hidden && this.usage.hidden;
  }
}
