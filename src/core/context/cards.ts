// Context messages (a problem, an exception stop, a variable, a stack frame, terminal output, a
// selection) are plain markdown, because that is what Gemini gets. Their first line says what they
// are, for Gemini's sake:
//   **Exception** · TypeError: Cannot read properties of undefined (reading 'price')
// The chat view shows them as a compact card, from the card data that travels with the text.
import type { CardKind, ContextCard, UserMessage } from '../types';

export const CARD_LABELS: Record<CardKind, string> = {
  selection: 'Selection',
  problem: 'Problem',
  exception: 'Exception',
  variable: 'Variable',
  frame: 'Frame',
  terminal: 'Terminal output',
};

export const CARD_KINDS = Object.keys(CARD_LABELS) as CardKind[];

const TITLE_LENGTH = 160;

/** One line of at most `max` characters; longer text ends with an ellipsis. */
export function oneLine(text: string, max = TITLE_LENGTH): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}\u2026` : line;
}

/** The first line of a context message. */
export function cardHeader(kind: Exclude<CardKind, 'selection'>, title: string): string {
  return `**${CARD_LABELS[kind]}** \u00b7 ${oneLine(title) || CARD_LABELS[kind]}`;
}

/** A context message: its header line, the sections, then the question; the card says the same as data. */
export function contextMessage(kind: Exclude<CardKind, 'selection'>, title: string, sections: readonly string[], question: string): UserMessage {
  const card: ContextCard = { kind, title: oneLine(title) || CARD_LABELS[kind], question };
  return { text: [cardHeader(kind, title), ...sections, question].join('\n\n'), card };
}
