// Tiny DOM helpers: everything is built with DOM APIs (no innerHTML of our own strings,
// no inline handlers or style attributes, which the CSP forbids anyway).

type Child = Node | string | null | undefined | false;

export interface ElementProps {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.attrs) for (const [name, value] of Object.entries(props.attrs)) el.setAttribute(name, value);
  if (props.text !== undefined) el.textContent = props.text;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

/** The codicons the view uses (@vscode/codicons, shipped as dist/codicon.css and its font). */
export const ICON_NAMES = [
  'send',
  'debug-stop',
  'sparkle',
  'warning',
  'info',
  'chevron-right',
  'code',
  'zap',
  'symbol-variable',
  'debug-stackframe',
  'terminal',
  'lightbulb',
  'debug-alt',
  'arrow-down',
] as const;
export type IconName = (typeof ICON_NAMES)[number];

/** A codicon (drawn in currentColor by the icon font), hidden from screen readers: the button or text beside it carries the name. */
export function icon(name: IconName): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** Polite announcements for screen readers (e.g. "Copied") outside the message log. */
let announcer: HTMLElement | undefined;
export function mountAnnouncer(parent: HTMLElement): void {
  announcer = h('div', { class: 'sr-only', attrs: { role: 'status', 'aria-live': 'polite' } });
  parent.append(announcer);
}
export function announce(text: string): void {
  if (!announcer) return;
  announcer.textContent = '';
  // A fresh text node after a tick makes repeated identical messages audible.
  setTimeout(() => {
    if (announcer) announcer.textContent = text;
  }, 50);
}
