// Markdown → sanitized DOM. `marked` renders, DOMPurify sanitizes with an allow-list,
// and code blocks get a header (language + toolbar: Copy, Insert, Apply) built with DOM APIs afterwards.
//
// Raw HTML written in the markdown is shown as text, never parsed; images are replaced by
// their alt text. DOMPurify then removes anything else that could run script or load
// remote content, so the only safe way to reach the host is the click handlers in messages.ts.
import { Marked, type Links, type Token, type TokensList } from 'marked';
import DOMPurify from 'dompurify';
import { codeToolbar } from './codeToolbar';
import { h } from './dom';
import { highlightLater } from './highlight';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function createMarked(breaks: boolean): Marked {
  return new Marked({
    gfm: true,
    breaks,
    async: false,
    renderer: {
      // Raw HTML in a message is text to show, not markup to trust.
      html({ text, block }) {
        const escaped = escapeHtml(text);
        return block ? `<p>${escaped.trimEnd().replace(/\n/g, '<br>')}</p>` : escaped;
      },
      // No images: remote loads are blocked by the CSP anyway; show the alt text.
      image({ text }) {
        return escapeHtml(text);
      },
      // Task lists without form controls.
      checkbox({ checked }) {
        return checked ? '\u2611 ' : '\u2610 ';
      },
    },
  });
}

/** Model answers follow markdown strictly; user text keeps its single line breaks. */
const modelMarked = createMarked(false);
const userMarked = createMarked(true);

const ALLOWED_TAGS = [
  'a',
  'b',
  'blockquote',
  'br',
  'code',
  'del',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'kbd',
  'li',
  'ol',
  'p',
  'pre',
  's',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'start', 'align'];
const FORBID_TAGS = [
  'style',
  'script',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'iframe',
  'frame',
  'object',
  'embed',
  'svg',
  'math',
  'img',
  'video',
  'audio',
  'source',
  'link',
  'meta',
  'base',
];
/** http(s), mailto and in-page anchors only. */
const SAFE_HREF = /^(?:https?:|mailto:|#)/i;
const LANGUAGE_CLASS = /^language-[\w#+.-]{1,40}$/;

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (!(node instanceof Element)) return;
  // Classes only as marked emits them (`language-x` on code), so content cannot borrow our UI styles.
  const cls = node.getAttribute('class');
  if (cls !== null && !(node.tagName === 'CODE' && LANGUAGE_CLASS.test(cls))) node.removeAttribute('class');
  if (node.tagName === 'A') {
    const href = node.getAttribute('href');
    if (href === null || !SAFE_HREF.test(href.trim())) {
      node.removeAttribute('href');
    } else if (!node.hasAttribute('title')) {
      node.setAttribute('title', href); // shows where a link goes; the webview has no status bar
    }
  }
});

function sanitize(html: string): DocumentFragment {
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    FORBID_TAGS,
    FORBID_ATTR: ['style', 'id', 'name', 'srcset', 'src', 'action', 'formaction'],
    ALLOWED_URI_REGEXP: SAFE_HREF,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    RETURN_DOM_FRAGMENT: true,
  });
}

export type MessageKind = 'user' | 'model';
export type { Links, Token, Tokens } from 'marked';

/** The top-level blocks of `text` (with the link definitions it holds, in `links`). */
export function lexMarkdown(text: string, kind: MessageKind): TokensList {
  return (kind === 'user' ? userMarked : modelMarked).lexer(text);
}

/** Sanitized nodes of some top-level blocks, not yet decorated; `links` are the definitions they may use. */
export function renderBlocks(blocks: Token[], links: Links, kind: MessageKind): DocumentFragment {
  const fragment = sanitize((kind === 'user' ? userMarked : modelMarked).parser(Object.assign(blocks, { links })));
  // A link whose target was removed (javascript:, data:, relative…) becomes its text.
  for (const a of Array.from(fragment.querySelectorAll('a:not([href])'))) a.replaceWith(...Array.from(a.childNodes));
  return fragment;
}

/** The sanitized markdown of `text`, as top-level nodes not yet decorated. */
export function renderMarkdown(text: string, kind: MessageKind): DocumentFragment {
  const blocks = lexMarkdown(text, kind);
  return renderBlocks(blocks, blocks.links, kind);
}

/**
 * All of `text` rendered at once, decorated: what a message body shows when it is not streamed.
 * `finished` when no more text will come: its code blocks are then highlighted (an open fence never is).
 */
export function renderDecorated(text: string, kind: MessageKind, finished: boolean): Node[] {
  return Array.from(renderMarkdown(text, kind).childNodes, (node) => decorate(node, finished));
}

/** The language named by a `language-x` class, if any. */
function languageOf(code: Element | null): string {
  const match = /(?:^|\s)language-(\S+)/.exec(code?.getAttribute('class') ?? '');
  return match?.[1] ?? '';
}

/**
 * Adds our UI around sanitized content, in place: a header with the language and the code
 * toolbar on every code block, and a scroll wrapper around tables. Code blocks of a `finished`
 * block (one later text cannot change) are highlighted soon after. Returns the node to insert.
 */
export function decorate(node: Node, finished: boolean): Node {
  if (!(node instanceof Element)) return node;
  const pres = node.tagName === 'PRE' ? [node] : Array.from(node.querySelectorAll('pre'));
  let result: Node = node;
  for (const pre of pres) {
    const code = pre.querySelector('code');
    const lang = languageOf(code);
    const header = h('div', { class: 'code-header' }, h('span', { class: 'code-lang', text: lang }), codeToolbar(lang));
    const block = h('div', { class: 'code-block' });
    if (pre === node) {
      block.append(header, pre);
      result = block;
    } else {
      pre.replaceWith(block);
      block.append(header, pre);
    }
    if (finished && code instanceof HTMLElement) highlightLater(code, lang);
  }
  const tables = node.tagName === 'TABLE' ? [node] : Array.from(node.querySelectorAll('table'));
  for (const table of tables) {
    const wrap = h('div', { class: 'table-wrap' });
    if (table === node) {
      wrap.append(table);
      result = wrap;
    } else {
      table.replaceWith(wrap);
      wrap.append(table);
    }
  }
  return result;
}
