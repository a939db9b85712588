// The message list: one element per message, keyed by id and updated in place so that
// focus, selection and scroll survive state updates. Streamed text is rendered at most once per
// animation frame, and only its open last block is rendered again (see markdownBody.ts).
import type { MessageAction, MessageRole, ViewMessage } from '../shared/protocol';
import { h, icon } from './dom';
import { cardKey, renderCard, toggleCard } from './cards';
import { onToolbarClick, onToolbarKey } from './codeToolbar';
import { renderDecorated } from './markdown';
import { MarkdownBody } from './markdownBody';
import { onPathLinkClick, pathLinks } from './pathLinks';
import { messageTimeLabel } from './messageTime';
import { ACTION_LABELS, renderCountdown, renderFooter, type FooterState } from './messageFooter';
import { isLong, renderMoreToggle, toggleMore } from './longMessage';
import { formatAnswerUsage } from './tokens';
import { renderToolCall, toolKey } from './toolCall';
import { post } from './vscodeApi';

const AUTHOR: Record<MessageRole, string> = { user: 'You', model: 'Gemini', error: 'Error', tool: 'Debugger' };

interface Entry extends FooterState {
  id: string;
  role: MessageRole;
  el: HTMLElement;
  body: HTMLElement;
  /** The text the message holds now (state text plus streamed deltas). */
  text: string;
  /** The text its body shows; differs from `text` while a render is pending. */
  shownText: string | undefined;
  /** Whether the body was last rendered as finished (not streaming). */
  shownFinal: boolean;
  /** Renders user and model text (errors and tool calls are not markdown). */
  markdown: MarkdownBody | undefined;
  actionsKey: string;
  /** Last `retryInSeconds` received (the countdown restarts when it changes). */
  retryReceived: number | undefined;
  /** The context card shown instead of the body (which the card's button expands). */
  card: HTMLElement | undefined;
  cardKey: string;
  /** Gemini's thought summaries, collapsed above a model message's body. */
  thinking: HTMLDetailsElement | undefined;
  thinkingText: string;
  /** Whether the thoughts shown are all there will be (their code blocks are then highlighted). */
  thinkingFinished: boolean;
  /** What a tool message's body shows (see toolCall.ts). */
  toolKey: string;
  /** Show more / Show less under a long question, whose body is collapsed. */
  more: HTMLButtonElement | undefined;
}

export class MessageList {
  private readonly entries = new Map<string, Entry>();
  private readonly dirty = new Set<Entry>();
  private frame: number | undefined;
  /** Pace for very long answers: the next frame that may render, from the last render's cost. */
  private notBefore = 0;
  private countdownTimer: ReturnType<typeof setInterval> | undefined;
  private stickToBottom = true;
  /** "Jump to latest": shown when new content arrives below while the user reads further up. */
  readonly jumpButton: HTMLButtonElement | undefined;

  constructor(
    private readonly log: HTMLElement,
    /** The element that scrolls, to follow the bottom as messages arrive; none for a list that never grows at the bottom (the archived messages). */
    private readonly scroller?: HTMLElement,
    /** Called when the focused element was removed with its message. */
    private readonly onFocusLost: () => void = () => {},
    /** Edit on a question: the composer takes its text. */
    private readonly onEdit: (id: string, text: string) => void = () => {},
  ) {
    log.addEventListener('click', (e) => this.onClick(e));
    log.addEventListener('keydown', (e) => onToolbarKey(e));
    // Middle-click would open links in a new window: never navigate.
    log.addEventListener('auxclick', (e) => {
      if ((e.target as Element | null)?.closest?.('a')) e.preventDefault();
    });
    if (scroller) {
      this.jumpButton = h('button', { class: 'button button-secondary jump-to-latest', attrs: { type: 'button' } }, icon('arrow-down'), 'Jump to latest');
      this.jumpButton.hidden = true;
      this.jumpButton.addEventListener('click', () => {
        this.scrollToBottom();
        // The button goes away: the keyboard stays in the conversation.
        this.log.focus();
      });
      this.followBottom(scroller);
    }
  }

  private followBottom(scroller: HTMLElement): void {
    // Follow the bottom until the user scrolls up; scrolling back down to the end follows again.
    // Only upward moves unstick: layout changes (a banner appearing) must not.
    let lastTop = scroller.scrollTop;
    scroller.addEventListener(
      'scroll',
      () => {
        const top = scroller.scrollTop;
        const atBottom = this.distanceFromBottom() < 24;
        if (atBottom) {
          this.stickToBottom = true;
          if (this.jumpButton) this.jumpButton.hidden = true;
        } else if (top < lastTop) this.stickToBottom = false;
        lastTop = top;
      },
      { passive: true },
    );
    new ResizeObserver(() => this.keepBottom()).observe(scroller);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Brings the list to exactly `messages`, reusing elements by id. */
  setMessages(messages: readonly ViewMessage[], forceScroll = false): void {
    const seen = new Set<string>();
    let index = 0;
    let added = false;
    for (const message of messages) {
      if (seen.has(message.id)) continue; // ids are unique; ignore a malformed duplicate
      seen.add(message.id);
      let entry = this.entries.get(message.id);
      if (entry && entry.role !== message.role) {
        entry.el.remove();
        this.entries.delete(message.id);
        entry = undefined;
      }
      if (!entry) {
        entry = this.create(message);
        this.entries.set(message.id, entry);
        added = true;
      }
      this.update(entry, message);
      const current = this.log.children[index];
      if (current !== entry.el) this.log.insertBefore(entry.el, current ?? null);
      index++;
    }
    let lostFocus = false;
    for (const [id, entry] of this.entries) {
      if (!seen.has(id)) {
        lostFocus ||= entry.el.contains(document.activeElement);
        entry.el.remove();
        this.entries.delete(id);
        this.dirty.delete(entry);
      }
    }
    const rendered = this.flush();
    this.updateCountdownTimer();
    // E.g. Retry pressed from the keyboard: its error is replaced by the answer.
    if (lostFocus) this.onFocusLost();
    if (forceScroll) this.stickToBottom = true;
    this.afterChange(added || rendered);
  }

  /**
   * Appends streamed text to a message; the render happens on the next animation frame. `at` is
   * where the text goes: a delta the message already holds is ignored, and a gap (a delta lost
   * or out of order) asks the host for the whole state instead of guessing.
   */
  appendDelta(id: string, text: string, at: number): void {
    const entry = this.entries.get(id);
    if (!entry || text === '') return;
    if (at === entry.text.length) {
      entry.text += text;
      this.markDirty(entry);
    } else if (entry.text.slice(at, at + text.length) !== text) {
      post({ type: 'ready' });
    }
  }

  /** Whether message `id` is shown now. */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** What a message says, as read aloud: its rendered text without the code blocks' headers. */
  spokenText(id: string): string {
    const body = this.entries.get(id)?.body;
    if (!body) return '';
    const copy = body.cloneNode(true) as HTMLElement;
    for (const ui of copy.querySelectorAll('.code-header')) ui.remove();
    return copy.textContent ?? '';
  }

  scrollToBottom(): void {
    this.stickToBottom = true;
    if (this.jumpButton) this.jumpButton.hidden = true;
    this.keepBottom();
  }

  /** Shows the top of the conversation (the earlier messages just opened) and stops following the bottom. */
  scrollToTop(): void {
    this.stickToBottom = false;
    if (this.scroller) this.scroller.scrollTop = 0;
  }

  private create(message: ViewMessage): Entry {
    const el = h('div', {
      class: `message message-${message.role}`,
      attrs: { 'data-role': message.role, 'data-id': message.id, ...(message.role === 'tool' && message.tool ? { 'data-tool': String(message.tool.name) } : {}) },
    });
    const header = h(
      'div',
      { class: 'message-header' },
      message.role === 'model' ? icon('sparkle') : message.role === 'error' ? icon('warning') : null,
      // The name comes from CSS (`content: attr(data-author)`), so the element's textContent is
      // the message alone while screen readers still hear who wrote it.
      h('span', { class: 'message-author', attrs: { 'data-author': AUTHOR[message.role] } }),
    );
    const body = h('div', {
      class: message.role === 'error' ? 'message-body message-text' : message.role === 'tool' ? 'message-body tool-body' : 'message-body markdown',
      attrs: { id: `message-body-${message.id.replace(/[^\w-]/g, '_')}` },
    });
    const footer = h('div', { class: 'message-footer' });
    footer.hidden = true;
    el.append(header, body, footer);
    return {
      id: message.id,
      role: message.role,
      el,
      body,
      footer,
      text: '',
      shownText: undefined,
      shownFinal: false,
      markdown: message.role === 'user' || message.role === 'model' ? new MarkdownBody(body, message.role) : undefined,
      streaming: false,
      note: '',
      usage: '',
      actionsKey: '',
      retryReceived: undefined,
      retryDeadline: undefined,
      card: undefined,
      cardKey: '',
      thinking: undefined,
      thinkingText: '',
      thinkingFinished: false,
      toolKey: '',
      more: undefined,
    };
  }

  private update(entry: Entry, message: ViewMessage): void {
    this.updateCard(entry, message);
    this.updateCollapsed(entry, message);
    this.updateTime(entry, message);
    this.updateThinking(entry, message);
    if (entry.role === 'tool' && message.tool && typeof message.tool === 'object') {
      const key = toolKey(message.tool);
      if (key !== entry.toolKey) {
        entry.toolKey = key;
        renderToolCall(entry.body, message.tool);
      }
    }
    const streaming = message.streaming === true;
    // A finished answer renders its last block as finished too.
    if (message.text !== entry.text || streaming !== entry.streaming) {
      entry.text = message.text;
      this.markDirty(entry);
    }
    const note = message.note ?? '';
    const usage = entry.role === 'model' ? formatAnswerUsage(message.usage) : '';
    const actions = (message.actions ?? []).filter((a) => a in ACTION_LABELS);
    const actionsKey = actions.join(',');
    const retry = typeof message.retryInSeconds === 'number' && message.retryInSeconds >= 0 ? Math.ceil(message.retryInSeconds) : undefined;

    if (retry !== entry.retryReceived) {
      entry.retryReceived = retry;
      entry.retryDeadline = retry === undefined ? undefined : Date.now() + retry * 1000;
    }
    if (
      streaming !== entry.streaming ||
      note !== entry.note ||
      usage !== entry.usage ||
      actionsKey !== entry.actionsKey ||
      retry !== undefined ||
      entry.footer.querySelector('.message-retry')
    ) {
      entry.streaming = streaming;
      entry.note = note;
      entry.usage = usage;
      entry.el.classList.toggle('streaming', streaming);
      // Screen readers wait for the whole answer instead of reading every re-render.
      if (streaming) entry.el.setAttribute('aria-busy', 'true');
      else entry.el.removeAttribute('aria-busy');
      renderFooter(entry, actions, actionsKey !== entry.actionsKey);
      entry.actionsKey = actionsKey;
    }
  }

  /** The time it was written, on hover; told again each update, so that "Today" becomes "Yesterday" after midnight. */
  private updateTime(entry: Entry, message: ViewMessage): void {
    const time = typeof message.time === 'number' && Number.isFinite(message.time) && message.time > 0 ? message.time : undefined;
    if (time === undefined) entry.el.removeAttribute('title');
    else entry.el.title = messageTimeLabel(time, Date.now());
  }

  /** A user message with a card shows the card; its full text is expanded from the card. */
  private updateCard(entry: Entry, message: ViewMessage): void {
    const card = entry.role === 'user' && message.card && typeof message.card === 'object' ? message.card : undefined;
    const key = cardKey(card);
    if (key === entry.cardKey) return;
    const expanded = entry.card?.querySelector('.card-toggle')?.getAttribute('aria-expanded') === 'true';
    entry.card?.remove();
    entry.card = card ? renderCard(card, entry.body.id, expanded) : undefined;
    entry.cardKey = key;
    if (entry.card) entry.body.before(entry.card);
    entry.el.classList.toggle('has-card', entry.card !== undefined);
    entry.body.hidden = entry.card !== undefined && !expanded;
  }

  /** A long question (without a card, which is compact already) shows its first lines and Show more. */
  private updateCollapsed(entry: Entry, message: ViewMessage): void {
    const long = entry.role === 'user' && !entry.card && typeof message.text === 'string' && isLong(message.text);
    if (long === (entry.more !== undefined)) return;
    if (long) {
      entry.more = renderMoreToggle(entry.body.id);
      entry.body.after(entry.more);
    } else {
      entry.more?.remove();
      entry.more = undefined;
    }
    entry.body.classList.toggle('collapsed', long);
  }

  /** Thought summaries: a collapsed "Thinking" section (open it to read them), never part of the answer. */
  private updateThinking(entry: Entry, message: ViewMessage): void {
    const text = entry.role === 'model' && typeof message.thinking === 'string' ? message.thinking : '';
    // Thoughts come before the answer: once it has begun (or the message is done) they are finished.
    const finished = message.streaming !== true || message.text !== '';
    if (text === entry.thinkingText && finished === entry.thinkingFinished) return;
    entry.thinkingText = text;
    entry.thinkingFinished = finished;
    if (!text) {
      entry.thinking?.remove();
      entry.thinking = undefined;
      return;
    }
    if (!entry.thinking) {
      entry.thinking = h('details', { class: 'thinking' }, h('summary', { text: 'Thinking' }), h('div', { class: 'thinking-body markdown' }));
      entry.body.before(entry.thinking);
    }
    const body = entry.thinking.querySelector('.thinking-body')!;
    try {
      body.replaceChildren(...renderDecorated(text, 'model', finished));
    } catch {
      body.textContent = text;
    }
  }

  private updateCountdownTimer(): void {
    const counting = [...this.entries.values()].some((e) => e.retryDeadline !== undefined);
    if (counting && this.countdownTimer === undefined) {
      this.countdownTimer = setInterval(() => {
        for (const entry of this.entries.values()) {
          const el = entry.footer.querySelector<HTMLElement>('.message-retry');
          if (el && entry.retryDeadline !== undefined) renderCountdown(entry, el);
        }
      }, 1000);
    } else if (!counting && this.countdownTimer !== undefined) {
      clearInterval(this.countdownTimer);
      this.countdownTimer = undefined;
    }
  }

  private markDirty(entry: Entry): void {
    this.dirty.add(entry);
    if (this.frame === undefined) this.frame = requestAnimationFrame((t) => this.onFrame(t));
  }

  private onFrame(time: number): void {
    this.frame = undefined;
    if (time < this.notBefore) {
      this.frame = requestAnimationFrame((t) => this.onFrame(t));
      return;
    }
    const start = performance.now();
    const rendered = this.flush();
    const cost = performance.now() - start;
    // Keep rendering under ~1/3 of the time for very long answers (a render every frame otherwise).
    this.notBefore = cost > 6 ? start + cost * 3 : 0;
    this.afterChange(rendered);
  }

  /** Follows the bottom, or, when the user reads further up and something new came, offers to jump to it. */
  private afterChange(grew: boolean): void {
    if (this.stickToBottom) this.keepBottom();
    else if (grew && this.jumpButton && this.distanceFromBottom() > 24) this.jumpButton.hidden = false;
  }

  /** Renders every message whose text changed; true when one did. */
  private flush(): boolean {
    if (this.frame !== undefined && this.dirty.size > 0) {
      // A synchronous flush (state update) supersedes the pending frame.
      cancelAnimationFrame(this.frame);
      this.frame = undefined;
    }
    let rendered = false;
    for (const entry of this.dirty) rendered = this.renderBody(entry) || rendered;
    this.dirty.clear();
    return rendered;
  }

  private renderBody(entry: Entry): boolean {
    const final = !entry.streaming;
    if (entry.shownText === entry.text && entry.shownFinal === final) return false;
    entry.shownText = entry.text;
    entry.shownFinal = final;
    if (entry.markdown) {
      entry.markdown.render(entry.text, final);
      // A finished answer's file paths become links to the workspace's files.
      if (final && entry.role === 'model') pathLinks.scan(entry.body);
    } else if (entry.role === 'error') entry.body.textContent = entry.text; // plain text, never HTML
    // A tool message's body is built from the call's view in update(), never from text.
    return true;
  }

  private distanceFromBottom(): number {
    const s = this.scroller;
    return s ? s.scrollHeight - s.scrollTop - s.clientHeight : 0;
  }

  private keepBottom(): void {
    if (this.scroller && this.stickToBottom && this.distanceFromBottom() > 1) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as Element | null;
    if (!target?.closest) return;
    const link = target.closest('a');
    if (link && this.log.contains(link)) {
      event.preventDefault();
      if (onPathLinkClick(link)) return;
      const href = link.getAttribute('href');
      if (href) post({ type: 'openLink', href });
      return;
    }
    if (onToolbarClick(target)) return;
    const more = target.closest<HTMLButtonElement>('.more-toggle');
    if (more) {
      const body = more.closest('.message')?.querySelector<HTMLElement>('.message-body');
      if (body) toggleMore(more, body);
      return;
    }
    const toggle = target.closest<HTMLButtonElement>('.card-toggle');
    if (toggle) {
      const body = toggle.closest('.message')?.querySelector<HTMLElement>('.message-body');
      if (body) toggleCard(toggle, body);
      return;
    }
    const action = target.closest<HTMLButtonElement>('button[data-action]');
    if (action) {
      const name = action.dataset.action as MessageAction;
      const entry = this.entries.get(action.closest<HTMLElement>('.message')?.dataset.id ?? '');
      if (name === 'edit') {
        if (entry) this.onEdit(entry.id, entry.text);
      } else if (name in ACTION_LABELS) post({ type: 'action', action: name });
    }
  }
}
