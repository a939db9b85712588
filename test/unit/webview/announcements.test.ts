// What the chat view tells a screen reader, and that a new question comes into view: the rules
// (src/webview/announcements.ts) and the whole view (src/webview/main.ts) driven by host messages.
import { fakeScrolling, resetDom, runFrames, type FakeScroller } from './dom';
import * as assert from 'node:assert/strict';
import type { HostMessage, ViewMessage, ViewState } from '../../../src/shared/protocol';
import { Announcements } from '../../../src/webview/announcements';

const question: ViewMessage = { id: 't0', role: 'user', text: 'Why?' };

describe('announcements', () => {
  it('announces a finished answer once, and nothing of the history it was first shown', () => {
    const a = new Announcements();
    assert.deepEqual(a.next([question, { id: 't1', role: 'model', text: 'Old.' }], true), []);
    assert.deepEqual(a.next([question, { id: 't1', role: 'model', text: 'Old.' }], false), [], 'known and unchanged');
    const asked = [question, { id: 't1', role: 'model', text: 'Old.' }, { id: 't2', role: 'user', text: 'And?' }] as ViewMessage[];
    assert.deepEqual(a.next([...asked, { id: 't3', role: 'model', text: '', streaming: true }], false), []);
    assert.deepEqual(a.next([...asked, { id: 't3', role: 'model', text: 'So.', streaming: true }], false), []);
    assert.deepEqual(a.next([...asked, { id: 't3', role: 'model', text: 'So.' }], false), [{ kind: 'answer', id: 't3' }]);
    assert.deepEqual(a.next([...asked, { id: 't3', role: 'model', text: 'So.', usage: { answer: 2 } }], false), []);
  });

  it('announces an error and its retry countdown when it starts, not as it counts down', () => {
    const a = new Announcements();
    a.next([question], true);
    const error = (retryInSeconds?: number): ViewMessage[] => [question, { id: 'e1', role: 'error', text: 'Rate limited\n by the  server.', retryInSeconds }];
    assert.deepEqual(a.next(error(7.2), false), [{ kind: 'text', text: 'Error: Rate limited by the server. Retrying in 8 seconds.' }]);
    assert.deepEqual(a.next(error(6), false), []);
    assert.deepEqual(a.next(error(), false), []);
    assert.deepEqual(a.next(error(30), false), [{ kind: 'text', text: 'Error: Rate limited by the server. Retrying in 30 seconds.' }], 'the next attempt');
  });

  it('announces a debugger call that waits for consent once, with what it would do', () => {
    const a = new Announcements();
    a.next([question], true);
    const call = (state: 'pending' | 'consent' | 'running'): ViewMessage[] => [
      question,
      { id: 'c1', role: 'tool', text: '', tool: { name: 'debug_continue', args: '', state, reason: 'Resumes the program.' } },
    ];
    assert.deepEqual(a.next(call('pending'), false), []);
    assert.deepEqual(a.next(call('consent'), false), [{ kind: 'text', text: 'Gemini asks to run debug_continue. Resumes the program. Allow or Deny it below the call.' }]);
    assert.deepEqual(a.next(call('consent'), false), []);
    assert.deepEqual(a.next(call('running'), false), []);
  });

  it('cuts a long text to about 400 characters', () => {
    const a = new Announcements();
    a.next([], true);
    const said = a.next([{ id: 'e1', role: 'error', text: 'x'.repeat(5000) }], false)[0];
    assert.ok(said?.kind === 'text');
    assert.ok(said.text.length < 420 && said.text.endsWith('\u2026'), said.text);
  });
});

describe('chat view: announcements and scrolling (main.ts in jsdom)', function () {
  this.timeout(20_000);
  let announcer: HTMLElement;
  let transcript: HTMLElement;
  let scroller: FakeScroller;

  function send(message: HostMessage): void {
    window.dispatchEvent(new window.MessageEvent('message', { data: message }));
  }
  function state(messages: ViewMessage[], open = 'c1'): void {
    const s: ViewState = {
      messages,
      busy: messages.some((m) => m.streaming),
      hasApiKey: true,
      demo: false,
      model: 'gemini-test',
      usage: { totalTokens: 0 },
      notices: [],
      conversations: [{ id: open, title: 'Chat', lastUsed: 0, messages: messages.length, open: true }],
    };
    send({ type: 'state', state: s });
  }
  /** What the announcer says once its tick has passed. */
  async function heard(): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 80));
    return announcer.textContent ?? '';
  }

  before(async () => {
    resetDom();
    await import('../../../src/webview/main');
    announcer = document.querySelector<HTMLElement>('.sr-only[role="status"]')!;
    transcript = document.querySelector<HTMLElement>('.transcript')!;
    // jsdom has no layout: a transcript taller than its view.
    scroller = fakeScrolling(transcript);
  });

  it('the log is not a live region; the first state is not announced', async () => {
    assert.equal(document.querySelector('[role="log"]')?.getAttribute('aria-live'), 'off');
    state([question, { id: 't1', role: 'model', text: 'An old answer.' }]);
    assert.equal(await heard(), '');
    assert.ok(scroller.atBottom(), 'opens at the newest message');
  });

  it('announces the finished answer once, as rendered text without the code header', async () => {
    const asked: ViewMessage[] = [question, { id: 't1', role: 'model', text: 'An old answer.' }, { id: 't2', role: 'user', text: 'Code?' }];
    state([...asked, { id: 't3', role: 'model', text: '', streaming: true }]);
    send({ type: 'delta', id: 't3', text: 'Use **this**:\n\n```js\nf()\n```', at: 0 });
    runFrames();
    assert.equal(await heard(), '');
    state([...asked, { id: 't3', role: 'model', text: 'Use **this**:\n\n```js\nf()\n```' }]);
    assert.equal((await heard()).replace(/\s+/g, ' ').trim(), 'Gemini answered: Use this: f()');
    announcer.textContent = '';
    state([...asked, { id: 't3', role: 'model', text: 'Use **this**:\n\n```js\nf()\n```', usage: { answer: 9 } }]);
    assert.equal(await heard(), '', 'said once');
  });

  it('a question from a command comes into view even when the user scrolled up; a streaming answer does not pull the view down', () => {
    const history: ViewMessage[] = [question, { id: 't1', role: 'model', text: 'An old answer.' }];
    state(history);
    scroller.scrollTo(0);
    state([...history, { id: 't1b', role: 'model', text: 'More', streaming: true }]);
    runFrames();
    assert.equal(transcript.scrollTop, 0, 'reading up there: left alone');
    // t2 was a question before (ids are places in the live history, reused once turns are archived or edited).
    state([...history, { id: 't2', role: 'user', text: 'Explain the selection' }]);
    assert.ok(scroller.atBottom());
  });

  it('switching to another conversation announces none of its history', async () => {
    announcer.textContent = '';
    state(
      [
        { id: 'x0', role: 'user', text: 'Other' },
        { id: 'x1', role: 'model', text: 'Other answer.' },
      ],
      'c2',
    );
    assert.equal(await heard(), '');
  });
});
