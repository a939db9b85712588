// The list of the workspace's conversations, above the chat: collapsed to one line ("3
// conversations"), expanded it offers search, open, rename and delete. Titles are filtered
// here as the user types; the host answers which conversations hold the text in their messages.
import type { ConversationItem } from '../shared/protocol';
import { conversationDetail } from '../shared/lastUsed';
import { h } from './dom';
import { post } from './vscodeApi';

export class ConversationList {
  readonly element: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly body: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private items: ConversationItem[] = [];
  private shownKey = '';
  /** Conversations whose messages hold the search text, as the host last answered. */
  private matches: { query: string; ids: Set<string> } = { query: '', ids: new Set() };
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.toggle = h('button', { class: 'conversations-toggle', attrs: { type: 'button', 'aria-expanded': 'false', 'data-conversations': 'toggle' } });
    this.search = h('input', { class: 'conversations-search', attrs: { type: 'search', 'aria-label': 'Search conversations', placeholder: 'Search conversations' } });
    this.list = h('ul', { class: 'conversations-list', attrs: { 'data-conversations': 'list', 'aria-label': 'Conversations' } });
    this.empty = h('p', { class: 'conversations-empty', text: 'No conversation holds this text.' });
    this.body = h('div', { class: 'conversations-body' }, this.search, this.list, this.empty);
    this.body.hidden = true;
    this.element = h('div', { class: 'conversations' }, this.toggle, this.body);
    this.element.hidden = true;
    this.toggle.addEventListener('click', () => this.setExpanded(this.body.hidden));
    this.search.addEventListener('input', () => this.onSearch());
    this.search.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      this.search.value = '';
      this.onSearch();
    });
    this.list.addEventListener('click', (e) => this.onClick(e));
  }

  update(items: readonly ConversationItem[] | undefined): void {
    this.items = items ? [...items] : [];
    // One conversation needs no list; the toggle appears once there is a second.
    this.element.hidden = this.items.length < 2;
    this.toggle.textContent = `${this.items.length} conversations`;
    this.render();
  }

  /** The host's answer to a search: conversations whose messages hold `query`. */
  matched(query: string, ids: readonly string[]): void {
    this.matches = { query, ids: new Set(ids) };
    if (query === this.search.value.trim()) this.render();
  }

  private setExpanded(expanded: boolean): void {
    this.body.hidden = !expanded;
    this.toggle.setAttribute('aria-expanded', String(expanded));
    if (expanded) this.search.focus();
  }

  private onSearch(): void {
    this.render();
    clearTimeout(this.searchTimer);
    const query = this.search.value.trim();
    if (query) this.searchTimer = setTimeout(() => post({ type: 'searchConversations', text: query }), 200);
  }

  private visible(): ConversationItem[] {
    const query = this.search.value.trim();
    if (!query) return this.items;
    const needle = query.toLowerCase();
    const inMessages = this.matches.query === query ? this.matches.ids : new Set<string>();
    return this.items.filter((item) => item.title.toLowerCase().includes(needle) || inMessages.has(item.id));
  }

  private render(): void {
    const shown = this.visible();
    const now = Date.now();
    const key = JSON.stringify([shown, Math.floor(now / 60_000)]);
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.list.replaceChildren(
      ...shown.map((item) => {
        const open = h(
          'button',
          { class: 'conversation-open', attrs: { type: 'button', 'data-command': 'open', ...(item.open ? { 'aria-current': 'true' } : {}) } },
          h('span', { class: 'conversation-title', text: item.title }),
          h('span', { class: 'conversation-detail', text: conversationDetail(item.messages, item.lastUsed, now) }),
        );
        const rename = h('button', {
          class: 'button button-secondary',
          text: 'Rename',
          attrs: { type: 'button', 'data-command': 'rename', 'aria-label': `Rename "${item.title}"` },
        });
        const remove = h('button', {
          class: 'button button-secondary',
          text: 'Delete',
          attrs: { type: 'button', 'data-command': 'delete', 'aria-label': `Delete "${item.title}"` },
        });
        return h(
          'li',
          { class: `conversation${item.open ? ' conversation-current' : ''}`, attrs: { 'data-conversation': item.id } },
          open,
          h('span', { class: 'conversation-actions' }, rename, remove),
        );
      }),
    );
    this.empty.hidden = shown.length > 0;
  }

  private onClick(event: Event): void {
    const button = (event.target as Element | null)?.closest('button[data-command]');
    const id = button?.closest('[data-conversation]')?.getAttribute('data-conversation');
    if (!button || !id) return;
    const command = button.getAttribute('data-command');
    if (command === 'open') {
      post({ type: 'openConversation', id });
      this.setExpanded(false);
    } else if (command === 'rename') post({ type: 'renameConversation', id });
    else if (command === 'delete') post({ type: 'deleteConversation', id });
  }
}
