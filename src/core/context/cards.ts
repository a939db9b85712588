// Context turns (a problem, an exception stop, a variable, a stack frame, terminal output, a
// selection) are plain markdown, because that is what Gemini gets and what the history stores.
// Their first line says what they are, so the chat view can show them as a compact card:
//   **Exception** · TypeError: Cannot read properties of undefined (reading 'price')
// The Ask Gemini selection turn keeps its own first line (`path`, lines 4-10 (javascript):).

export type CardKind = 'selection' | 'problem' | 'exception' | 'variable' | 'frame' | 'terminal';

export const CARD_LABELS: Record<CardKind, string> = {
  selection: 'Selection',
  problem: 'Problem',
  exception: 'Exception',
  variable: 'Variable',
  frame: 'Frame',
  terminal: 'Terminal output',
};

export interface ContextCard {
  kind: CardKind;
  /** One line: the exception's message, the problem, the variable… */
  title: string;
  /** The question the turn ends with. */
  question?: string;
}

const TITLE_LENGTH = 160;

/** One line of at most `max` characters; longer text ends with an ellipsis. */
export function oneLine(text: string, max = TITLE_LENGTH): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}\u2026` : line;
}

/** The first line of a context turn. */
export function cardHeader(kind: Exclude<CardKind, 'selection'>, title: string): string {
  return `**${CARD_LABELS[kind]}** \u00b7 ${oneLine(title) || CARD_LABELS[kind]}`;
}

const KIND_BY_LABEL = new Map(Object.entries(CARD_LABELS).map(([kind, label]) => [label, kind as CardKind]));
const HEADER = /^\*\*([A-Za-z ]+)\*\* \u00b7 (.+)$/;
const SELECTION = /^`([^`\n]+)`, (lines? \d+(?:-\d+)?) \(([^()\n]+)\):$/;

/** Recognizes a context turn by its first line; undefined for anything else (typed messages). */
export function contextCard(text: string): ContextCard | undefined {
  const newline = text.indexOf('\n');
  const first = newline < 0 ? text : text.slice(0, newline);
  let card: ContextCard | undefined;
  const header = HEADER.exec(first);
  const kind = header ? KIND_BY_LABEL.get(header[1]!) : undefined;
  if (header && kind && kind !== 'selection') {
    card = { kind, title: header[2]! };
  } else {
    const selection = SELECTION.exec(first);
    if (selection && /\n\n`{3,}/.test(text)) card = { kind: 'selection', title: `${selection[1]}, ${selection[2]} (${selection[3]})` };
  }
  if (!card || newline < 0) return card;
  // The question is the last paragraph, unless that is the end of a code block.
  const cut = text.lastIndexOf('\n\n');
  const last = cut >= newline ? text.slice(cut + 2).trim() : '';
  if (last && !/(^|\n)(`{3,}|~{3,})/.test(last)) card.question = last;
  return card;
}
