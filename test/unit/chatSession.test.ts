// The chat session with the real adapter and SDK against the local Gemini server.
import assert from 'node:assert/strict';
import { ChatSession, CONTINUE_PROMPT, type SessionOptions } from '../../src/core/chat/chatSession';
import { GeminiError, noApiKeyError } from '../../src/core/gemini/errors';
import { createGeminiClient } from '../../src/core/gemini/geminiClient';
import { historyProblem } from '../../src/core/chat/history';
import type { Content } from '../../src/core/types';
import { startFakeGemini, type FakeGemini } from '../gemini-server/server';
import { MemoryStore } from '../support/memoryStore';

const turns = (history: readonly { role?: string; parts: Content['parts'] }[]) => history.map((c) => `${c.role}: ${c.parts.map((p) => p.text).join(' + ')}`);
/** A stored value without the revision and writer every save adds. */
const unstamped = (value: unknown) => {
  const { revision, writer, ...chat } = value as { revision: number; writer: string };
  assert.ok(revision > 0 && writer, 'every save is stamped with a revision and its writer');
  return chat;
};

describe('chat session', () => {
  let server: FakeGemini;
  before(async () => {
    server = await startFakeGemini();
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  function session(store = new MemoryStore(), overrides: Partial<SessionOptions> = {}) {
    const events = { changes: 0, deltas: [] as string[], saveErrors: [] as unknown[] };
    const chat = new ChatSession({
      store,
      connect: () => Promise.resolve(createGeminiClient({ apiKey: 'k', model: 'gemini-2.5-flash', baseUrl: server.url, systemInstruction: '', timeoutMs: 5000 })),
      retryPolicy: () => ({ maxRetries: 2, baseDelayMs: 20, maxDelayMs: 100 }),
      tokenBudget: () => 1_000_000,
      listener: { changed: () => events.changes++, delta: (d) => events.deltas.push(d), saveFailed: (e) => events.saveErrors.push(e) },
      random: () => 0.5,
      ...overrides,
    });
    return { chat, store, events };
  }

  it('answers a message, streaming it, and stores both turns with usage', async () => {
    const { chat, store, events } = session();
    server.script({ text: ['Hello', ' there'] });
    await chat.send('hi');
    assert.deepEqual(turns(chat.history), ['user: hi', 'model: Hello there']);
    assert.deepEqual(events.deltas, ['Hello', ' there']);
    assert.equal(chat.answerInfo(1)?.finishReason, 'STOP');
    assert.ok((chat.answerInfo(1)?.usage?.totalTokenCount ?? 0) > 0);
    assert.deepEqual(unstamped(store.value), chat.snapshot());
    assert.equal(chat.busy, false);
  });

  it('never reports the answer both stored and still streaming (the view would show it twice)', async () => {
    const seen: string[] = [];
    const { chat } = session(new MemoryStore(), {
      listener: {
        changed: () => seen.push(`${chat.history.length}:${chat.status.state}`),
        delta: () => undefined,
        saveFailed: (e) => assert.fail(String(e)),
      },
    });
    server.script({ text: ['Hello', ' there'] });
    await chat.send('hi');
    assert.ok(seen.includes('1:answering'), `it streamed (${seen.join(', ')})`);
    assert.ok(!seen.includes('2:answering'), `the stored answer was not also streaming (${seen.join(', ')})`);
    assert.equal(seen.at(-1), '2:idle');
  });

  it('persists the user turn before the request is sent', async () => {
    const store = new MemoryStore();
    let storedAtRequest: unknown;
    const local = await startFakeGemini({
      responder: () => {
        storedAtRequest = structuredClone(store.value);
        return { text: 'ok' };
      },
    });
    try {
      const { chat } = session(store, {
        connect: () => Promise.resolve(createGeminiClient({ apiKey: 'k', model: 'm', baseUrl: local.url, systemInstruction: '', timeoutMs: 5000 })),
      });
      await chat.send('remember me');
      const { times, ...stored } = unstamped(storedAtRequest) as { times?: Record<number, number> };
      assert.deepEqual(stored, { version: 1, history: [{ role: 'user', parts: [{ text: 'remember me' }] }] });
      assert.deepEqual(Object.keys(times ?? {}), ['0'], 'with the time it was sent');
    } finally {
      await local.close();
    }
  });

  it('sends the whole alternating history on every turn', async () => {
    const { chat } = session();
    server.script({ text: 'A1' }, { text: 'A2' }, { text: 'A3' });
    await chat.send('Q1');
    await chat.send('Q2');
    await chat.send('Q3');
    const requests = await server.waitForRequests(3);
    assert.deepEqual(turns(requests[2]!.body.contents), ['user: Q1', 'model: A1', 'user: Q2', 'model: A2', 'user: Q3']);
    assert.equal(historyProblem(chat.history), undefined);
  });

  it('queues a message sent while another is answered, and sends it after', async () => {
    const { chat } = session();
    server.script({ text: ['slow ', 'answer'], chunkDelayMs: 50 }, { text: 'second answer' });
    const first = chat.send('first');
    const second = chat.send('second');
    assert.deepEqual(
      chat.queued.map((m) => m.text),
      ['second'],
    );
    await Promise.all([first, second]);
    assert.deepEqual(turns(chat.history), ['user: first', 'model: slow answer', 'user: second', 'model: second answer']);
  });

  it('restores a stored chat and continues it', async () => {
    const store = new MemoryStore({
      version: 1,
      history: [
        { role: 'user', parts: [{ text: 'old' }] },
        { role: 'model', parts: [{ text: 'reply' }] },
      ],
    });
    const { chat } = session(store);
    server.script({ text: 'new reply' });
    await chat.send('new');
    const request = (await server.waitForRequests(1))[0]!;
    assert.deepEqual(turns(request.body.contents), ['user: old', 'model: reply', 'user: new']);
  });

  it('keeps a failed turn, shows the error, and Retry sends it once', async () => {
    const { chat } = session();
    server.script({ error: { status: 400, message: 'bad' } }, { text: 'fine now' });
    await chat.send('question');
    assert.equal(chat.lastError?.kind, 'badRequest');
    assert.deepEqual(turns(chat.history), ['user: question']);
    await chat.retry();
    assert.equal(chat.lastError, undefined);
    const requests = await server.waitForRequests(2);
    assert.deepEqual(turns(requests[1]!.body.contents), ['user: question']);
    assert.deepEqual(turns(chat.history), ['user: question', 'model: fine now']);
  });

  it('joins a new message to an unanswered one so each text is sent exactly once', async () => {
    const { chat } = session();
    server.script({ error: { status: 400 } }, { text: 'both answered' });
    await chat.send('first');
    await chat.send('second');
    const requests = await server.waitForRequests(2);
    assert.deepEqual(requests[1]!.body.contents, [{ role: 'user', parts: [{ text: 'first' }, { text: 'second' }] }]);
    assert.deepEqual(turns(chat.history), ['user: first + second', 'model: both answered']);
  });

  it('retries a 503 with backoff and then succeeds', async () => {
    const { chat } = session();
    server.script({ error: { status: 503 } }, { error: { status: 503 } }, { text: 'recovered' });
    await chat.send('q');
    assert.deepEqual(turns(chat.history), ['user: q', 'model: recovered']);
    assert.equal((await server.waitForRequests(3)).length, 3);
  });

  it("waits the server's RetryInfo delay before retrying a 429", async () => {
    const { chat } = session();
    server.script({ error: { status: 429, retryDelay: '0.3s' } }, { text: 'ok' });
    const started = Date.now();
    await chat.send('q');
    assert.ok(Date.now() - started >= 300, 'retried before the server said it may');
    assert.equal(chat.lastError, undefined);
  });

  it('gives up after maxRetries and shows the last error', async () => {
    const { chat } = session();
    server.script({ error: { status: 500 } }, { error: { status: 500 } }, { error: { status: 500 } }, { text: 'never' });
    await chat.send('q');
    assert.equal(chat.lastError?.kind, 'serverError');
    assert.equal(server.requests.length, 3);
  });

  it('does not retry a per-day quota', async () => {
    const { chat } = session();
    server.script({ error: { status: 429, quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier', retryDelay: '1s' } });
    await chat.send('q');
    assert.equal(chat.lastError?.kind, 'quotaExhausted');
    assert.equal(server.requests.length, 1);
  });

  it('Stop cancels the wait before a retry', async () => {
    const { chat } = session();
    server.script({ error: { status: 429, retryDelay: '30s' } });
    const sending = chat.send('q');
    while (chat.status.state !== 'waiting') await new Promise((r) => setImmediate(r));
    chat.stop();
    await sending;
    assert.equal(chat.lastError?.kind, 'cancelled');
    assert.deepEqual(turns(chat.history), ['user: q']);
  });

  it('Stop keeps the partial answer, marked as stopped, and the history still alternates', async () => {
    const { chat } = session();
    server.script({ text: ['partial ', 'more ', 'end'], chunkDelayMs: 300 });
    const sending = chat.send('q');
    while (chat.status.state !== 'answering' || !chat.status.text) await new Promise((r) => setTimeout(r, 5));
    chat.stop();
    await sending;
    assert.deepEqual(turns(chat.history), ['user: q', 'model: partial ']);
    assert.equal(chat.answerInfo(1)?.incomplete, 'stopped');
    server.script({ text: 'regenerated' });
    await chat.retry();
    assert.deepEqual(turns(chat.history), ['user: q', 'model: regenerated']);
  });

  it('Continue asks for the rest of a cut-off answer as a new user turn', async () => {
    const { chat } = session();
    server.script({ text: 'half', finishReason: 'MAX_TOKENS' }, { text: ' and the rest' });
    await chat.send('long question');
    assert.equal(chat.answerInfo(1)?.finishReason, 'MAX_TOKENS');
    await chat.continueAnswer();
    assert.deepEqual(turns(chat.history), ['user: long question', 'model: half', `user: ${CONTINUE_PROMPT}`, 'model:  and the rest']);
  });

  it('sends nothing without a key and keeps the question', async () => {
    const { chat, store } = session(new MemoryStore(), {
      connect: () => Promise.reject(noApiKeyError()),
    });
    await chat.send('q');
    assert.equal(chat.lastError?.kind, 'noApiKey');
    assert.deepEqual(turns((store.value as { history: Content[] }).history), ['user: q']);
    assert.equal(server.requests.length, 0);
  });

  it('New Chat while answering drops the old answer instead of mixing it in', async () => {
    const { chat } = session();
    server.script({ text: ['old ', 'answer'], chunkDelayMs: 100 });
    const sending = chat.send('old question');
    while (chat.status.state !== 'answering' || !chat.status.text) await new Promise((r) => setTimeout(r, 5));
    await chat.reset();
    await sending;
    assert.deepEqual(chat.history, []);
    assert.equal(chat.busy, false);
  });

  it('leaves the oldest turns out of the request when over the token budget', async () => {
    const long = 'x'.repeat(4000);
    const store = new MemoryStore({
      version: 1,
      history: [
        { role: 'user', parts: [{ text: long }] },
        { role: 'model', parts: [{ text: long }] },
      ],
    });
    const { chat } = session(store, { tokenBudget: () => 1500 });
    server.script({ text: 'ok' });
    await chat.send('short');
    const request = (await server.waitForRequests(1))[0]!;
    assert.deepEqual(turns(request.body.contents), ['user: short']);
    assert.equal(chat.omittedTurns, 2);
    assert.equal(chat.history.length, 4, 'nothing is removed from the chat itself');
  });

  it('tells the listener when storage refuses a write', async () => {
    const store = new MemoryStore();
    store.save = () => Promise.reject(new Error('disk full'));
    const { chat, events } = session(store);
    server.script({ text: 'ok' });
    await chat.send('q');
    assert.ok(events.saveErrors.length > 0);
    assert.deepEqual(turns(chat.history), ['user: q', 'model: ok']);
  });

  it('reports an unexpected failure of its own as a GeminiError', async () => {
    const { chat } = session(new MemoryStore(), {
      connect: () => Promise.reject(new TypeError('boom')),
    });
    await chat.send('q');
    assert.ok(chat.lastError instanceof GeminiError);
    assert.equal(chat.lastError.kind, 'unknown');
  });
});
