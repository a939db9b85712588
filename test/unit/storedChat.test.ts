import assert from 'node:assert/strict';
import { exportChat, ImportError, parseChatFile, repairStoredChat } from '../../src/core/chat/storedChat';
import type { StoredChat } from '../../src/core/types';

const healthy: StoredChat = {
  version: 1,
  history: [
    { role: 'user', parts: [{ text: 'why does it crash?' }] },
    { role: 'model', parts: [{ text: 'Because `x` is undefined.' }] },
  ],
  answers: { 1: { finishReason: 'STOP', usage: { promptTokenCount: 5, candidatesTokenCount: 6, totalTokenCount: 11 } } },
};

describe('stored chat loading', () => {
  it('keeps a healthy chat as it is, answers included', () => {
    assert.deepEqual(repairStoredChat(healthy), { chat: healthy, problems: [] });
  });

  it('starts empty when nothing is stored', () => {
    assert.deepEqual(repairStoredChat(undefined), { chat: { version: 1, history: [] }, problems: [] });
  });

  it('keeps the valid turns of a damaged chat and says what it fixed', () => {
    const { chat, problems } = repairStoredChat({
      version: 1,
      history: [
        { role: 'model', parts: [{ text: 'orphan' }] },
        { role: 'user', parts: [{ text: 'one' }, { text: '' }, { inlineData: {} }] },
        { role: 'user', parts: [{ text: 'two' }] },
        'garbage',
        { role: 'model', parts: [{ text: 'answer' }] },
        { role: 'model', parts: [] },
      ],
    });
    assert.deepEqual(chat.history, [
      { role: 'user', parts: [{ text: 'one' }, { text: 'two' }] },
      { role: 'model', parts: [{ text: 'answer' }] },
    ]);
    assert.equal(problems.length, 4);
    assert.match(problems.join('\n'), /cannot start with the model/);
    assert.match(problems.join('\n'), /merged turn 3/);
  });

  it('never throws on values of the wrong type', () => {
    for (const value of [42, 'text', [], { history: 'no' }, { version: 2, history: [] }, null]) {
      const { chat } = repairStoredChat(value);
      assert.deepEqual(chat.history, []);
    }
  });
});

describe('chat export and import', () => {
  it('exports exactly { version, history } and imports it back unchanged', () => {
    const text = exportChat(healthy);
    assert.deepEqual(JSON.parse(text), { version: 1, history: healthy.history });
    assert.deepEqual(parseChatFile(text), { version: 1, history: healthy.history });
  });

  const rejects: [string, string, RegExp][] = [
    ['not JSON', '{"version": 1,', /not valid JSON/],
    ['an array', '[]', /not hold a JSON object/],
    ['a wrong version', '{"version": 2, "history": []}', /"version" must be 1, found 2/],
    ['no history', '{"version": 1}', /"history" must be a list/],
    ['a turn without parts', '{"version":1,"history":[{"role":"user"}]}', /turn 1 has no "parts"/],
    ['a non-text part', '{"version":1,"history":[{"role":"user","parts":[{"inlineData":{}}]}]}', /turn 1, part 1 is not a valid part/],
    ['two user turns in a row', '{"version":1,"history":[{"role":"user","parts":[{"text":"a"}]},{"role":"user","parts":[{"text":"b"}]}]}', /turn 2 should be from model/],
    ['an unknown role', '{"version":1,"history":[{"role":"system","parts":[{"text":"a"}]}]}', /turn 1 should be from user/],
  ];
  for (const [what, text, message] of rejects) {
    it(`rejects a file with ${what}, naming the problem`, () => {
      assert.throws(
        () => parseChatFile(text),
        (e: unknown) => e instanceof ImportError && message.test(e.message),
      );
    });
  }
});
