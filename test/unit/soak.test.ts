// Soak: 200 sequential turns through ChatSession, the real adapter and SDK, and the local Gemini
// server, with a fault every third turn (rate limits, overload, dropped connections, errors and
// garbage inside the stream, stalls, Stop, blocked prompts, exhausted retries). After every turn
// the stored history must equal what the chat view shows and still alternate; at the end every
// question must be stored exactly once (live or archived).
import assert from 'node:assert/strict';
import { ChatSession } from '../../src/core/chat/chatSession';
import { createGeminiClient } from '../../src/core/gemini/geminiClient';
import { historyProblem } from '../../src/core/chat/history';
import { textOf } from '../../src/core/parts';
import type { PersistedChat } from '../../src/core/types';
import { presentChat } from '../../src/host/chatPresenter';
import { startFakeGemini, type FakeGemini, type Reply } from '../gemini-server/server';
import { MemoryFiles } from '../support/memoryFiles';
import { MemoryStore } from '../support/memoryStore';

const TURNS = 200;
const answer = (i: number): Reply => ({ text: [`Answer ${i}: `, 'all ', 'good.'] });
const partial = (i: number) => [`Partial ${i} `, 'never ', 'finished'];

/** Each fault: the replies the server plays, and what the turn should end as. */
const FAULTS: Record<string, { replies(i: number): Reply[]; outcome: 'answered' | 'partial' | 'unanswered'; stop?: boolean }> = {
  'rate limit (429 with RetryInfo)': {
    replies: (i) => [{ error: { status: 429, retryDelay: '0.005s', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' } }, answer(i)],
    outcome: 'answered',
  },
  'overloaded (503)': { replies: (i) => [{ error: { status: 503 } }, answer(i)], outcome: 'answered' },
  'dropped connection mid-stream': { replies: (i) => [{ fault: 'disconnect', afterChunks: 1, text: partial(i) }], outcome: 'partial' },
  'error object inside the stream': { replies: (i) => [{ fault: 'errorInStream', afterChunks: 1, status: 500, text: partial(i) }, answer(i)], outcome: 'answered' },
  'malformed chunk': { replies: (i) => [{ fault: 'malformedChunk', afterChunks: 2, text: partial(i) }], outcome: 'partial' },
  'Stop while streaming': { replies: (i) => [{ text: partial(i), chunkDelayMs: 40 }], outcome: 'partial', stop: true },
  'blocked prompt': { replies: () => [{ blocked: 'SAFETY' }], outcome: 'unanswered' },
  'stalled stream (timeout)': { replies: (i) => [{ fault: 'stall', afterChunks: 1, ms: Infinity, text: partial(i) }], outcome: 'partial' },
  'empty final chunk': { replies: (i) => [{ fault: 'emptyFinalChunk', text: [`Answer ${i} `, 'in parts.'] }], outcome: 'answered' },
  'retries exhausted (500 x3)': { replies: () => [{ error: { status: 500 } }, { error: { status: 500 } }, { error: { status: 500 } }], outcome: 'unanswered' },
};

describe('soak: 200 turns with faults', () => {
  let server: FakeGemini;
  before(async () => {
    // Unscripted requests are the summaries of archived turns: answer them at once.
    server = await startFakeGemini({ responder: () => ({ text: 'A summary of the archived turns.' }) });
  });
  after(() => server.close());

  it(`survives a fault every third turn over ${TURNS} turns, and stores exactly what it shows`, async function () {
    this.timeout(60_000);
    const store = new MemoryStore();
    const files = new MemoryFiles();
    const session = new ChatSession({
      store,
      files,
      connect: () => Promise.resolve(createGeminiClient({ apiKey: 'k', model: 'gemini-2.5-flash', baseUrl: server.url, systemInstruction: '', timeoutMs: 250 })),
      retryPolicy: () => ({ maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 }),
      tokenBudget: () => 1_000_000,
      limits: () => ({ maxTurns: 50, maxBytes: 256 * 1024 }),
      listener: {
        changed: () => undefined,
        delta: () => {
          if (stopOnDelta) session.stop();
        },
        saveFailed: (error) => assert.fail(`save failed: ${String(error)}`),
      },
      random: () => 0.5,
    });
    let stopOnDelta = false;
    const names = Object.keys(FAULTS);
    const survived: Record<string, number> = {};
    const started = Date.now();

    for (let i = 1; i <= TURNS; i++) {
      const name = i % 3 === 0 ? names[(i / 3 - 1) % names.length]! : undefined;
      const fault = name ? FAULTS[name]! : undefined;
      server.script(...(fault ? fault.replies(i) : [answer(i)]));
      stopOnDelta = fault?.stop === true;
      await session.send(`Question ${i}`);
      stopOnDelta = false;
      // A summary request may follow an archive step: let it finish before the next turn's replies are scripted.
      await session.settled();

      const stored = store.value as PersistedChat;
      const where = `turn ${i}${name ? ` (${name})` : ''}`;
      assert.equal(historyProblem(stored.history), undefined, `${where}: the stored history alternates`);
      const shown = presentChat(session, { hasApiKey: true, demo: false, model: 'm', maxRetries: 2 }).messages.filter((m) => m.role !== 'error');
      assert.deepEqual(
        shown.map((m) => [m.role, m.text]),
        stored.history.flatMap((c) => (c.role === 'user' ? c.parts.map((p) => [c.role, p.text]) : [[c.role, textOf(c)]])),
        `${where}: the view shows exactly what is stored`,
      );
      const last = stored.history.at(-1)!;
      const outcome = fault?.outcome ?? 'answered';
      if (outcome === 'unanswered') assert.equal(last.role, 'user', where);
      else {
        assert.equal(last.role, 'model', where);
        assert.match(textOf(last), outcome === 'answered' ? new RegExp(`^Answer ${i}`) : new RegExp(`^Partial ${i}`), where);
        assert.equal(session.answerInfo(stored.history.length - 1)?.incomplete, outcome === 'partial' ? (fault?.stop ? 'stopped' : 'failed') : undefined, where);
      }
      if (name) survived[name] = (survived[name] ?? 0) + 1;
    }

    const questions = [...(files.archives.get(session.chatId)?.history ?? []), ...(store.value as PersistedChat).history].flatMap((c) =>
      c.role === 'user' ? c.parts.map((p) => p.text) : [],
    );
    assert.deepEqual(
      questions,
      Array.from({ length: TURNS }, (_, i) => `Question ${i + 1}`),
      'every question stored once, in order',
    );
    assert.ok(session.archivedTurns > 0, 'the long chat was archived along the way');
    const total = Object.values(survived).reduce((a, b) => a + b, 0);
    console.log(
      `      soak: ${TURNS} turns, ${total} faults survived in ${((Date.now() - started) / 1000).toFixed(1)} s (${Object.entries(survived)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')})`,
    );
  });
});
