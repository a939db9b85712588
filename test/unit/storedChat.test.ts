import assert from 'node:assert/strict';
import { exportArchive, exportChat, ImportError, parseArchiveFile, parseChatFile, repairStoredChat } from '../../src/core/chat/storedChat';
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

  it('writes an archive file as an export with the cards of its context messages, and reads them back', () => {
    const card = { kind: 'selection' as const, title: 'app.js:4-5', question: 'Why?' };
    const archive = { history: healthy.history, cards: { 0: { 0: card } } };
    const text = exportArchive(archive);
    assert.deepEqual(parseArchiveFile(text), archive);
    assert.deepEqual(parseChatFile(text), { version: 1, history: healthy.history }, 'an archive file imports as a chat');
    const stray = JSON.stringify({ ...JSON.parse(text), cards: { 0: { 0: card, 3: card }, 1: { 0: card }, x: { 0: card }, 9: { 0: card } } });
    assert.deepEqual(parseArchiveFile(stray).cards, { 0: { 0: card } }, 'a card that fits no text of a user message is left out');
    assert.throws(() => parseArchiveFile('{"version": 1, "history": [{"role": "model", "parts": [{"text": "a"}]}]}'), {
      name: 'ImportError',
      message: 'message 1 is from the model: a chat begins with a message from the user',
    });
  });

  const shape = '(an export begins {"version": 1, "history": [...]})';
  const turn = (role: string, text: string) => ({ role, parts: [{ text }] });
  const file = (history: unknown) => JSON.stringify({ version: 1, history });
  const rejects: [string, string, string | RegExp][] = [
    ['not JSON', '{"version": 1,', /^this is not a Gemini chat export \(it is not valid JSON: .+; an export begins \{"version": 1, "history": \[\.\.\.\]\}\)$/],
    ['an array', '[]', 'this is not a Gemini chat export (it holds a list, not an object such as {"version": 1, "history": [...]})'],
    ['no version', '{"history": []}', 'this is not a Gemini chat export (it has no "version" field; an export begins {"version": 1, "history": [...]})'],
    ['a wrong version', '{"version": 2, "history": []}', `this file has "version": 2, a version this extension cannot read ${shape}`],
    ['no history', '{"version": 1}', `this file has no "history", the list of messages ${shape}`],
    [
      'a history that is no list',
      '{"version": 1, "history": "hi"}',
      'its "history" is a string, not a list of messages such as [{"role": "user", "parts": [{"text": "..."}]}, ...]',
    ],
    ['a message that is no object', file([turn('user', 'a'), 7]), 'message 2 is a number, not an object such as {"role": "user", "parts": [{"text": "..."}]}'],
    ['a message without a role', file([{ parts: [{ text: 'a' }] }]), 'message 1 has no role (it must be "user" or "model")'],
    ['an unknown role', file([turn('system', 'a')]), 'message 1 has the role "system" (it must be "user" or "model")'],
    ['a message without parts', file([{ role: 'user' }]), 'message 1 has no parts (a message holds what it says as "parts": [{"text": "..."}])'],
    [
      'a part without data',
      file([turn('user', 'a'), { role: 'model', parts: [{ text: 'b' }, { inlineData: {} }] }]),
      'part 2 of message 2 is empty or of an unknown kind (a part holds non-empty "text", or data Gemini sent such as a "functionCall")',
    ],
    ['a chat that begins with the model', file([turn('model', 'a')]), 'message 1 is from the model: a chat begins with a message from the user'],
    ['two user messages in a row', file([turn('user', 'a'), turn('user', 'b')]), 'message 1 and message 2 are both from the user: messages must alternate between user and model'],
    [
      'two model messages in a row',
      file([turn('user', 'a'), turn('model', 'b'), turn('model', 'c')]),
      'message 2 and message 3 are both from the model: messages must alternate between user and model',
    ],
    [
      'a function call without its answer',
      file([turn('user', 'a'), { role: 'model', parts: [{ functionCall: { name: 'debugger_state', args: {} } }] }, turn('user', 'b')]),
      'message 3 must begin with the answers to the function call of message 2, one "functionResponse" each, in order',
    ],
  ];
  for (const [what, text, message] of rejects) {
    it(`rejects a file with ${what}, naming the problem`, () => {
      assert.throws(
        () => parseChatFile(text),
        (e: unknown) => e instanceof ImportError && (typeof message === 'string' ? e.message === message : message.test(e.message)),
      );
    });
  }
});
