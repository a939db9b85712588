// File paths in a finished answer become links to the workspace's files: inline code that is a
// path (`src/app.ts`, `app.ts:12`) and plain-text paths with a slash and an extension. The view
// cannot see the workspace, so it asks the host which of them exist (one checkPaths for all the
// paths found in one task, each path asked once) and links those; a click opens the file there.
import { h } from './dom';
import { post } from './vscodeApi';

/** A folder step, and a file name with an extension. No `..` steps: they cannot be workspace files. */
const DIR = String.raw`[\w@~+-][\w.@~+-]*\/`;
const FILE = String.raw`[\w@~+-][\w.@~+-]*?\.[A-Za-z][A-Za-z0-9]{0,9}`;
/** A path and, after `:`, the line (and column, ignored). */
const PATH = String.raw`(?:\.\/)?(?:${DIR})*${FILE}`;
const LINE = String.raw`(?::(\d{1,7})(?::\d{1,7})?)?`;
/** Inline code: the whole of it is a path. */
const CODE_PATH = new RegExp(`^(${PATH})${LINE}$`);
/** Plain text: a path with at least one slash, not part of a longer word, path or URL (`https://x/a.js`, `../a.js`, `a.js.map`). */
const TEXT_PATH = new RegExp(String.raw`(?<![\w/.:@~+\\-])((?:\.\/)?(?:${DIR})+${FILE})${LINE}(?![\w/@~+\\-]|\.\w)`, 'g');
/** What is never scanned: code blocks (with their toolbars), links, our own path links. */
const SKIP = 'pre, a, .code-block, .code-header';
/** Paths one checkPaths asks about at most (the protocol's limit). */
const BATCH = 200;

export interface PathMention {
  path: string;
  line?: number;
  /** Inline code that is the path, or a text node and where in it the mention is. */
  at: { code: Element } | { text: Text; index: number; length: number };
}

/** The paths `root` mentions outside code blocks and links, in document order. */
export function findPathMentions(root: Element): PathMention[] {
  const found: PathMention[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node instanceof Element && node.matches(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node instanceof Element) {
      if (node.tagName !== 'CODE') continue;
      const match = CODE_PATH.exec(node.textContent ?? '');
      if (match) found.push(mention(match[1]!, match[2], { code: node }));
    } else if (node instanceof Text && !node.parentElement?.closest('code')) {
      for (const match of (node.data ?? '').matchAll(TEXT_PATH)) found.push(mention(match[1]!, match[2], { text: node, index: match.index, length: match[0].length }));
    }
  }
  return found;
}

function mention(path: string, line: string | undefined, at: PathMention['at']): PathMention {
  const n = line === undefined ? 0 : Number(line);
  return { path: path.replace(/^\.\//, ''), ...(n >= 1 ? { line: n } : {}), at };
}

/** Turns the mentions of paths that `exists` into links (text last to first, so the offsets hold). */
function linkMentions(root: Element, exists: (path: string) => boolean): void {
  for (const m of findPathMentions(root).reverse()) {
    if (!exists(m.path)) continue;
    const link = h('a', {
      class: 'path-link',
      attrs: {
        href: '#',
        'data-path': m.path,
        ...(m.line ? { 'data-line': String(m.line) } : {}),
        title: m.line ? `Open ${m.path} at line ${m.line}` : `Open ${m.path}`,
      },
    });
    if ('code' in m.at) {
      m.at.code.replaceWith(link);
      link.append(m.at.code);
    } else {
      const rest = m.at.text.splitText(m.at.index);
      rest.splitText(m.at.length);
      rest.replaceWith(link);
      link.append(rest);
    }
  }
}

/** Posts the open request of a clicked path link; true when `target` is in one. */
export function onPathLinkClick(target: Element): boolean {
  const link = target.closest<HTMLElement>('a.path-link');
  const path = link?.dataset.path;
  if (!path) return false;
  const line = Number(link.dataset.line);
  post({ type: 'openPath', path, ...(line >= 1 ? { line } : {}) });
  return true;
}

export class PathLinks {
  /** What the host said of each path asked about: whether it is a workspace file. */
  private readonly known = new Map<string, boolean>();
  /** Asked about, no answer yet. */
  private readonly asked = new Set<string>();
  /** To ask about at the end of this task, with the paths of the other answers finished in it. */
  private readonly pending = new Set<string>();
  /** Message bodies that mention a path not known yet: linked again when the answer comes. */
  private readonly waiting = new Set<Element>();

  /** Links the workspace files a finished answer's `body` mentions; asks the host about the paths not known yet. */
  scan(body: Element): void {
    const paths = new Set(findPathMentions(body).map((m) => m.path));
    if (paths.size === 0) return;
    this.link(body);
    const unknown = [...paths].filter((p) => !this.known.has(p));
    if (unknown.length === 0) return;
    this.waiting.add(body);
    const ask = unknown.filter((p) => !this.asked.has(p));
    if (ask.length === 0) return;
    if (this.pending.size === 0) queueMicrotask(() => this.flush());
    for (const p of ask) {
      this.asked.add(p);
      this.pending.add(p);
    }
  }

  /** The host's answer to checkPaths. */
  checked(paths: readonly string[], existing: readonly string[]): void {
    const found = new Set(existing);
    for (const p of paths) {
      this.known.set(p, found.has(p));
      this.asked.delete(p);
    }
    for (const body of this.waiting) {
      if (body.isConnected) this.link(body);
      if (!body.isConnected || findPathMentions(body).every((m) => this.known.has(m.path))) this.waiting.delete(body);
    }
  }

  private flush(): void {
    const paths = [...this.pending];
    this.pending.clear();
    for (let i = 0; i < paths.length; i += BATCH) post({ type: 'checkPaths', paths: paths.slice(i, i + BATCH) });
  }

  private link(body: Element): void {
    linkMentions(body, (p) => this.known.get(p) === true);
  }
}

/** The view's one cache of checked paths (both message lists, live and archived, use it). */
export const pathLinks = new PathLinks();
