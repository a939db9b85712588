// A DOM for the chat view's modules in plain Node. Import this first: the webview modules
// (and DOMPurify) read `window` and `document` when they load. Frames and posted messages
// are under the test's control.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: false });
const { window } = dom;

/** Messages the view posted to the host, oldest first. */
export const posted: unknown[] = [];

let frames = new Map<number, FrameRequestCallback>();
let nextHandle = 1;
/** What performance.now() says inside frames run by runFrames. */
let now = 0;

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
  MutationObserver: window.MutationObserver,
  getComputedStyle: window.getComputedStyle.bind(window),
  requestAnimationFrame: (callback: FrameRequestCallback) => {
    const handle = nextHandle++;
    frames.set(handle, callback);
    return handle;
  },
  cancelAnimationFrame: (handle: number) => frames.delete(handle),
  ResizeObserver: class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  },
  acquireVsCodeApi: () => {
    let state: unknown;
    return {
      postMessage: (message: unknown) => posted.push(message),
      getState: () => state,
      setState: (value: unknown) => (state = value),
    };
  },
};
for (const [name, value] of Object.entries(globals)) {
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}

/** Runs the animation frames requested so far (and those they request, up to `limit` rounds). */
export function runFrames(limit = 1): number {
  let ran = 0;
  for (let round = 0; round < limit && frames.size > 0; round++) {
    const due = frames;
    frames = new Map();
    now += 16;
    for (const callback of due.values()) {
      callback(now);
      ran++;
    }
  }
  return ran;
}

/** Whether a frame is waiting to run. */
export function framePending(): boolean {
  return frames.size > 0;
}

/** A fresh element attached to the document, for one test. */
export function mount(tag = 'div'): HTMLElement {
  const el = window.document.createElement(tag);
  window.document.body.append(el);
  return el;
}

/** Empties the document between tests. */
export function resetDom(): void {
  window.document.body.replaceChildren();
  posted.length = 0;
  frames = new Map();
}
