// Context turns (a selection, a problem, an exception stop, a variable, a frame, terminal output)
// are shown as a compact card: what kind of context, its one-line title and the question.
// The full markdown that was sent stays in the message body, behind a disclosure button.
import type { MessageCard } from '../shared/protocol';
import { h, icon, type IconName } from './dom';

const LABELS: Record<string, string> = {
  selection: 'Selection',
  problem: 'Problem',
  exception: 'Exception',
  variable: 'Variable',
  frame: 'Stack frame',
  terminal: 'Terminal output',
};

const CARD_ICONS: Record<string, IconName> = {
  selection: 'code',
  problem: 'warning',
  exception: 'zap',
  variable: 'symbol-variable',
  frame: 'debug-stackframe',
  terminal: 'terminal',
};

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
    icon('chevron-right'),
    h('span', { class: 'card-toggle-label', text: expanded ? HIDE : SHOW }),
  );
  return h(
    'div',
    { class: 'context-card', attrs: { 'data-kind': kind } },
    h('div', { class: 'card-head' }, icon(CARD_ICONS[kind] ?? 'code'), h('span', { class: 'card-kind', text: label })),
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
