// A conversation's own model and its messages' times: stored in the chat record beside the
// history (old records without them still load), the model used by the next request, the times
// shown on the view's messages, and the history Gemini gets unchanged.
import assert from 'node:assert/strict';
import { ChatSession, type SessionOptions } from '../../src/core/chat/chatSession';
import { truncated, withAnswer, withoutOldest, withUserMessage } from '../../src/core/chat/chatEdits';
import { mergeChats } from '../../src/core/chat/chatSync';
import { repairStoredChat } from '../../src/core/chat/storedChat';
import { createGeminiClient } from '../../src/core/gemini/geminiClient';
import type { StoredChat } from '../../src/core/types';
import { presentChat } from '../../src/host/chatPresenter';
import { startFakeGemini, type FakeGemini } from '../gemini-server/server';
import { MemoryStore } from '../support/memoryStore';

const DEFAULT_MODEL = 'gemini-2.5-flash';

describe('per-conversation model and message times', () => {
  let server: FakeGemini;
  before(async () => {
    server = await startFakeGemini({ models: [DEFAULT_MODEL, 'gemini-2.5-pro'] });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  function session(store = new MemoryStore(), overrides: Partial<SessionOptions> = {}) {
    const asked: (string | undefined)[] = [];
    let clock = Date.UTC(2026, 11, 2, 14, 2);
    const chat = new ChatSession({
      store,
      connect: (model) => {
        asked.push(model);
        return Promise.resolve(createGeminiClient({ apiKey: 'k', model: model ?? DEFAULT_MODEL, baseUrl: server.url, systemInstruction: '', timeoutMs: 5000 }));
      },
      retryPolicy: () => ({ maxRetries: 0, baseDelayMs: 20, maxDelayMs: 100 }),
      tokenBudget: () => 1_000_000,
      listener: { changed: () => undefined, delta: () => undefined, saveFailed: (e) => assert.fail(String(e)) },
      now: () => (clock += 60_000),
      ...overrides,
    });
    return { chat, store, asked };
  }

  it('a chosen model is stored with the conversation and named by its next requests, after a reload too', async () => {
    const { chat, store, asked } = session();
    await chat.send('first');
    assert.equal(server.requests.at(-1)!.model, DEFAULT_MODEL, 'without a choice: the setting');
    await chat.setModel('gemini-2.5-pro');
    assert.equal((store.value as StoredChat).model, 'gemini-2.5-pro', 'saved at once');
    await chat.send('second');
    assert.equal(server.requests.at(-1)!.model, 'gemini-2.5-pro');
    assert.match(server.requests.at(-1)!.path, /\/models\/gemini-2\.5-pro:streamGenerateContent$/);
    assert.deepEqual(asked.slice(-1), ['gemini-2.5-pro']);

    const reloaded = session(store).chat;
    assert.equal(reloaded.model, 'gemini-2.5-pro');
    await reloaded.send('third');
    assert.equal(server.requests.at(-1)!.model, 'gemini-2.5-pro');
  });

  it("an old record without a model or times loads as it was and asks the setting's model", async () => {
    const old = {
      version: 1,
      history: [
        { role: 'user', parts: [{ text: 'old question' }] },
        { role: 'model', parts: [{ text: 'old answer' }] },
      ],
      revision: 3,
      writer: 'w',
    };
    const loaded = repairStoredChat(old);
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.chat.model, undefined);
    assert.equal(loaded.chat.times, undefined);
    const { chat, asked } = session(new MemoryStore(old));
    await chat.send('new question');
    assert.deepEqual(asked, [undefined]);
    assert.equal(server.requests.at(-1)!.model, DEFAULT_MODEL);
    assert.deepEqual(Object.keys(chat.chat.times ?? {}), ['2', '3'], 'only the new turns have times');
  });

  it('an invalid stored model is dropped (it would go into the request URL) and said so', () => {
    const loaded = repairStoredChat({ version: 1, history: [], model: '../../evil?x=' });
    assert.equal(loaded.chat.model, undefined);
    assert.match(loaded.problems.join(), /invalid model id/);
  });

  it('stores when each question was sent and each answer arrived, beside the history: Gemini gets the history unchanged', async () => {
    const { chat, store } = session();
    server.script({ text: 'A1' }, { text: 'A2' });
    await chat.send('Q1');
    await chat.send('Q2');
    const stored = store.value as StoredChat;
    const start = Date.UTC(2026, 11, 2, 14, 2);
    assert.deepEqual(stored.times, { 0: start + 60_000, 1: start + 120_000, 2: start + 180_000, 3: start + 240_000 });
    const sent = server.requests.at(-1)!.body;
    assert.deepEqual(sent.contents, stored.history.slice(0, 3));
    assert.ok(!JSON.stringify(sent).includes(String(start + 60_000)), 'no time goes to Gemini');

    const view = presentChat(chat, { hasApiKey: true, demo: false, model: DEFAULT_MODEL, maxRetries: 0 });
    assert.deepEqual(
      view.messages.map((m) => [m.id, m.time]),
      [
        ['t0', start + 60_000],
        ['t1', start + 120_000],
        ['t2', start + 180_000],
        ['t3', start + 240_000],
      ],
    );
  });

  it("times move with their turns through edits, archiving and merges, and a joined question keeps its turn's time", () => {
    let chat: StoredChat = { version: 1, history: [] };
    chat = withUserMessage(chat, { text: 'Q1' }, 10);
    chat = withUserMessage(chat, { text: 'Q1 again' }, 11);
    chat = withAnswer(chat, [{ text: 'A1' }], { finishReason: 'STOP' }, 20);
    chat = withUserMessage(chat, { text: 'Q2' }, 30);
    chat = withAnswer(chat, [{ text: 'A2' }], { finishReason: 'STOP' }, 40);
    assert.deepEqual(chat.times, { 0: 10, 1: 20, 2: 30, 3: 40 });
    assert.deepEqual(truncated(chat, 2).times, { 0: 10, 1: 20 });
    assert.deepEqual(withoutOldest(chat, 2).times, { 0: 30, 1: 40 });
    assert.deepEqual(repairStoredChat(JSON.parse(JSON.stringify(chat))).chat.times, chat.times, 'a stored record keeps them');

    const base = truncated(chat, 2);
    const theirs = { ...base, model: 'gemini-2.5-pro' };
    const merged = mergeChats(theirs, chat, base).chat;
    assert.deepEqual(merged.times, chat.times, 'our new turns bring their times');
    assert.equal(merged.model, 'gemini-2.5-pro', "the other window's choice of model is kept when ours did not change");
    assert.equal(mergeChats(theirs, { ...chat, model: 'mine' }, base).chat.model, 'mine');
  });
});
