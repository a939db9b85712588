// The chat view's model line (a button that opens the model picker) and the time each message
// shows on hover, in jsdom.
import { posted, resetDom, mount } from './dom';
import * as assert from 'node:assert/strict';
import { MessageList } from '../../../src/webview/messages';
import { messageTimeLabel } from '../../../src/webview/messageTime';
import { StatusLine } from '../../../src/webview/statusLine';

describe('model line and message times (jsdom)', () => {
  beforeEach(resetDom);

  it("the model line names the conversation's model and, clicked, asks the host for the picker", () => {
    const line = new StatusLine();
    mount().append(line.element);
    line.update('gemini-2.5-pro', { totalTokens: 0 });
    const button = line.element.querySelector<HTMLButtonElement>('button.status-model-button')!;
    assert.equal(button.querySelector('.status-model')!.textContent, 'gemini-2.5-pro');
    assert.match(button.title, /asks gemini-2\.5-pro\. Click to choose the model/);
    button.click();
    assert.deepEqual(posted, [{ type: 'run', command: 'chooseModel' }]);
  });

  it('in demo mode it says the demo model answers, and which model id the requests name', () => {
    const line = new StatusLine();
    line.update('gemini-2.5-flash-lite', undefined, true);
    assert.equal(line.element.querySelector('.status-model')!.textContent, 'Demo model (local server)');
    assert.equal(line.element.querySelector('.status-model-id')!.textContent, 'gemini-2.5-flash-lite');
  });

  it('a message with a time shows it on hover; one stored before times were kept shows none', () => {
    const log = mount();
    const list = new MessageList(log);
    const time = Date.now() - 60_000;
    list.setMessages([
      { id: 't0', role: 'user', text: 'old question' },
      { id: 't1', role: 'model', text: 'answer', time },
    ]);
    assert.equal(log.querySelector('[data-id="t0"]')!.hasAttribute('title'), false);
    assert.equal(log.querySelector<HTMLElement>('[data-id="t1"]')!.title, messageTimeLabel(time, Date.now()));
  });

  it("labels today's and yesterday's messages by day word and clock, older ones by date", () => {
    const now = new Date(2026, 11, 2, 18, 30).getTime();
    assert.equal(messageTimeLabel(new Date(2026, 11, 2, 14, 2).getTime(), now, 'en-GB'), 'Today 14:02');
    assert.equal(messageTimeLabel(new Date(2026, 11, 1, 9, 15).getTime(), now, 'en-GB'), 'Yesterday 09:15');
    // The punctuation of dates varies with the ICU data of the runtime.
    assert.match(messageTimeLabel(new Date(2026, 10, 28, 9, 15).getTime(), now, 'en-GB'), /^Sat,? 28 Nov 09:15$/);
    assert.match(messageTimeLabel(new Date(2025, 10, 28, 9, 15).getTime(), now, 'en-GB'), /^Fri,? 28 Nov 2025 09:15$/);
    assert.equal(messageTimeLabel(new Date(2026, 11, 2, 14, 2).getTime(), now, 'de'), 'Heute 14:02');
  });
});
