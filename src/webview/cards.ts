// Context turns (a selection, a problem, an exception stop, a variable, a frame, terminal output)
// are shown as a compact card: what kind of context, its one-line title and the question.
// The full markdown that was sent stays in the message body, behind a disclosure button.
import type { MessageCard } from '../shared/protocol';
import { h, icon } from './dom';

const LABELS: Record<string, string> = {
  selection: 'Selection',
  problem: 'Problem',
  exception: 'Exception',
  variable: 'Variable',
  frame: 'Stack frame',
  terminal: 'Terminal output',
};

// 16x16 monochrome icons (currentColor).
const CARD_ICONS: Record<string, string> = {
  // Code brackets </>.
  selection:
    'M5.7 4.3a.75.75 0 0 1 0 1.06L3.06 8l2.64 2.64a.75.75 0 1 1-1.06 1.06L1.47 8.53a.75.75 0 0 1 0-1.06L4.64 4.3a.75.75 0 0 1 1.06 0zm4.6 0a.75.75 0 0 1 1.06 0l3.17 3.17a.75.75 0 0 1 0 1.06l-3.17 3.17a.75.75 0 1 1-1.06-1.06L12.94 8 10.3 5.36a.75.75 0 0 1 0-1.06z',
  // Circled exclamation mark.
  problem:
    'M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1zm0 1.2a5.8 5.8 0 1 0 0 11.6A5.8 5.8 0 0 0 8 2.2zM8 4a.75.75 0 0 1 .75.75v4a.75.75 0 0 1-1.5 0v-4A.75.75 0 0 1 8 4zm0 6.6a.9.9 0 1 1 0 1.8.9.9 0 0 1 0-1.8z',
  // Lightning bolt.
  exception: 'M9.6.8 2.8 9.2h4.3l-1 6 7.1-8.7H8.8z',
  // Curly braces { }.
  variable:
    'M5.5 2a.75.75 0 0 1 0 1.5c-.6 0-.9.3-.9.9v1.7c0 .8-.3 1.4-.8 1.9.5.5.8 1.1.8 1.9v1.7c0 .6.3.9.9.9a.75.75 0 0 1 0 1.5c-1.5 0-2.4-.9-2.4-2.4V9.9c0-.6-.3-1.1-1.1-1.1a.75.75 0 0 1 0-1.5c.8 0 1.1-.5 1.1-1.1V4.4C3.1 2.9 4 2 5.5 2zm5 0C12 2 12.9 2.9 12.9 4.4v1.8c0 .6.3 1.1 1.1 1.1a.75.75 0 0 1 0 1.5c-.8 0-1.1.5-1.1 1.1v1.7c0 1.5-.9 2.4-2.4 2.4a.75.75 0 0 1 0-1.5c.6 0 .9-.3.9-.9V9.9c0-.8.3-1.4.8-1.9-.5-.5-.8-1.1-.8-1.9V4.4c0-.6-.3-.9-.9-.9a.75.75 0 0 1 0-1.5z',
  // Three stacked bars.
  frame: 'M2 2.5h12v2.6H2zm0 4.2h12v2.6H2zm0 4.2h12v2.6H2z',
  // Terminal window with a prompt.
  terminal:
    'M1.5 2h13A1.5 1.5 0 0 1 16 3.5v9a1.5 1.5 0 0 1-1.5 1.5h-13A1.5 1.5 0 0 1 0 12.5v-9A1.5 1.5 0 0 1 1.5 2zm0 1.2a.3.3 0 0 0-.3.3v9c0 .17.13.3.3.3h13a.3.3 0 0 0 .3-.3v-9a.3.3 0 0 0-.3-.3zm2.1 2.4a.6.6 0 0 1 .85 0l2 2a.6.6 0 0 1 0 .85l-2 2a.6.6 0 1 1-.85-.85L5.18 8 3.6 6.45a.6.6 0 0 1 0-.85zM7.5 10h4a.6.6 0 0 1 0 1.2h-4a.6.6 0 0 1 0-1.2z',
};

// Chevron pointing right; turned down by CSS when expanded.
const CHEVRON = 'M5.7 3.2a.75.75 0 0 1 1.06 0l4.27 4.27a.75.75 0 0 1 0 1.06L6.76 12.8a.75.75 0 1 1-1.06-1.06L9.44 8 5.7 4.26a.75.75 0 0 1 0-1.06z';
const SHOW = 'Show what was sent';
const HIDE = 'Hide what was sent';

/** A stable key: the card is rebuilt only when it changes. */
export function cardKey(card: MessageCard | undefined): string {
  return card ? JSON.stringify([card.kind, card.title, card.question ?? '']) : '';
}

/** The card for a message whose full text is in the element `bodyId`. */
export function renderCard(card: MessageCard, bodyId: string, expanded: boolean): HTMLElement {
  const kind = typeof card.kind === 'string' && card.kind in LABELS ? card.kind : 'selection';
  const label = LABELS[kind] ?? 'Context';
  const toggle = h(
    'button',
    { class: 'card-toggle', attrs: { type: 'button', 'aria-expanded': String(expanded), 'aria-controls': bodyId } },
    icon(CHEVRON),
    h('span', { class: 'card-toggle-label', text: expanded ? HIDE : SHOW }),
  );
  return h(
    'div',
    { class: 'context-card', attrs: { 'data-kind': kind } },
    h('div', { class: 'card-head' }, icon(CARD_ICONS[kind] ?? CARD_ICONS.selection!), h('span', { class: 'card-kind', text: label })),
    h('div', { class: 'card-title', text: typeof card.title === 'string' ? card.title : '' }),
    typeof card.question === 'string' && card.question ? h('div', { class: 'card-question', text: card.question }) : null,
    toggle,
  );
}

/** Shows or hides what was sent; returns the new state. */
export function toggleCard(button: HTMLElement, body: HTMLElement): boolean {
  const expanded = button.getAttribute('aria-expanded') !== 'true';
  button.setAttribute('aria-expanded', String(expanded));
  const label = button.querySelector('.card-toggle-label');
  if (label) label.textContent = expanded ? HIDE : SHOW;
  body.hidden = !expanded;
  return expanded;
}
