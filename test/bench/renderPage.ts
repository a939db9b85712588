// The chat view's streaming render, measured in chromium (scripts/benchRender.mjs loads this into
// a page with media/chat.css). A transcript is shown, then an answer streams in chunks on a timer;
// one of three renderers shows it:
//   ours       the view's MessageList (finished blocks frozen, only the open block rendered per frame)
//   perFrame   the whole message rendered again once per animation frame (the floor)
//   perChunk   the whole message rendered again on every chunk
// Every frame's and every chunk's work is timed with the layout it causes (a read of scrollHeight).
import type { ViewMessage } from '../../src/shared/protocol';
import { renderDecorated } from '../../src/webview/markdown';
import { MessageList } from '../../src/webview/messages';

export type Mode = 'ours' | 'perFrame' | 'perChunk';

export interface RenderRun {
  /** Each piece of work: the chunk index when it ran, whether it was a frame's, and its milliseconds. */
  tasks: { chunk: number; frame: boolean; ms: number }[];
  /** The answer's text as the view shows it at the end. */
  shown: string;
}

interface BenchInput {
  mode: Mode;
  transcript: ViewMessage[];
  chunks: string[];
  chunkIntervalMs: number;
}

/** Shows the transcript (not measured); returns the stream to run next. */
function prepare({ mode, transcript, chunks, chunkIntervalMs }: BenchInput): void {
  const scroller = document.getElementById('scroller')!;
  const log = document.getElementById('log')!;
  log.replaceChildren();
  scroller.scrollTop = 0;
  const list = new MessageList(log, scroller);
  const id = 'answer';
  list.setMessages(mode === 'ours' ? [...transcript, { id, role: 'model', text: '', streaming: true }] : transcript, true);
  const own = document.createElement('div');
  own.className = 'message message-model';
  const ownBody = document.createElement('div');
  ownBody.className = 'message-body markdown';
  own.append(ownBody);
  if (mode !== 'ours') log.append(own);
  void scroller.scrollHeight;
  prepared = () => stream(mode, chunks, chunkIntervalMs, { scroller, log, list, id, ownBody });
}
let prepared: (() => Promise<RenderRun>) | undefined;

interface Stage {
  scroller: HTMLElement;
  log: HTMLElement;
  list: MessageList;
  id: string;
  ownBody: HTMLElement;
}

async function stream(mode: Mode, chunks: string[], chunkIntervalMs: number, { scroller, log, list, id, ownBody }: Stage): Promise<RenderRun> {
  const tasks: RenderRun['tasks'] = [];
  let chunkIndex = 0;
  const timed = (frame: boolean, work: () => void) => {
    const start = performance.now();
    work();
    void scroller.scrollHeight;
    tasks.push({ chunk: chunkIndex, frame, ms: performance.now() - start });
  };
  // Every animation frame's callbacks are timed, whoever asked for them.
  const nativeRaf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => nativeRaf((time) => timed(true, () => callback(time)));

  let text = '';
  let pending = false;
  const renderNow = () => {
    // The floors never highlight: our view's highlighting of finished blocks counts against it.
    ownBody.replaceChildren(...renderDecorated(text, 'model', false));
    scroller.scrollTop = scroller.scrollHeight;
  };
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const chunk = chunks[chunkIndex];
      if (chunk === undefined) {
        clearInterval(timer);
        resolve();
        return;
      }
      const at = text.length;
      text += chunk;
      if (mode === 'ours') timed(false, () => list.appendDelta(id, chunk, at));
      else if (mode === 'perChunk') timed(false, renderNow);
      else if (!pending) {
        pending = true;
        requestAnimationFrame(() => {
          pending = false;
          renderNow();
        });
      }
      chunkIndex++;
    }, chunkIntervalMs);
  });
  // Let the last frame render.
  await new Promise((resolve) => nativeRaf(() => nativeRaf(resolve)));
  window.requestAnimationFrame = nativeRaf;
  const shown = mode === 'ours' ? (log.querySelector('[data-id="answer"] .message-body')?.textContent ?? '') : (ownBody.textContent ?? '');
  return { tasks, shown };
}

Object.assign(window, {
  prepareRenderBench: prepare,
  runRenderBench: () => prepared!(),
});
