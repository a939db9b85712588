// Archived turns are summarized: one extra request per archive step (real SDK, local Gemini
// server), the summary is stored, shown, and sent first in every later request.
import assert from 'node:assert/strict';
import { ChatSession, type SessionOptions } from '../../src/core/chat/chatSession';
import { SUMMARY_ACK, SUMMARY_INSTRUCTION } from '../../src/core/chat/chatSummary';
import { createGeminiClient } from '../../src/core/gemini/geminiClient';
import { historyProblem } from '../../src/core/chat/history';
import { repairStoredChat } from '../../src/core/chat/storedChat';
import type { Content, PersistedChat } from '../../src/core/types';
import { presentChat } from '../../src/host/chatPresenter';
import { startFakeGemini, type FakeGemini, type RecordedRequest } from '../gemini-server/server';
import { MemoryFiles } from '../support/memoryFiles';
import { MemoryStore } from '../support/memoryStore';

const turns = (history: readonly Content[]) => history.map((c) => `${c.role}: ${c.parts.map((p) => p.text).join(' + ')}`);
const contents = (request: RecordedRequest) => request.body.contents as Content[];
const context = { hasApiKey: true, demo: false, model: 'm', maxRetries: 2 };
/** Asks, then waits for the summary request an archive step starts after the answer. */
async function askAndSettle(session: ChatSession, question: string): Promise<void> {
  await session.send(question);
  await session.settled();
}

describe('summaries of archived turns', () => {
  let server: FakeGemini;
  before(async () => {
    server = await startFakeGemini();
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  function open(overrides: Partial<SessionOptions> & { store?: MemoryStore } = {}) {
    const store = overrides.store ?? new MemoryStore();
    const events = { errors: [] as unknown[] };
    const session = new ChatSession({
      store,
      files: new MemoryFiles(),
      connect: () => Promise.resolve(createGeminiClient({ apiKey: 'k', model: 'gemini-2.5-flash', baseUrl: server.url, systemInstruction: '', timeoutMs: 5000 })),
      retryPolicy: () => ({ maxRetries: 2, baseDelayMs: 5, maxDelayMs: 10 }),
      tokenBudget: () => 1_000_000,
      limits: () => ({ maxTurns: 4, maxBytes: 256 * 1024 }),
      listener: { changed: () => undefined, delta: () => undefined, saveFailed: (e) => events.errors.push(e) },
      random: () => 0.5,
      ...overrides,
    });
    return { session, store, events };
  }

  it('sends one summary request with the archived turns after an archive step, and stores the summary', async () => {
    const { session, store } = open();
    server.script({ text: 'A1' }, { text: 'A2' }, { text: 'A3' }, { text: 'They debug a crash in parse().' });
    for (const q of ['Q1', 'Q2', 'Q3']) await askAndSettle(session, q);
    const requests = await server.waitForRequests(4);
    assert.equal(requests.length, 4, 'exactly one extra request');
    const [prompt] = contents(requests[3]!);
    assert.equal(contents(requests[3]!).length, 1);
    assert.equal(prompt!.role, 'user');
    const text = prompt!.parts[0]!.text!;
    assert.ok(text.startsWith(SUMMARY_INSTRUCTION));
    assert.ok(text.endsWith('User: Q1\n\nGemini: A1'), text);
    assert.doesNotMatch(text, /Q2/);
    assert.deepEqual(session.summary, { text: 'They debug a crash in parse().', turns: 2 });
    assert.deepEqual((store.value as PersistedChat).summary, session.summary);
    assert.deepEqual(turns(session.history), ['user: Q2', 'model: A2', 'user: Q3', 'model: A3']);
    assert.equal(session.lastError, undefined);
  });

  it('starts every later request with the summary pair, then the live history, alternating', async () => {
    const { session } = open();
    server.script({ text: 'A1' }, { text: 'A2' }, { text: 'A3' }, { text: 'SUM1' }, { text: 'A4' }, { text: 'SUM2' });
    for (const q of ['Q1', 'Q2', 'Q3', 'Q4']) await askAndSettle(session, q);
    const requests = await server.waitForRequests(6);
    const fifth = contents(requests[4]!);
    // Storing Q4 archived Q2/A2 before it was sent: they are summarized after A4.
    assert.deepEqual(turns(fifth), [
      'user: Summary of our earlier conversation (4 older messages are archived):\n\nSUM1',
      `model: ${SUMMARY_ACK}`,
      'user: Q3',
      'model: A3',
      'user: Q4',
    ]);
    assert.equal(historyProblem(fifth), undefined);
    // The next archive step folds the previous summary and the newly archived pair into one.
    const next = contents(requests[5]!)[0]!.parts[0]!.text!;
    assert.match(next, /Summary so far:\n\nSUM1/);
    assert.ok(next.endsWith('User: Q2\n\nGemini: A2'), next);
    assert.deepEqual(session.summary, { text: 'SUM2', turns: 4 });
  });

  it('counts the summary against the token budget', async () => {
    const { session } = open({ tokenBudget: () => 12 });
    server.script({ text: 'A1' }, { text: 'A2' }, { text: 'A3' }, { text: 'S'.repeat(40) }, { text: 'A4' }, { text: 'SUM2' });
    for (const q of ['Q1', 'Q2', 'Q3', 'Q4']) await askAndSettle(session, q);
    const requests = await server.waitForRequests(5);
    const fifth = contents(requests[4]!);
    assert.equal(fifth[0]!.parts[0]!.text!.includes('S'.repeat(40)), true, 'the summary is sent');
    assert.deepEqual(turns(fifth.slice(2)), ['user: Q4'], 'the live history is cut to fit what the summary leaves');
    assert.equal(session.omittedTurns, 2);
  });

  for (const [what, failure] of [
    ['a 500 (no retry for a summary)', { error: { status: 500 } }],
    ['a 400', { error: { status: 400 } }],
  ] as const) {
    it(`keeps chatting without an error after ${what}, and retries after the next answer`, async () => {
      const { session, events } = open();
      server.script({ text: 'A1' }, { text: 'A2' }, { text: 'A3' }, failure);
      for (const q of ['Q1', 'Q2', 'Q3']) await askAndSettle(session, q);
      assert.equal((await server.waitForRequests(4)).length, 4);
      assert.equal(session.summary, undefined);
      assert.equal(session.lastError, undefined, 'no error for a failed summary');
      const view = presentChat(session, context);
      assert.deepEqual(
        view.messages.map((m) => m.role),
        ['user', 'model', 'user', 'model'],
      );
      assert.equal(view.summary, undefined);
      assert.deepEqual(events.errors, []);

      server.script({ text: 'A4' }, { text: 'SUM' });
      await askAndSettle(session, 'Q4');
      const requests = await server.waitForRequests(6);
      assert.equal(requests.length, 6);
      assert.deepEqual(turns(contents(requests[4]!)), ['user: Q3', 'model: A3', 'user: Q4'], 'no summary pair without a summary');
      const retried = contents(requests[5]!)[0]!.parts[0]!.text!;
      assert.ok(retried.endsWith('User: Q1\n\nGemini: A1\n\nUser: Q2\n\nGemini: A2'), 'both archive steps are summarized at once');
      assert.deepEqual(session.summary, { text: 'SUM', turns: 4 });
    });
  }

  it('Stop cancels a summary request in flight, silently', async () => {
    const { session } = open();
    server.script({ text: 'A1' }, { text: 'A2' }, { text: 'A3' }, { text: ['slow ', 'summary'], chunkDelayMs: 2000 });
    await askAndSettle(session, 'Q1');
    await askAndSettle(session, 'Q2');
    const sending = session.send('Q3');
    await server.waitForRequests(4);
    session.stop();
    await sending;
    assert.equal(session.summary, undefined);
    assert.equal(session.lastError, undefined);
    assert.equal(session.busy, false);
  });

  it('sends a question queued behind the answer that archived turns before the summary request', async () => {
    const { session } = open();
    server.script({ text: 'A1' }, { text: 'A2' }, { text: ['A', '3'], chunkDelayMs: 50 }, { text: 'A4' }, { text: 'SUM' });
    await askAndSettle(session, 'Q1');
    await askAndSettle(session, 'Q2');
    // Storing Q3 archives Q1/A1; Q4 is sent while A3 streams, right after that archive step.
    const third = session.send('Q3');
    await server.waitForRequests(3);
    const fourth = session.send('Q4');
    await Promise.all([third, fourth]);
    await session.settled();
    const requests = await server.waitForRequests(5);
    const lastTexts = requests.map((r) =>
      contents(r)
        .at(-1)!
        .parts.map((p) => p.text)
        .join(' '),
    );
    assert.deepEqual(lastTexts.slice(0, 4), ['Q1', 'Q2', 'Q3', 'Q4'], 'the questions go first');
    assert.ok(lastTexts[4]!.startsWith(SUMMARY_INSTRUCTION), 'then the summary request');
    assert.deepEqual(session.summary?.text, 'SUM');
  });

  it('sends a question at once while a summary request is still in flight, and shows it answering', async () => {
    const { session } = open();
    server.script({ text: 'A1' }, { text: 'A2' }, { text: 'A3' }, { text: ['slow ', 'summary'], chunkDelayMs: 400 }, { text: 'A4' });
    for (const q of ['Q1', 'Q2']) await askAndSettle(session, q);
    await session.send('Q3');
    await server.waitForRequests(4); // the summary request, stalled
    const answering = session.send('Q4');
    const requests = await server.waitForRequests(5);
    assert.equal(contents(requests[4]!).at(-1)!.parts[0]!.text, 'Q4', 'Q4 went out while the summary was being written');
    assert.equal(session.busy, true);
    await answering;
    assert.deepEqual(turns(session.history).slice(-2), ['user: Q4', 'model: A4']);
    await session.settled();
    assert.deepEqual(session.summary?.text, 'slow summary');
  });

  it('after a reload, summarizes archived turns no summary covers yet from the archive file', async () => {
    const files = new MemoryFiles();
    const store = new MemoryStore();
    const failing = open({ store, files });
    server.script({ text: 'A1' }, { text: 'A2' }, { text: 'A3' }, { error: { status: 400 } });
    for (const q of ['Q1', 'Q2', 'Q3']) await askAndSettle(failing.session, q);
    assert.equal(failing.session.summary, undefined, 'the summary request failed');
    failing.session.close();

    const reloaded = open({ store, files });
    server.script({ text: 'A4' }, { text: 'SUM from the archive' });
    await askAndSettle(reloaded.session, 'Q4');
    const requests = await server.waitForRequests(6);
    assert.ok(contents(requests[5]!)[0]!.parts[0]!.text!.includes('User: Q1\n\nGemini: A1'), 'the turns come from the archive file');
    assert.deepEqual(reloaded.session.summary?.text, 'SUM from the archive');
  });

  it('the view shows the summary and how many archived messages it covers', async () => {
    const { session } = open();
    server.script({ text: 'A1' }, { text: 'A2' }, { text: 'A3' }, { text: 'the gist' });
    for (const q of ['Q1', 'Q2', 'Q3']) await askAndSettle(session, q);
    const view = presentChat(session, context);
    assert.equal(view.summary, 'the gist');
    assert.equal(view.summaryTurns, 2);
    assert.match(view.notices[0]!.text, /^2 older messages were moved to the archive; Gemini gets the summary shown above instead\./);
    assert.deepEqual(
      view.messages.map((m) => m.text),
      ['Q2', 'A2', 'Q3', 'A3'],
    );
  });
});

describe('a stored summary', () => {
  const history: Content[] = [
    { role: 'user', parts: [{ text: 'q' }] },
    { role: 'model', parts: [{ text: 'a' }] },
  ];

  it('is kept when well-formed', () => {
    const value = { version: 1, history, archived: 4, summary: { text: 'gist', turns: 4 } };
    assert.deepEqual(repairStoredChat(value), { chat: value, problems: [] });
  });

  it('is dropped when malformed, and the problem is reported', () => {
    for (const summary of [
      'gist',
      null,
      { text: '', turns: 2 },
      { text: 'gist', turns: 3 },
      { text: 'gist', turns: 6 },
      { text: 'gist', turns: 0 },
      { text: 42, turns: 2 },
      { text: 'gist' },
    ]) {
      const { chat, problems } = repairStoredChat({ version: 1, history, archived: 4, summary });
      assert.equal(chat.summary, undefined, JSON.stringify(summary));
      assert.deepEqual(problems, ['ignored an invalid summary of the archived turns']);
      assert.deepEqual(chat.history, history);
    }
  });
});
