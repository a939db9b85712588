// The composer: a growing textarea, Send (or Stop while busy), and the unsent draft kept
// in the webview state so it survives the view being hidden and recreated.
import { h, icon } from './dom';
import { loadState, post, saveState } from './vscodeApi';

const MAX_HEIGHT_PX = 200;

export class Composer {
  readonly element: HTMLElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private busy = false;
  /** The last question typed in this conversation: Up in an empty composer brings it back. */
  private lastQuestion = '';
  /** The question being edited: Send forks the conversation there. */
  private editing: string | undefined;
  private readonly editBar: HTMLElement;

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
    this.sendButton.append(icon('send'));
    this.stopButton = h('button', {
      class: 'icon-button stop-button',
      attrs: { type: 'button', 'aria-label': 'Stop', title: 'Stop' },
    });
    this.stopButton.append(icon('debug-stop'));
    this.stopButton.hidden = true;

    const cancelEdit = h('button', { class: 'button button-secondary', text: 'Cancel', attrs: { type: 'button', 'aria-label': 'Cancel the edit' } });
    cancelEdit.addEventListener('click', () => this.cancelEdit());
    this.editBar = h(
      'div',
      { class: 'edit-bar', attrs: { role: 'status', 'data-composer': 'editing' } },
      h('span', { text: 'Editing an earlier question: Send asks it again from there; the conversation as it was is kept in the list.' }),
      cancelEdit,
    );
    this.editBar.hidden = true;
    this.element = h(
      'div',
      { class: 'composer-area' },
      this.editBar,
      h('div', { class: 'composer' }, this.textarea, h('div', { class: 'composer-buttons' }, this.sendButton, this.stopButton)),
    );

    this.textarea.value = loadState().draft;
    this.textarea.addEventListener('input', () => this.onInput());
    this.textarea.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.sendButton.addEventListener('click', () => this.send());
    this.stopButton.addEventListener('click', () => post({ type: 'stop' }));
    // Clicking the padding around the textarea focuses it, like VS Code's inputs.
    this.textarea.parentElement!.addEventListener('mousedown', (e) => {
      if (e.target === this.textarea.parentElement) {
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

  setLastQuestion(text: string): void {
    this.lastQuestion = text;
  }

  /** Puts question `id` in the composer; sending it then forks the conversation there. */
  startEdit(id: string, text: string): void {
    this.editing = id;
    this.editBar.hidden = false;
    this.focus(text);
  }

  private cancelEdit(): void {
    this.editing = undefined;
    this.editBar.hidden = true;
    this.textarea.value = '';
    this.onInput();
    this.textarea.focus();
  }

  private onInput(): void {
    saveState({ draft: this.textarea.value });
    this.resize();
    this.refresh();
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.editing !== undefined) {
      e.preventDefault();
      this.cancelEdit();
      return;
    }
    // Escape stops the answer in progress, as the Stop button does.
    if (e.key === 'Escape' && this.busy) {
      e.preventDefault();
      post({ type: 'stop' });
      return;
    }
    // Up in an empty composer recalls the last question (to send again or change).
    if (e.key === 'ArrowUp' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && this.textarea.value === '' && this.lastQuestion) {
      e.preventDefault();
      this.focus(this.lastQuestion);
      return;
    }
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
    if (this.editing !== undefined) {
      // An edit starts a turn: it waits until the answer running now is done (the host ignores it while busy).
      if (this.busy) return;
      post({ type: 'edit', id: this.editing, text });
      this.editing = undefined;
      this.editBar.hidden = true;
    } else post({ type: 'send', text });
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
