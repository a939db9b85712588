// The message list (src/webview/messages.ts) in Node with jsdom: streamed deltas render on the
// next animation frame, a gap asks the host for the whole state, and an answer that finishes
// renders its last block as finished.
import { posted, resetDom, runFrames, mount } from './dom';
import * as assert from 'node:assert/strict';
import type { ViewMessage } from '../../../src/shared/protocol';
import { MessageList } from '../../../src/webview/messages';

function answer(text: string, streaming: boolean): ViewMessage[] {
  return [
    { id: 't0', role: 'user', text: 'Why?' },
    { id: 't1', role: 'model', text, streaming },
  ];
}

describe('message list (jsdom)', () => {
  beforeEach(resetDom);

  it('renders streamed deltas once per frame, in order, and asks for the state when one is missing', () => {
    const log = mount();
    const list = new MessageList(log);
    list.setMessages(answer('', true));
    list.appendDelta('t1', 'Hello ', 0);
    list.appendDelta('t1', '**world**', 6);
    const body = () => log.querySelector('[data-role="model"] .message-body')!;
    assert.equal(body().textContent, '', 'nothing before the frame');
    runFrames();
    assert.equal(body().querySelector('strong')?.textContent, 'world');
    list.appendDelta('t1', '**world**', 6); // a repeat: ignored
    list.appendDelta('t1', 'lost?', 40); // a gap
    runFrames();
    assert.equal(body().textContent?.trim(), 'Hello world');
    assert.deepEqual(posted, [{ type: 'ready' }]);
  });

  it('keeps the blocks already shown while an answer streams, and re-renders the last one when it finishes', () => {
    const log = mount();
    const list = new MessageList(log);
    list.setMessages(answer('First.\n\n```js\nlet a', true));
    const first = log.querySelector('[data-role="model"] p');
    list.appendDelta('t1', ' = 1;', 'First.\n\n```js\nlet a'.length);
    runFrames();
    assert.equal(log.querySelector('[data-role="model"] p'), first);
    assert.equal(log.querySelector('pre code')?.textContent, 'let a = 1;\n');
    const code = log.querySelector('pre code');
    list.setMessages(answer('First.\n\n```js\nlet a = 1;\n```', false));
    assert.notEqual(log.querySelector('pre code'), code, 'rendered again as a finished block');
    assert.equal(log.querySelector('pre code')?.textContent, 'let a = 1;\n');
    assert.equal(log.querySelector('[data-role="model"] p'), first);
    assert.equal(log.querySelector('[data-role="model"]')?.getAttribute('aria-busy'), null);
  });
});
