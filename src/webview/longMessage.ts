// A long pasted question (a log, a whole file) is shown as its first few lines with Show more /
// Show less, so one paste does not push the conversation off the screen. CSS clamps the body.
import { h } from './dom';

const MAX_LINES = 12;
const MAX_CHARS = 1_500;
const MORE = 'Show more';
const LESS = 'Show less';

/** Longer than ~12 lines or ~1,500 characters. */
export function isLong(text: string): boolean {
  if (text.length > MAX_CHARS) return true;
  let newlines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) if (++newlines >= MAX_LINES) return true;
  return false;
}

/** The toggle for the collapsed body `bodyId` (which gets the `collapsed` class). */
export function renderMoreToggle(bodyId: string): HTMLButtonElement {
  return h('button', { class: 'button button-quiet more-toggle', text: MORE, attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': bodyId } });
}

export function toggleMore(button: HTMLElement, body: HTMLElement): void {
  const expanded = button.getAttribute('aria-expanded') !== 'true';
  button.setAttribute('aria-expanded', String(expanded));
  button.textContent = expanded ? LESS : MORE;
  body.classList.toggle('collapsed', !expanded);
}
