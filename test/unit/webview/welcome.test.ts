// The empty chat says what can be asked and runs it: each button posts one of the protocol's
// commands, which the host accepts as it is.
import { posted, resetDom, mount } from './dom';
import * as assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../../src/shared/protocol';
import { renderWelcome } from '../../../src/webview/welcome';

describe('the empty chat (jsdom)', () => {
  beforeEach(resetDom);

  it('offers a selection, a problem, an exception and an investigation, each with a button that posts its command', () => {
    const welcome = renderWelcome();
    mount().append(welcome);
    const items = [...welcome.querySelectorAll('.welcome-item')];
    assert.deepEqual(
      items.map((item) => item.querySelector('.welcome-item-title')?.textContent),
      ['A selection', 'A problem', 'An exception', 'An investigation'],
    );
    const buttons = items.map((item) => item.querySelector('button')!);
    assert.deepEqual(
      buttons.map((b) => b.textContent),
      ['Ask Gemini', 'Show Problems', 'Ask About This Exception', 'Start Debugging'],
    );
    for (const button of buttons) button.click();
    assert.deepEqual(posted, [
      { type: 'run', command: 'ask' },
      { type: 'run', command: 'showProblems' },
      { type: 'run', command: 'askAboutException' },
      { type: 'run', command: 'startDebugging' },
    ]);
    for (const message of posted) assert.deepEqual(parseWebviewMessage(message), message, 'the host takes it as posted');
    // Icons are decoration: every button is named by its text alone.
    for (const button of buttons) assert.equal(button.getAttribute('type'), 'button');
    assert.equal(welcome.querySelectorAll('.codicon:not([aria-hidden="true"])').length, 0);
  });
});
