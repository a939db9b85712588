// A long pasted question is collapsed to its first lines with Show more / Show less
// (aria-expanded on the toggle, which controls the body); short ones, answers and context cards are not.
import { resetDom, mount } from './dom';
import * as assert from 'node:assert/strict';
import type { ViewMessage } from '../../../src/shared/protocol';
import { isLong } from '../../../src/webview/longMessage';
import { MessageList } from '../../../src/webview/messages';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n');

describe('long questions (jsdom)', () => {
  beforeEach(resetDom);

  it('counts more than ~12 lines or ~1,500 characters as long', () => {
    assert.equal(isLong(lines(12)), false);
    assert.equal(isLong(lines(13)), true);
    assert.equal(isLong('x'.repeat(1_500)), false);
    assert.equal(isLong('x'.repeat(1_501)), true);
  });

  it('collapses a long question behind Show more, and expands and collapses it again', () => {
    const log = mount();
    const list = new MessageList(log);
    const question: ViewMessage = { id: 't0', role: 'user', text: `Why does this fail?\n\n${lines(40)}` };
    list.setMessages([question, { id: 't1', role: 'model', text: lines(40) }]);
    const user = log.querySelector('[data-role="user"]')!;
    const body = user.querySelector<HTMLElement>('.message-body')!;
    const toggle = user.querySelector<HTMLButtonElement>('button.more-toggle')!;
    assert.ok(body.classList.contains('collapsed'));
    assert.equal(toggle.textContent, 'Show more');
    assert.equal(toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(toggle.getAttribute('aria-controls'), body.id);
    assert.match(body.textContent, /line 40/, 'the whole text is there, only clipped');
    toggle.click();
    assert.equal(toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(toggle.textContent, 'Show less');
    assert.equal(body.classList.contains('collapsed'), false);
    list.setMessages([question, { id: 't1', role: 'model', text: lines(40) }]);
    assert.equal(toggle.getAttribute('aria-expanded'), 'true', 'a state update keeps it open');
    toggle.click();
    assert.equal(toggle.getAttribute('aria-expanded'), 'false');
    assert.ok(body.classList.contains('collapsed'));
    assert.equal(log.querySelector('[data-role="model"] .more-toggle'), null, 'answers are never collapsed');
  });

  it('collapses a 100 KB paste on one line, but not a short question or a context card', () => {
    const log = mount();
    const list = new MessageList(log);
    list.setMessages([
      { id: 't0', role: 'user', text: 'a'.repeat(100_000) },
      { id: 't1', role: 'model', text: 'ok' },
      { id: 't2', role: 'user', text: 'Short?' },
      { id: 't3', role: 'model', text: 'ok' },
      { id: 't4', role: 'user', text: lines(50), card: { kind: 'selection', title: 'app.js, lines 1-50' } },
    ]);
    const collapsed = [...log.querySelectorAll<HTMLElement>('[data-role="user"]')].map((m) => m.querySelector('.message-body')!.classList.contains('collapsed'));
    assert.deepEqual(collapsed, [true, false, false]);
    assert.equal(log.querySelectorAll('.more-toggle').length, 1);
  });
});
