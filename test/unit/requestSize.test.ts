// The size of a request against the budget, in the session (real SDK, local Gemini server):
// near the budget the estimate is checked with countTokens, and a request Gemini finds too long
// is sent once more with its oldest half folded into the summary.
import assert from 'node:assert/strict';
import { ChatSession, type SessionOptions } from '../../src/core/chat/chatSession';
import { createGeminiClient } from '../../src/core/gemini/geminiClient';
import type { Content, StoredChat } from '../../src/core/types';
import { startFakeGemini, type FakeGemini, type RecordedRequest } from '../gemini-server/server';
import { MESSAGES } from '../gemini-server/wire';
import { MemoryFiles } from '../support/memoryFiles';
import { MemoryStore } from '../support/memoryStore';

const say = (role: Content['role'], tag: string): Content => ({ role, parts: [{ text: tag + 'x'.repeat(400 - tag.length) }] });
/** `pairs` question/answer pairs of 100 estimated tokens a turn. */
function stored(pairs: number): StoredChat {
  const history: Content[] = [];
  for (let i = 0; i < pairs; i++) history.push(say('user', `Q${i}`), say('model', `A${i}`));
  return { version: 1, history };
}
const tags = (request: RecordedRequest) => request.body.contents.map((turn) => /^(Q|A)\d+|^Summary|^Understood|^now\?/.exec(turn.parts[0]?.text ?? '')?.[0]);
const counts = (server: FakeGemini) => server.requests.filter((r) => r.action === 'countTokens').length;
const tooLong = { error: { status: 400, message: MESSAGES.inputTooLong(1_234_567, 1_048_576) } };

describe('request size against the budget', () => {
  let server: FakeGemini;
  before(async () => {
    server = await startFakeGemini();
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  function session(chat: StoredChat, overrides: Partial<SessionOptions> = {}, on = server) {
    return new ChatSession({
      store: new MemoryStore(chat),
      connect: () => Promise.resolve(createGeminiClient({ apiKey: 'k', model: 'gemini-2.5-flash', baseUrl: on.url, systemInstruction: '', timeoutMs: 5000 })),
      retryPolicy: () => ({ maxRetries: 2, baseDelayMs: 5, maxDelayMs: 10 }),
      tokenBudget: () => 1000,
      listener: { changed: () => undefined, delta: () => undefined, saveFailed: (e) => assert.fail(String(e)) },
      random: () => 0.5,
      ...overrides,
    });
  }

  describe('countTokens near the budget', () => {
    it('is not asked far from the budget', async () => {
      server.script({ text: 'ok' });
      await session(stored(2)).send('now?');
      assert.equal(counts(server), 0);
      assert.deepEqual(tags(server.requests.at(-1)!), ['Q0', 'A0', 'Q1', 'A1', 'now?']);
    });

    it('is asked near the budget, and a count within it sends the plan as it was', async () => {
      server.script({ text: 'ok' });
      await session(stored(4)).send('now?');
      assert.equal(counts(server), 1);
      assert.equal(tags(server.requests.at(-1)!).length, 9);
    });

    it('a count over the budget fits the request again to the budget scaled by estimate/real', async () => {
      const chat = session(stored(4));
      server.scriptCount(2000);
      server.script({ text: 'ok' });
      await chat.send('now?');
      // 801 estimated, 2000 counted: fitted to 1000 × 801 / 2000 = 400.
      assert.deepEqual(tags(server.requests.at(-1)!), ['Q3', 'A3', 'now?']);
      assert.equal(chat.omittedTurns, 6);
      assert.equal(chat.lastError, undefined);
    });

    it('a failed count never fails the turn: the estimate stands', async () => {
      const chat = session(stored(4));
      server.scriptCount({ error: { status: 500 } });
      server.script({ text: 'ok' });
      await chat.send('now?');
      assert.equal(counts(server), 1);
      assert.equal(tags(server.requests.at(-1)!).length, 9);
      assert.equal(chat.history.at(-1)!.parts[0]!.text, 'ok');
    });
  });

  describe('a request Gemini finds too long', () => {
    it('is sent once more without the oldest half of it', async () => {
      const limited = await startFakeGemini({ maxInputTokens: 600 });
      try {
        const chat = session(stored(4), { tokenBudget: () => 1_000_000 }, limited);
        limited.script({ text: 'ok' });
        await chat.send('now?');
        const [first, second] = await limited.waitForRequests(2);
        assert.equal(tags(first!).length, 9);
        // Half of the 801 estimated tokens: the newest turns within 400.
        assert.deepEqual(tags(second!), ['Q3', 'A3', 'now?']);
        assert.equal(chat.lastError, undefined);
        assert.equal(chat.history.at(-1)!.parts[0]!.text, 'ok');
        assert.equal(chat.history.length, 10, 'nothing is removed from the chat itself');
      } finally {
        await limited.close();
      }
    });

    it('folds what it leaves out into the summary first, where there is an archive', async () => {
      const files = new MemoryFiles();
      const chat = session(stored(4), { files, limits: () => ({ maxTurns: 100, maxBytes: 256 * 1024 }), tokenBudget: () => 1_000_000 });
      server.script(tooLong, { text: 'They debugged Q0 to Q2.' }, { text: 'ok' });
      await chat.send('now?');
      const [, summarize, retry] = await server.waitForRequests(3);
      assert.match(summarize!.body.contents[0]!.parts[0]!.text!, /User: Q0[\s\S]*Gemini: A2x+$/);
      assert.deepEqual(tags(retry!), ['Summary', 'Understood', 'Q3', 'A3', 'now?']);
      assert.match(retry!.body.contents[0]!.parts[0]!.text!, /6 older messages are archived\):\n\nThey debugged Q0 to Q2\.$/);
      assert.deepEqual([chat.archivedTurns, chat.summary?.turns, files.archives.get(chat.chatId)?.history.length], [6, 6, 6]);
      assert.equal(chat.lastError, undefined);
      assert.equal(server.requests.filter((r) => r.action !== 'countTokens').length, 3, 'one retry, one summary');
    });

    it('fails with a way to the budget setting when the retry is too long as well', async () => {
      const limited = await startFakeGemini({ maxInputTokens: 50 });
      try {
        const chat = session(stored(1), { tokenBudget: () => 1_000_000 }, limited);
        await chat.send('now?' + 'y'.repeat(400));
        assert.equal(limited.requests.length, 2, 'retried once only');
        assert.equal(chat.lastError?.kind, 'tooLong');
        assert.equal(chat.lastError.details.setting, 'contextTokenBudget');
        assert.deepEqual(chat.lastError.remedies, ['openSettings', 'retry']);
        assert.match(chat.lastError.message, /too long/);
      } finally {
        await limited.close();
      }
    });
  });
});
