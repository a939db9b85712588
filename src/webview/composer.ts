// The composer: a growing textarea, Send (or Stop while busy), and the unsent draft kept
// in the webview state so it survives the view being hidden and recreated.
import { h, icon, ICONS } from './dom';
import { loadState, post, saveState } from './vscodeApi';

const MAX_HEIGHT_PX = 200;

export class Composer {
  readonly element: HTMLElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private busy = false;

  constructor(private readonly onSent: () => void) {
    this.textarea = h('textarea', {
      class: 'composer-input',
      attrs: {
        'aria-label': 'Ask Gemini',
        placeholder: 'Ask Gemini\u2026',
        title: 'Enter to send, Shift+Enter for a new line',
        rows: '1',
        spellcheck: 'true',
      },
    });
    this.sendButton = h('button', {
      class: 'icon-button send-button',
      attrs: { type: 'button', 'aria-label': 'Send', title: 'Send (Enter)' },
    });
    this.sendButton.append(icon(ICONS.send));
    this.stopButton = h('button', {
      class: 'icon-button stop-button',
      attrs: { type: 'button', 'aria-label': 'Stop', title: 'Stop' },
    });
    this.stopButton.append(icon(ICONS.stop));
    this.stopButton.hidden = true;

    this.element = h('div', { class: 'composer' }, this.textarea, h('div', { class: 'composer-buttons' }, this.sendButton, this.stopButton));

    this.textarea.value = loadState().draft;
    this.textarea.addEventListener('input', () => this.onInput());
    this.textarea.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.sendButton.addEventListener('click', () => this.send());
    this.stopButton.addEventListener('click', () => post({ type: 'stop' }));
    // Clicking the padding around the textarea focuses it, like VS Code's inputs.
    this.element.addEventListener('mousedown', (e) => {
      if (e.target === this.element) {
        e.preventDefault();
        this.textarea.focus();
      }
    });
    this.refresh();
  }

  /** Called once the element is in the document, so its height can be measured. */
  mounted(): void {
    this.resize();
  }

  setBusy(busy: boolean): void {
    if (busy === this.busy) return;
    this.busy = busy;
    const from = busy ? this.sendButton : this.stopButton;
    const to = busy ? this.stopButton : this.sendButton;
    const hadFocus = document.activeElement === from;
    from.hidden = true;
    to.hidden = false;
    if (hadFocus) to.focus();
    this.refresh();
  }

  focus(text?: string): void {
    if (text !== undefined) {
      this.textarea.value = text;
      this.onInput();
    }
    this.textarea.focus();
    const end = this.textarea.value.length;
    this.textarea.setSelectionRange(end, end);
  }

  private onInput(): void {
    saveState({ draft: this.textarea.value });
    this.resize();
    this.refresh();
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
    // An IME is composing: Enter confirms the composition, it does not send.
    if (e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    this.send();
  }

  private text(): string {
    // Drop leading blank lines and trailing whitespace; keep the first line's indentation.
    return this.textarea.value.replace(/^(?:[ \t]*\r?\n)+/, '').trimEnd();
  }

  private send(): void {
    const text = this.text();
    // While busy, Enter still sends: the host queues the message until the answer is done.
    if (text === '') return;
    post({ type: 'send', text });
    this.textarea.value = '';
    this.onInput();
    this.onSent();
  }

  private refresh(): void {
    const empty = this.text() === '';
    // Only dimmed, not disabled: it stays focusable and clicking it with nothing typed does nothing.
    this.sendButton.toggleAttribute('data-empty', empty);
  }

  private resize(): void {
    const ta = this.textarea;
    // CSSOM writes are allowed by the CSP (only style attributes in markup are not).
    ta.style.height = 'auto';
    const height = Math.min(ta.scrollHeight + (ta.offsetHeight - ta.clientHeight), MAX_HEIGHT_PX);
    ta.style.height = `${height}px`;
    ta.style.overflowY = ta.scrollHeight + (ta.offsetHeight - ta.clientHeight) > MAX_HEIGHT_PX ? 'auto' : 'hidden';
  }
}
