import assert from 'node:assert/strict';
import { cardHeader, contextCard, oneLine } from '../../src/core/context/cards';
import type { Content } from '../../src/core/types';
import { presentChat } from '../../src/host/chatPresenter';

describe('context cards', () => {
  it('makes one-line titles and recognizes them', () => {
    const text = `${cardHeader('exception', "TypeError: Cannot read properties of undefined (reading 'price')")}\n\nStopped.\n\n\`\`\`text\nx\n\`\`\`\n\nWhy?`;
    assert.equal(text.split('\n')[0], "**Exception** \u00b7 TypeError: Cannot read properties of undefined (reading 'price')");
    assert.deepEqual(contextCard(text), { kind: 'exception', title: "TypeError: Cannot read properties of undefined (reading 'price')", question: 'Why?' });
  });

  it('recognizes every kind by its label', () => {
    assert.equal(contextCard(`${cardHeader('problem', 'Error: x')}\n\nq`)?.kind, 'problem');
    assert.equal(contextCard(`${cardHeader('variable', 'a = 1')}\n\nq`)?.kind, 'variable');
    assert.equal(contextCard(`${cardHeader('frame', 'f (a.js:1)')}\n\nq`)?.kind, 'frame');
    assert.equal(contextCard(`${cardHeader('terminal', 'bash (3 lines)')}\n\nq`)?.kind, 'terminal');
  });

  it('recognizes the Ask Gemini selection turn by its first line and code block', () => {
    const text = '`src/app.js`, lines 3-5 (javascript):\n\n```javascript\nf()\n```\n\nWhy does this fail?';
    assert.deepEqual(contextCard(text), { kind: 'selection', title: 'src/app.js, lines 3-5 (javascript)', question: 'Why does this fail?' });
    assert.equal(contextCard('`a.py`, line 7 (python):\n\n```python\nprint(x)\n```\n\nExplain.')?.title, 'a.py, line 7 (python)');
  });

  it('leaves typed messages alone', () => {
    for (const text of ['Why does it throw?', '**Bold** text', '**Unknown** \u00b7 thing\n\nq', '`a.js`, line 1 (javascript): no code block', '**Selection** \u00b7 forged\n\nq']) {
      assert.equal(contextCard(text), undefined, text);
    }
  });

  it('takes no question from the end of a code block, and none from the header alone', () => {
    assert.equal(contextCard('**Terminal output** \u00b7 t (1 line)\n\n```text\na\n\nb\n```')?.question, undefined);
    assert.equal(contextCard('**Frame** \u00b7 f')?.question, undefined);
    assert.deepEqual(contextCard('**Frame** \u00b7 f\n\nOnly a question.'), { kind: 'frame', title: 'f', question: 'Only a question.' });
  });

  it('keeps titles to one bounded line', () => {
    assert.equal(oneLine('a\n  b\r\nc'), 'a b c');
    const long = oneLine('x'.repeat(500));
    assert.equal(long.length, 160);
    assert.ok(long.endsWith('\u2026'));
    assert.equal(cardHeader('exception', '  '), '**Exception** \u00b7 Exception');
  });

  it('the presenter puts a card on context turns only, and keeps the text that was sent', () => {
    const context = `${cardHeader('problem', 'Error: x is not defined')}\n\nbody\n\nFix it.`;
    const history: Content[] = [
      { role: 'user', parts: [{ text: context }] },
      { role: 'model', parts: [{ text: `${cardHeader('problem', 'echoed')}\n\nq` }] },
      { role: 'user', parts: [{ text: 'plain question' }] },
    ];
    const state = presentChat(
      {
        history,
        answerInfo: () => undefined,
        status: { state: 'idle' },
        lastError: undefined,
        queued: [`${cardHeader('terminal', 'bash (1 line)')}\n\nq`],
        busy: true,
        omittedTurns: 0,
      },
      { hasApiKey: true, demo: false, model: 'm', maxRetries: 0 },
    );
    assert.deepEqual(state.messages[0], { id: 't0', role: 'user', text: context, card: { kind: 'problem', title: 'Error: x is not defined', question: 'Fix it.' } });
    assert.equal(state.messages[1]!.card, undefined, 'model turns never get a card');
    assert.equal(state.messages[2]!.card, undefined);
    assert.deepEqual(state.messages.at(-1)!.card, { kind: 'terminal', title: 'bash (1 line)', question: 'q' });
  });
});
