// Syntax highlighting of finished code blocks with highlight.js. Only its core is in the view's
// main script: every grammar is its own chunk (dist/chunks/), imported the first time a block
// needs it. Blocks are highlighted in idle time, after the frame that showed them, so streaming
// never waits for it.
//
// The highlighted code is built as DOM nodes by our own emitter: text nodes holding the code's
// exact text, inside <span class="tok-…"> for the token kinds we colour, so no markup is ever
// parsed and Copy (the code's textContent) copies the same text as before.
import hljs from 'highlight.js/lib/core';
import type { Emitter, LanguageFn } from 'highlight.js';
import { h } from './dom';

/** Every grammar we ship, each loaded on demand (a literal import() apiece: one chunk apiece). */
const GRAMMARS = {
  bash: () => import('highlight.js/lib/languages/bash'),
  c: () => import('highlight.js/lib/languages/c'),
  cmake: () => import('highlight.js/lib/languages/cmake'),
  cpp: () => import('highlight.js/lib/languages/cpp'),
  csharp: () => import('highlight.js/lib/languages/csharp'),
  css: () => import('highlight.js/lib/languages/css'),
  dart: () => import('highlight.js/lib/languages/dart'),
  diff: () => import('highlight.js/lib/languages/diff'),
  dockerfile: () => import('highlight.js/lib/languages/dockerfile'),
  elixir: () => import('highlight.js/lib/languages/elixir'),
  go: () => import('highlight.js/lib/languages/go'),
  graphql: () => import('highlight.js/lib/languages/graphql'),
  groovy: () => import('highlight.js/lib/languages/groovy'),
  haskell: () => import('highlight.js/lib/languages/haskell'),
  ini: () => import('highlight.js/lib/languages/ini'),
  java: () => import('highlight.js/lib/languages/java'),
  javascript: () => import('highlight.js/lib/languages/javascript'),
  json: () => import('highlight.js/lib/languages/json'),
  kotlin: () => import('highlight.js/lib/languages/kotlin'),
  less: () => import('highlight.js/lib/languages/less'),
  lua: () => import('highlight.js/lib/languages/lua'),
  makefile: () => import('highlight.js/lib/languages/makefile'),
  markdown: () => import('highlight.js/lib/languages/markdown'),
  nginx: () => import('highlight.js/lib/languages/nginx'),
  objectivec: () => import('highlight.js/lib/languages/objectivec'),
  perl: () => import('highlight.js/lib/languages/perl'),
  php: () => import('highlight.js/lib/languages/php'),
  powershell: () => import('highlight.js/lib/languages/powershell'),
  protobuf: () => import('highlight.js/lib/languages/protobuf'),
  python: () => import('highlight.js/lib/languages/python'),
  r: () => import('highlight.js/lib/languages/r'),
  ruby: () => import('highlight.js/lib/languages/ruby'),
  rust: () => import('highlight.js/lib/languages/rust'),
  scala: () => import('highlight.js/lib/languages/scala'),
  scss: () => import('highlight.js/lib/languages/scss'),
  shell: () => import('highlight.js/lib/languages/shell'),
  sql: () => import('highlight.js/lib/languages/sql'),
  swift: () => import('highlight.js/lib/languages/swift'),
  typescript: () => import('highlight.js/lib/languages/typescript'),
  xml: () => import('highlight.js/lib/languages/xml'),
  yaml: () => import('highlight.js/lib/languages/yaml'),
} satisfies Record<string, () => Promise<{ default: LanguageFn }>>;
type Grammar = keyof typeof GRAMMARS;

/** Other names a fence may give (lower case); a grammar's own name needs no entry. */
const ALIASES: Record<string, Grammar> = {
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  node: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  py: 'python',
  python3: 'python',
  sh: 'bash',
  zsh: 'bash',
  console: 'shell',
  shellsession: 'shell',
  h: 'c',
  'c++': 'cpp',
  cc: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  hh: 'cpp',
  hxx: 'cpp',
  cs: 'csharp',
  'c#': 'csharp',
  kt: 'kotlin',
  kts: 'kotlin',
  golang: 'go',
  rs: 'rust',
  rb: 'ruby',
  jsonc: 'json',
  json5: 'json',
  yml: 'yaml',
  html: 'xml',
  htm: 'xml',
  xhtml: 'xml',
  svg: 'xml',
  md: 'markdown',
  docker: 'dockerfile',
  make: 'makefile',
  mk: 'makefile',
  toml: 'ini',
  ps1: 'powershell',
  pwsh: 'powershell',
  pl: 'perl',
  hs: 'haskell',
  ex: 'elixir',
  exs: 'elixir',
  gql: 'graphql',
  proto: 'protobuf',
  objc: 'objectivec',
  'objective-c': 'objectivec',
  patch: 'diff',
  gradle: 'groovy',
};

/** Grammars that hand parts of a block to another (a <script> in HTML, a command after `$`). */
const SUBLANGUAGES: Partial<Record<Grammar, Grammar[]>> = { xml: ['css', 'javascript'], shell: ['bash'], dockerfile: ['bash'] };

/** Loaded at start-up in idle time: what most debugging answers show. */
const COMMON: Grammar[] = ['typescript', 'javascript', 'python', 'bash', 'json'];

/** Bigger blocks stay plain: one idle task should not take long. */
const MAX_CHARS = 50_000;

/** The grammar for a fence's language, if we have one (unknown languages stay plain text). */
export function grammarOf(lang: string): Grammar | undefined {
  const name = lang.toLowerCase();
  if (Object.hasOwn(GRAMMARS, name)) return name as Grammar;
  return Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
}

/**
 * The classes we give tokens, by highlight.js scope: the colours of media/chat.css. A scope
 * with none (punctuation, operators, parameters…) adds no element; a dotted scope falls back
 * to its prefix (`title.function.invoked` → `title.function`).
 */
const SCOPE_CLASSES: Record<string, string> = {
  keyword: 'tok-keyword',
  doctag: 'tok-keyword',
  section: 'tok-keyword',
  bullet: 'tok-keyword',
  name: 'tok-keyword',
  'selector-tag': 'tok-keyword',
  'template-tag': 'tok-keyword',
  literal: 'tok-literal',
  symbol: 'tok-literal',
  'variable.language': 'tok-literal',
  'variable.constant': 'tok-literal',
  built_in: 'tok-type',
  type: 'tok-type',
  'title.class': 'tok-type',
  'selector-class': 'tok-type',
  'selector-id': 'tok-type',
  'selector-pseudo': 'tok-type',
  'selector-attr': 'tok-type',
  title: 'tok-function',
  number: 'tok-number',
  string: 'tok-string',
  code: 'tok-string',
  regexp: 'tok-regexp',
  'char.escape': 'tok-regexp',
  comment: 'tok-comment',
  quote: 'tok-comment',
  variable: 'tok-variable',
  'template-variable': 'tok-variable',
  property: 'tok-variable',
  attr: 'tok-variable',
  attribute: 'tok-variable',
  meta: 'tok-meta',
  subst: 'tok-subst',
  addition: 'tok-addition',
  deletion: 'tok-deletion',
};

function classOf(scope: string): string | undefined {
  for (let s = scope; s !== ''; s = s.slice(0, Math.max(0, s.lastIndexOf('.')))) {
    const cls = SCOPE_CLASSES[s];
    if (cls) return cls;
  }
  return undefined;
}

/** highlight.js's tokens as DOM nodes (the Emitter interface its parser drives). */
class DomEmitter implements Emitter {
  readonly root = document.createDocumentFragment();
  /** Where text goes: the innermost coloured token (a scope without a class adds no element). */
  private readonly stack: Node[] = [this.root];

  private get top(): Node {
    return this.stack[this.stack.length - 1]!;
  }

  addText(text: string): void {
    if (text !== '') this.top.appendChild(document.createTextNode(text));
  }

  startScope(scope: string): void {
    const cls = classOf(scope);
    this.stack.push(cls ? this.top.appendChild(h('span', { class: cls })) : this.top);
  }

  endScope(): void {
    if (this.stack.length > 1) this.stack.pop();
  }

  // The parser also calls these older names for a mode's scope (highlight.js 11's TokenTreeEmitter has both).
  openNode(scope: string): void {
    this.startScope(scope);
  }

  closeNode(): void {
    this.endScope();
  }

  __addSublanguage(emitter: Emitter): void {
    this.top.appendChild((emitter as DomEmitter).root);
  }

  finalize(): void {}

  /** Never used: the nodes are the output. */
  toHTML(): string {
    return '';
  }
}

hljs.configure({ __emitter: DomEmitter });

type LoadState = 'loading' | 'ready' | 'failed';
const loads = new Map<Grammar, LoadState>();

/**
 * Whether `grammar` and the grammars it hands parts to are loaded (or failed: those parts stay
 * plain); starts loading those that are not.
 */
function ready(grammar: Grammar): boolean {
  let settled = true;
  for (const name of [grammar, ...(SUBLANGUAGES[grammar] ?? [])]) {
    const state = loads.get(name);
    if (state === undefined) {
      loads.set(name, 'loading');
      GRAMMARS[name]().then(
        (module) => {
          hljs.registerLanguage(name, module.default);
          loads.set(name, 'ready');
          schedule();
        },
        () => {
          loads.set(name, 'failed');
          schedule();
        },
      );
    }
    if (state === undefined || state === 'loading') settled = false;
  }
  return settled;
}

/** Starts loading the grammars most answers use, so their first block needs no wait. */
export function prefetchCommonGrammars(): void {
  requestIdleCallback(() => COMMON.forEach(ready));
}

interface Job {
  code: HTMLElement;
  grammar: Grammar;
}
let queue: Job[] = [];
let scheduled = false;

/**
 * Highlights a finished block's code element soon, once (a frozen block is never shown again
 * by the renderer, so it is never highlighted again). Unknown languages stay plain text.
 */
export function highlightLater(code: HTMLElement, lang: string): void {
  const grammar = grammarOf(lang);
  if (!grammar || (code.textContent ?? '').length > MAX_CHARS) return;
  queue.push({ code, grammar });
  ready(grammar);
  schedule();
}

function schedule(): void {
  if (scheduled || queue.length === 0) return;
  scheduled = true;
  requestIdleCallback(run, { timeout: 500 });
}

/** Highlights queued blocks while the idle period lasts (at least one per call). */
function run(deadline: IdleDeadline): void {
  scheduled = false;
  const jobs = queue;
  queue = [];
  let done = 0;
  for (const job of jobs) {
    // Replaced since (a re-rendered open block, a new chat): nothing to do.
    if (!job.code.isConnected) continue;
    if (loads.get(job.grammar) === 'failed') continue;
    if (!ready(job.grammar) || (done > 0 && deadline.timeRemaining() < 2)) {
      queue.push(job);
      continue;
    }
    highlight(job);
    done++;
  }
  // Jobs waiting only for a grammar are scheduled again when it loads.
  if (queue.some((job) => ready(job.grammar))) schedule();
}

function highlight({ code, grammar }: Job): void {
  const result = hljs.highlight(code.textContent ?? '', { language: grammar, ignoreIllegals: true });
  // A grammar that failed on this text: the block stays plain.
  if ((result as { errorRaised?: unknown }).errorRaised !== undefined) return;
  code.replaceChildren((result._emitter as DomEmitter).root);
}
