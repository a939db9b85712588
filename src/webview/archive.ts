// The archived messages, above the conversation: a "Show N earlier messages" button; once the
// host has read the archive file, those messages (rendered by the same MessageList as the live
// ones, without actions), a divider saying what Gemini gets of them, and the button hides them.
// Its hooks are data-archive="earlier" | "messages" | "divider" | "error": data-role marks messages only.
import type { ArchiveView } from '../shared/protocol';
import { h } from './dom';
import { MessageList } from './messages';
import { post } from './vscodeApi';

export class ArchivedMessages {
  readonly element: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly error: HTMLElement;
  private readonly log: HTMLElement;
  private readonly list: MessageList;
  private readonly divider: HTMLElement;
  private open = false;

  constructor() {
    this.button = h('button', { class: 'earlier-toggle', attrs: { type: 'button', 'data-archive': 'earlier', 'aria-expanded': 'false', 'aria-controls': 'archived-messages' } });
    this.button.addEventListener('click', () => post({ type: this.open ? 'hideArchive' : 'showArchive' }));
    this.error = h('div', { class: 'archive-error', attrs: { role: 'status', 'data-archive': 'error' } });
    this.log = h('div', { class: 'archived-messages', attrs: { id: 'archived-messages', role: 'region', 'aria-label': 'Archived messages', 'data-archive': 'messages' } });
    this.list = new MessageList(this.log);
    this.divider = h('div', { class: 'archive-divider', attrs: { role: 'separator', 'data-archive': 'divider' } });
    this.element = h('div', { class: 'archive', attrs: { 'data-banner': 'archive' } }, this.button, this.error, this.log, this.divider);
    this.element.hidden = true;
  }

  /** Applies the host's archive view; true when the archived messages have just appeared. */
  update(archive: ArchiveView | undefined): boolean {
    const count = typeof archive?.count === 'number' && Number.isFinite(archive.count) && archive.count > 0 ? Math.floor(archive.count) : 0;
    const messages = Array.isArray(archive?.messages) ? archive.messages : [];
    const error = typeof archive?.error === 'string' ? archive.error : '';
    const divider = typeof archive?.divider === 'string' ? archive.divider : '';
    const wasShown = !this.log.hidden;
    this.open = count > 0 && (Array.isArray(archive?.messages) || error !== '');
    this.element.hidden = count === 0;
    const label = `${this.open ? 'Hide' : 'Show'} ${count} earlier message${count === 1 ? '' : 's'}`;
    if (this.button.textContent !== label) this.button.textContent = label;
    this.button.setAttribute('aria-expanded', String(this.open));
    if (this.error.textContent !== error) this.error.textContent = error;
    this.error.hidden = error === '';
    this.list.setMessages(this.open ? messages : []);
    this.log.hidden = !this.open || messages.length === 0;
    if (this.divider.textContent !== divider) this.divider.textContent = divider;
    this.divider.hidden = this.log.hidden || divider === '';
    return !wasShown && !this.log.hidden;
  }
}
