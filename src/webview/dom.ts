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

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A 16x16 monochrome icon (currentColor), hidden from screen readers: the button carries the name. */
export function icon(pathData: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('icon');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', pathData);
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

export const ICONS = {
  // Paper plane.
  send: 'M1.2 1.6a.5.5 0 0 1 .55-.08l13 6a.5.5 0 0 1 0 .9l-13 6a.5.5 0 0 1-.69-.58L2.6 8 1.06 2.16a.5.5 0 0 1 .14-.56zM3.5 8.5l-1.1 4.2L12.8 8 2.4 3.3l1.1 4.2H8a.5.5 0 0 1 0 1z',
  // Filled square.
  stop: 'M4 3h8a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1z',
  // Four-pointed sparkle.
  sparkle: 'M8 0.5c.35 3.9 3.6 7.15 7.5 7.5-3.9.35-7.15 3.6-7.5 7.5C7.65 11.6 4.4 8.35.5 8 4.4 7.65 7.65 4.4 8 .5z',
  // Warning triangle.
  warning:
    'M8.9 1.5a1 1 0 0 0-1.8 0L.6 13.5A1 1 0 0 0 1.5 15h13a1 1 0 0 0 .9-1.5zM8 5a.75.75 0 0 1 .75.75v4a.75.75 0 0 1-1.5 0v-4A.75.75 0 0 1 8 5zm0 6.5a1 1 0 1 1 0 2 1 1 0 0 1 0-2z',
  // Circled i.
  info: 'M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1zm0 1.2a5.8 5.8 0 1 0 0 11.6A5.8 5.8 0 0 0 8 2.2zM8 7a.7.7 0 0 1 .7.7v3.6a.7.7 0 0 1-1.4 0V7.7A.7.7 0 0 1 8 7zm0-2.6a.85.85 0 1 1 0 1.7.85.85 0 0 1 0-1.7z',
} as const;

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
