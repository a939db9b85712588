// A message body rendered from markdown as its text grows. Finished top-level blocks are parsed,
// sanitized and decorated once and then frozen; a render re-does only the open block at the end,
// so a frame near the end of a long answer costs what one near its start does, and what was
// already shown (a selection in it, its layout) never changes under the reader.
import { decorate, lexMarkdown, renderBlocks, type Links, type MessageKind, type Token, type Tokens } from './markdown';

export class MarkdownBody {
  /** The text the frozen nodes show: every render's text starts with it, or the body starts over. */
  private frozen = '';
  private links: Links = {};
  /** The nodes of the open blocks, replaced on every render. */
  private open: Node[] = [];
  /** An open fenced code block that only grows: its text is updated in place instead of re-rendered. */
  private openCode: { lang: string; code: HTMLElement } | undefined;

  constructor(
    private readonly body: HTMLElement,
    private readonly kind: MessageKind,
  ) {}

  /** Shows `text`; `final` when no more will be appended (every block is then finished). */
  render(text: string, final: boolean): void {
    try {
      this.update(text, final);
    } catch {
      // Markdown that breaks the renderer still shows, as plain text, until a render succeeds.
      this.reset();
      this.body.textContent = text;
      this.open = Array.from(this.body.childNodes);
    }
  }

  private update(text: string, final: boolean): void {
    if (!text.startsWith(this.frozen)) this.reset();
    const tail = text.slice(this.frozen.length);
    const blocks = lexMarkdown(tail, this.kind);
    // A new (or still growing) link definition can change how earlier blocks render: render all of it again.
    if (this.frozen !== '' && Object.entries(blocks.links).some(([label, link]) => !sameLink(this.links[label], link))) {
      this.reset();
      this.update(text, final);
      return;
    }
    Object.assign(this.links, blocks.links);
    const finished = final ? blocks.length : finishedCount(blocks);
    const raw = blocks
      .slice(0, finished)
      .map((b) => b.raw)
      .join('');
    // The lexer normalizes some input (\r\n): freeze only what maps onto the text exactly.
    const frozenNow = tail.startsWith(raw) ? finished : 0;
    const open = blocks.slice(frozenNow);
    const code = openFence(open);
    if (frozenNow === 0 && code && !final && this.openCode?.lang === code.lang) {
      // Text, never markup: what marked's code renderer would have escaped.
      this.openCode.code.textContent = code.text ? `${code.text.replace(/\n$/, '')}\n` : '';
      return;
    }
    this.removeOpen();
    if (frozenNow > 0) {
      this.append(blocks.slice(0, frozenNow), true);
      this.frozen += raw;
    }
    // Open blocks are finished only when the whole text is: an open fence is never highlighted.
    this.open = this.append(open, final);
    const codeEl = code && this.open[0] instanceof Element ? this.open[0].querySelector('pre code') : null;
    this.openCode = code && codeEl instanceof HTMLElement ? { lang: code.lang, code: codeEl } : undefined;
  }

  private append(blocks: Token[], finished: boolean): Node[] {
    if (blocks.length === 0) return [];
    const nodes = Array.from(renderBlocks(blocks, this.links, this.kind).childNodes, (node) => decorate(node, finished));
    this.body.append(...nodes);
    return nodes;
  }

  private removeOpen(): void {
    for (const node of this.open) node.parentNode?.removeChild(node);
    this.open = [];
    this.openCode = undefined;
  }

  private reset(): void {
    this.body.replaceChildren();
    this.frozen = '';
    this.links = {};
    this.open = [];
    this.openCode = undefined;
  }
}

function sameLink(a: Links[string] | undefined, b: Links[string]): boolean {
  return a !== undefined && a.href === b.href && a.title === b.title;
}

/** The open blocks when they are one fenced code block (still growing, or just closed). */
function openFence(blocks: Token[]): { lang: string; text: string } | undefined {
  const only = blocks.filter((b) => b.type !== 'space');
  const block = only.length === 1 ? only[0]! : undefined;
  if (block?.type !== 'code') return undefined;
  const code = block as Tokens.Code;
  return code.codeBlockStyle === 'indented' ? undefined : { lang: code.lang ?? '', text: code.text };
}

/**
 * How many leading blocks later text cannot change: all but the last one, and a list just before
 * it stays open too (`1. a` then `2` may still become the list's next item, `2.`).
 */
function finishedCount(blocks: Token[]): number {
  let last = blocks.length - 1;
  while (last >= 0 && blocks[last]!.type === 'space') last--;
  if (last <= 0) return 0;
  let before = last - 1;
  while (before >= 0 && blocks[before]!.type === 'space') before--;
  return before >= 0 && blocks[before]!.type === 'list' ? before : last;
}
