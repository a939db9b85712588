// "Jump to latest": the list follows the bottom until the user scrolls up; then new content
// below offers the button, which goes back down and away. jsdom has no layout: the scroller's
// metrics are faked (dom.ts fakeScrolling).
import { fakeScrolling, mount, resetDom, runFrames, type FakeScroller } from './dom';
import * as assert from 'node:assert/strict';
import type { ViewMessage } from '../../../src/shared/protocol';
import { MessageList } from '../../../src/webview/messages';

function scroller(): FakeScroller & { element: HTMLElement; log: HTMLElement } {
  const element = mount();
  const log = document.createElement('div');
  log.tabIndex = -1; // as main.ts makes it
  element.append(log);
  return { element, log, ...fakeScrolling(element) };
}

const turns = (n: number): ViewMessage[] => Array.from({ length: n }, (_, i) => ({ id: `t${i}`, role: i % 2 ? 'model' : 'user', text: `Message ${i}` }));

describe('jump to latest (jsdom)', () => {
  beforeEach(resetDom);

  it('stays hidden while the view follows the bottom', () => {
    const s = scroller();
    const list = new MessageList(s.log, s.element);
    s.element.append(list.jumpButton!);
    list.setMessages(turns(4), true);
    list.setMessages(turns(6));
    assert.ok(s.atBottom(), 'followed the new messages');
    assert.equal(list.jumpButton!.hidden, true);
  });

  it('appears when the user has scrolled up and a message arrives; clicking it scrolls to the bottom and hides it', () => {
    const s = scroller();
    const list = new MessageList(s.log, s.element);
    s.element.append(list.jumpButton!);
    list.setMessages(turns(6), true);
    s.scrollTo(0);
    list.setMessages(turns(6));
    assert.equal(list.jumpButton!.hidden, true, 'the same messages again: nothing new');
    list.setMessages(turns(8));
    assert.equal(s.element.scrollTop, 0, 'the view stays where the user reads');
    assert.equal(list.jumpButton!.hidden, false);
    assert.match(list.jumpButton!.textContent, /Jump to latest/);
    list.jumpButton!.click();
    assert.ok(s.atBottom());
    assert.equal(list.jumpButton!.hidden, true);
    assert.equal(document.activeElement, s.log, 'the keyboard stays in the conversation');
    list.setMessages(turns(10));
    assert.ok(s.atBottom(), 'following the bottom again');
    assert.equal(list.jumpButton!.hidden, true);
  });

  it('appears for streamed text too, and goes when the user scrolls back down', () => {
    const s = scroller();
    const list = new MessageList(s.log, s.element);
    s.element.append(list.jumpButton!);
    list.setMessages([...turns(5), { id: 't5', role: 'model', text: '', streaming: true }], true);
    s.scrollTo(10);
    list.appendDelta('t5', 'First.\n\nSecond.\n\nThird.', 0);
    assert.equal(list.jumpButton!.hidden, true, 'nothing rendered yet');
    runFrames();
    assert.equal(list.jumpButton!.hidden, false);
    s.scrollTo(s.element.scrollHeight);
    assert.equal(list.jumpButton!.hidden, true);
  });
});
