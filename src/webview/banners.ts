// Banners above the conversation (no API key, demo model) and the notices above the composer.
import type { ViewNotice } from '../shared/protocol';
import { h, icon } from './dom';
import { post } from './vscodeApi';

export class Banners {
  readonly element: HTMLElement;
  private readonly noKey: HTMLElement;
  private readonly demo: HTMLElement;

  constructor() {
    const setKey = h('button', {
      class: 'button button-primary',
      text: 'Set API Key',
      attrs: { type: 'button', 'data-action': 'setApiKey' },
    });
    setKey.addEventListener('click', () => post({ type: 'action', action: 'setApiKey' }));
    this.noKey = h(
      'div',
      { class: 'banner banner-warning banner-no-key', attrs: { role: 'status', 'data-banner': 'no-api-key' } },
      icon('warning'),
      h(
        'div',
        { class: 'banner-content' },
        h('div', { class: 'banner-title', text: 'No Gemini API key is set.' }),
        h('div', { class: 'banner-detail' }, 'Set one to start chatting, or set the ', h('code', { text: 'GEMINI_API_KEY' }), ' environment variable and restart VS Code.'),
        h('div', { class: 'banner-actions' }, setKey),
      ),
    );
    this.demo = h(
      'div',
      { class: 'banner banner-info banner-demo', attrs: { role: 'status', 'data-banner': 'demo' } },
      icon('info'),
      h('div', { class: 'banner-content', text: 'Demo model: answers come from the local demo server, not Gemini.' }),
    );
    this.noKey.hidden = true;
    this.demo.hidden = true;
    this.element = h('div', { class: 'banners' }, this.noKey, this.demo);
  }

  update(hasApiKey: boolean, demo: boolean): void {
    this.noKey.hidden = hasApiKey;
    this.demo.hidden = !demo;
    this.element.hidden = this.noKey.hidden && this.demo.hidden;
  }
}

/**
 * The notices above the composer: each its text (wrapping in a narrow sidebar) and its action as
 * a button, which posts the command the host sent with it (the text is never read back).
 */
export class Notices {
  readonly element: HTMLElement;
  private key = '';

  constructor() {
    this.element = h('div', { class: 'notices', attrs: { role: 'status', 'data-banner': 'notice' } });
    this.element.hidden = true;
  }

  update(notices: readonly ViewNotice[] | undefined): void {
    const given: readonly ViewNotice[] = Array.isArray(notices) ? notices : [];
    const list = given.filter((n) => typeof n?.text === 'string' && n.text.trim() !== '');
    const key = JSON.stringify(list);
    if (key === this.key) return;
    this.key = key;
    this.element.replaceChildren(...list.map((notice) => this.render(notice)));
    this.element.hidden = list.length === 0;
  }

  private render(notice: ViewNotice): HTMLElement {
    const action = notice.action && typeof notice.action.label === 'string' ? notice.action : undefined;
    let button: HTMLButtonElement | undefined;
    if (action) {
      button = h('button', { class: 'button button-quiet notice-action', text: action.label, attrs: { type: 'button' } });
      button.addEventListener('click', () => post({ type: 'run', command: action.command }));
    }
    return h(
      'div',
      { class: 'notice', attrs: { 'data-notice': String(notice.id) } },
      icon('info'),
      h('div', { class: 'notice-content' }, h('span', { class: 'notice-text', text: notice.text.trim() }), button),
    );
  }
}

/**
 * Gemini's summary of the archived messages, above the conversation: one line with a disclosure
 * button; expanded, the summary's plain text (textContent, never HTML).
 */
export class SummaryLine {
  readonly element: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly label: HTMLElement;
  private readonly text: HTMLElement;

  constructor() {
    this.label = h('span', { class: 'summary-label' });
    this.text = h('div', { class: 'summary-text', attrs: { id: 'archived-summary' } });
    this.text.hidden = true;
    this.toggle = h(
      'button',
      { class: 'summary-toggle', attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'archived-summary' } },
      icon('chevron-right'),
      this.label,
    );
    this.toggle.addEventListener('click', () => this.setExpanded(this.toggle.getAttribute('aria-expanded') !== 'true'));
    this.element = h('div', { class: 'summary', attrs: { 'data-banner': 'summary' } }, this.toggle, this.text);
    this.element.hidden = true;
  }

  update(summary: string | undefined, turns: number | undefined): void {
    const text = typeof summary === 'string' ? summary.trim() : '';
    const count = typeof turns === 'number' && Number.isFinite(turns) && turns > 0 ? Math.floor(turns) : 0;
    const label = count > 0 ? `Summary of ${count} archived messages` : 'Summary of archived messages';
    if (this.label.textContent !== label) this.label.textContent = label;
    if (this.text.textContent !== text) this.text.textContent = text;
    this.element.hidden = text === '';
  }

  private setExpanded(expanded: boolean): void {
    this.toggle.setAttribute('aria-expanded', String(expanded));
    this.text.hidden = !expanded;
    this.element.classList.toggle('expanded', expanded);
  }
}
