// A DOM for the chat view's modules in plain Node. Import this first: the webview modules
// (and DOMPurify) read `window` and `document` when they load. Frames, idle callbacks and
// posted messages are under the test's control.
import { JSDOM } from 'jsdom';

/**
 * One DOM per process: every test file is its own bundle with its own copy of this module, but
 * the webview modules of all of them (DOMPurify among them) must see the same window.
 */
interface TestDom {
  window: JSDOM['window'];
  /** Messages the view posted to the host, oldest first. */
  posted: unknown[];
  frames: Map<number, FrameRequestCallback>;
  idle: Map<number, IdleRequestCallback>;
  nextHandle: number;
  /** What the frames run by runFrames are told the time is. */
  now: number;
}
const key = Symbol.for('gda.testDom');
const shared = globalThis as unknown as Record<symbol, TestDom | undefined>;
const state: TestDom = shared[key] ?? install();

function install(): TestDom {
  const { window } = new JSDOM('<!doctype html><html><body></body></html>');
  const created: TestDom = { window, posted: [], frames: new Map(), idle: new Map(), nextHandle: 1, now: 0 };
  const globals: Record<string, unknown> = {
    window,
    document: window.document,
    navigator: window.navigator,
    Node: window.Node,
    Element: window.Element,
    HTMLElement: window.HTMLElement,
    HTMLButtonElement: window.HTMLButtonElement,
    HTMLDetailsElement: window.HTMLDetailsElement,
    HTMLTextAreaElement: window.HTMLTextAreaElement,
    SVGElement: window.SVGElement,
    DocumentFragment: window.DocumentFragment,
    Text: window.Text,
    KeyboardEvent: window.KeyboardEvent,
    MouseEvent: window.MouseEvent,
    Event: window.Event,
    NodeFilter: window.NodeFilter,
    MutationObserver: window.MutationObserver,
    getComputedStyle: window.getComputedStyle.bind(window),
    requestAnimationFrame: (callback: FrameRequestCallback) => {
      const handle = created.nextHandle++;
      created.frames.set(handle, callback);
      return handle;
    },
    cancelAnimationFrame: (handle: number) => created.frames.delete(handle),
    requestIdleCallback: (callback: IdleRequestCallback) => {
      const handle = created.nextHandle++;
      created.idle.set(handle, callback);
      return handle;
    },
    cancelIdleCallback: (handle: number) => created.idle.delete(handle),
    ResizeObserver: class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    },
    acquireVsCodeApi: () => {
      let saved: unknown;
      return {
        postMessage: (message: unknown) => created.posted.push(message),
        getState: () => saved,
        setState: (value: unknown) => (saved = value),
      };
    },
  };
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  shared[key] = created;
  return created;
}

/** Messages the view posted to the host, oldest first. */
export const posted = state.posted;

/** Runs the animation frames requested so far (and those they request, up to `limit` rounds). */
export function runFrames(limit = 1): number {
  let ran = 0;
  for (let round = 0; round < limit && state.frames.size > 0; round++) {
    const due = state.frames;
    state.frames = new Map();
    state.now += 16;
    for (const callback of due.values()) {
      callback(state.now);
      ran++;
    }
  }
  return ran;
}

/**
 * Runs the idle callbacks requested so far, each told it has `timeRemaining` milliseconds, then
 * lets promises settle (a lazily imported module), and again while callbacks are requested, up
 * to `limit` rounds. Returns how many ran.
 */
export async function runIdle(timeRemaining = 50, limit = 5): Promise<number> {
  let ran = 0;
  for (let round = 0; round < limit; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (state.idle.size === 0) break;
    const due = state.idle;
    state.idle = new Map();
    for (const callback of due.values()) {
      callback({ didTimeout: false, timeRemaining: () => timeRemaining });
      ran++;
    }
  }
  return ran;
}

/** Whether a frame is waiting to run. */
export function framePending(): boolean {
  return state.frames.size > 0;
}

/** A fresh element attached to the document, for one test. */
export function mount(tag = 'div'): HTMLElement {
  const el = state.window.document.createElement(tag);
  state.window.document.body.append(el);
  return el;
}

/** Empties the document between tests. */
export function resetDom(): void {
  state.window.document.body.replaceChildren();
  state.posted.length = 0;
  state.frames = new Map();
  // Idle callbacks stay: the view's modules count on the ones they asked for (their work on removed nodes is skipped).
}

/** A scroller's layout, faked (jsdom has none): what a test reads and does to it. */
export interface FakeScroller {
  scrollTo(top: number): void;
  atBottom(): boolean;
}

/**
 * Gives `element` the metrics of a scroller: a 100 px viewport over content 20 px per element
 * inside it. Every change of scrollTop fires a scroll event, as a browser's does (there a frame later).
 */
export function fakeScrolling(element: HTMLElement): FakeScroller {
  const clientHeight = 100;
  let top = 0;
  const height = () => clientHeight + 20 * element.querySelectorAll('*').length;
  Object.defineProperty(element, 'clientHeight', { configurable: true, get: () => clientHeight });
  Object.defineProperty(element, 'scrollHeight', { configurable: true, get: height });
  Object.defineProperty(element, 'scrollTop', {
    configurable: true,
    get: () => top,
    set: (value: number) => {
      const next = Math.max(0, Math.min(value, height() - clientHeight));
      if (next === top) return;
      top = next;
      element.dispatchEvent(new state.window.Event('scroll'));
    },
  });
  return {
    scrollTo(value) {
      element.scrollTop = value;
    },
    atBottom: () => top === height() - clientHeight,
  };
}
