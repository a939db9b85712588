import assert from 'node:assert/strict';
import { cardHeader, contextMessage, oneLine } from '../../src/core/context/cards';
import { selectionPrompt } from '../../src/core/context/prompts';
import { withUserMessage } from '../../src/core/chat/chatEdits';
import type { Content, StoredChat } from '../../src/core/types';
import { presentChat } from '../../src/host/chatPresenter';

const idle = { status: { state: 'idle' as const }, lastError: undefined, busy: false, omittedTurns: 0 };
const context = { hasApiKey: true, demo: false, model: 'm', maxRetries: 0 };

describe('context cards', () => {
  it('makes one-line titles, and carries the card as data beside the text Gemini gets', () => {
    const message = contextMessage('exception', "TypeError: Cannot read properties\nof undefined (reading 'price')", ['Stopped.', '```text\nx\n```'], 'Why?');
    assert.equal(message.text.split('\n')[0], "**Exception** \u00b7 TypeError: Cannot read properties of undefined (reading 'price')");
    assert.ok(message.text.endsWith('\n\nWhy?'));
    assert.deepEqual(message.card, { kind: 'exception', title: "TypeError: Cannot read properties of undefined (reading 'price')", question: 'Why?' });
  });

  it('labels every kind in the first line', () => {
    assert.equal(cardHeader('problem', 'Error: x'), '**Problem** \u00b7 Error: x');
    assert.equal(cardHeader('variable', 'a = 1'), '**Variable** \u00b7 a = 1');
    assert.equal(cardHeader('frame', 'f (a.js:1)'), '**Frame** \u00b7 f (a.js:1)');
    assert.equal(cardHeader('terminal', 'bash (3 lines)'), '**Terminal output** \u00b7 bash (3 lines)');
  });

  it('gives the Ask Gemini selection message its card: file, lines, language and the question', () => {
    const message = selectionPrompt({ path: 'src/app.js', languageId: 'javascript', startLine: 3, endLine: 5, code: 'f()' }, [], 'Why does this fail?');
    assert.equal(message.text, '`src/app.js`, lines 3-5 (javascript):\n\n```javascript\nf()\n```\n\nWhy does this fail?');
    assert.deepEqual(message.card, { kind: 'selection', title: 'src/app.js, lines 3-5 (javascript)', question: 'Why does this fail?' });
  });

  it('keeps titles to one bounded line', () => {
    assert.equal(oneLine('a\n  b\r\nc'), 'a b c');
    const long = oneLine('x'.repeat(500));
    assert.equal(long.length, 160);
    assert.ok(long.endsWith('\u2026'));
    assert.equal(cardHeader('exception', '  '), '**Exception** \u00b7 Exception');
  });

  it('the presenter shows a card for context messages only, and keeps the text that was sent', () => {
    const problem = contextMessage('problem', 'Error: x is not defined', ['body'], 'Fix it.');
    let chat: StoredChat = withUserMessage({ version: 1, history: [] }, problem);
    chat = { ...chat, history: [...chat.history, { role: 'model', parts: [{ text: `${cardHeader('problem', 'echoed')}\n\nq` }] }] };
    chat = withUserMessage(chat, { text: 'plain question' });
    const queued = contextMessage('terminal', 'bash (1 line)', ['```text\nx\n```'], 'q');
    const state = presentChat({ ...idle, chat, queued: [queued], busy: true }, context);
    assert.deepEqual(state.messages[0], { id: 't0', role: 'user', text: problem.text, card: { kind: 'problem', title: 'Error: x is not defined', question: 'Fix it.' } });
    assert.equal(state.messages[1]!.card, undefined, 'model turns never get a card');
    assert.equal(state.messages[2]!.card, undefined);
    assert.deepEqual(state.messages.at(-1)!.card, { kind: 'terminal', title: 'bash (1 line)', question: 'q' });
  });

  it('shows a typed message that looks like a card header as the text it is', () => {
    for (const text of ['**Problem** \u00b7 x', '**Exception** \u00b7 TypeError: boom\n\nwhy?', '`a.js`, line 1 (javascript):\n\n```js\nx\n```\n\nq']) {
      const history: Content[] = [{ role: 'user', parts: [{ text }] }];
      const [shown] = presentChat({ ...idle, chat: { version: 1, history }, queued: [] }, context).messages;
      assert.deepEqual(shown, { id: 't0', role: 'user', text, actions: ['edit'] }, text);
    }
  });

  it('keeps each message of a joined turn with its own card', () => {
    const exception = contextMessage('exception', 'Error: boom', ['stack'], 'Why?');
    let chat = withUserMessage({ version: 1, history: [] }, { text: 'typed first' });
    chat = withUserMessage(chat, exception);
    assert.deepEqual(chat.history, [{ role: 'user', parts: [{ text: 'typed first' }, { text: exception.text }] }]);
    assert.deepEqual(chat.cards, { 0: { 1: exception.card } });
    const shown = presentChat({ ...idle, chat, queued: [] }, context).messages.filter((m) => m.role === 'user');
    assert.deepEqual(
      shown.map((m) => [m.id, m.text, m.card?.kind]),
      [
        ['t0', 'typed first', undefined],
        ['t0.1', exception.text, 'exception'],
      ],
    );
  });
});
