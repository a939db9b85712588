// A code block's toolbar: Copy, Insert at Cursor, Apply to Selection. It is one tab stop (a
// roving tabindex: Left/Right/Home/End move between its buttons, Tab leaves), so a long answer's
// many code blocks do not each cost three Tabs. The buttons are built with the block (markdown.ts
// decorate); their clicks and keys reach here through the message list's delegated listeners.
import { announce, h } from './dom';
import { post } from './vscodeApi';

type CodeAction = 'copy' | 'insertCode' | 'applyCode';

/** Short text for a narrow sidebar; the accessible name starts with it (what you see is what you say). */
const BUTTONS: { action: CodeAction; text: string; label: string; title: string }[] = [
  { action: 'copy', text: 'Copy', label: 'Copy code', title: 'Copy the code' },
  { action: 'insertCode', text: 'Insert', label: 'Insert at Cursor', title: 'Insert the code at the cursor of the last active editor' },
  { action: 'applyCode', text: 'Apply', label: 'Apply to Selection', title: "Replace the editor's selection with the code (shows a diff first)" },
];

/** The toolbar of a code block in language `lang` (may be empty). */
export function codeToolbar(lang: string): HTMLElement {
  return h(
    'div',
    { class: 'code-toolbar', attrs: { role: 'toolbar', 'aria-label': lang ? `Code actions (${lang})` : 'Code actions' } },
    ...BUTTONS.map((b, i) =>
      h('button', {
        class: 'code-action',
        text: b.text,
        attrs: { type: 'button', 'data-code-action': b.action, 'aria-label': b.label, title: b.title, tabindex: i === 0 ? '0' : '-1' },
      }),
    ),
  );
}

/** The text a code block's buttons use: its code without the last newline. */
export function codeTextOf(block: Element): string {
  const code = block.querySelector('pre code') ?? block.querySelector('pre');
  return (code?.textContent ?? '').replace(/\n$/, '');
}

/** Moves the toolbar's one tab stop to `button`. */
function makeCurrent(button: HTMLButtonElement): void {
  for (const other of Array.from(button.parentElement?.querySelectorAll<HTMLButtonElement>('.code-action') ?? [])) other.tabIndex = other === button ? 0 : -1;
}

/** Left/Right (wrapping), Home and End inside a toolbar; true when the key was the toolbar's. */
export function onToolbarKey(event: KeyboardEvent): boolean {
  const button = (event.target as Element | null)?.closest?.<HTMLButtonElement>('.code-toolbar .code-action');
  if (!button || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return false;
  const buttons = Array.from(button.parentElement!.querySelectorAll<HTMLButtonElement>('.code-action'));
  const at = buttons.indexOf(button);
  const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
  if (next === undefined) return false;
  event.preventDefault();
  const target = buttons[(next + buttons.length) % buttons.length]!;
  makeCurrent(target);
  target.focus();
  return true;
}

/** Runs the code action of a clicked toolbar button; true when the click was on one. */
export function onToolbarClick(target: Element): boolean {
  const button = target.closest<HTMLButtonElement>('.code-toolbar .code-action');
  const block = button?.closest('.code-block');
  if (!button || !block) return false;
  makeCurrent(button);
  const text = codeTextOf(block);
  const action = button.dataset.codeAction as CodeAction;
  post({ type: action, text });
  // Insert and Apply are announced by the host once done (it may find no editor, or be cancelled).
  if (action === 'copy') showCopied(button);
  return true;
}

function showCopied(button: HTMLButtonElement): void {
  button.textContent = 'Copied';
  button.classList.add('copied');
  announce('Copied to clipboard');
  const timer = Number(button.dataset.timer);
  if (timer) clearTimeout(timer);
  button.dataset.timer = String(
    setTimeout(() => {
      button.textContent = 'Copy';
      button.classList.remove('copied');
      delete button.dataset.timer;
    }, 1500),
  );
}
