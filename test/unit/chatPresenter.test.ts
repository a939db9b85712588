import assert from 'node:assert/strict';
import type { SessionStatus } from '../../src/core/chat/chatSession';
import { GeminiError } from '../../src/core/gemini/errors';
import type { AnswerInfo, Content, StoredChat } from '../../src/core/types';
import { presentArchive, presentChat, type ArchiveRead } from '../../src/host/chatPresenter';

const context = { hasApiKey: true, demo: false, model: 'gemini-2.5-flash', maxRetries: 4, now: 1_000_000 };

function view(
  history: Content[],
  extra: {
    answers?: Record<number, AnswerInfo>;
    status?: SessionStatus;
    lastError?: GeminiError;
    queued?: string[];
    busy?: boolean;
    omittedTurns?: number;
    chat?: Partial<StoredChat>;
    archive?: ArchiveRead;
  } = {},
) {
  return presentChat(
    {
      chat: { version: 1, history, ...(extra.answers ? { answers: extra.answers } : {}), ...extra.chat },
      status: extra.status ?? { state: 'idle' },
      lastError: extra.lastError,
      queued: (extra.queued ?? []).map((text) => ({ text })),
      busy: extra.busy ?? false,
      omittedTurns: extra.omittedTurns ?? 0,
    },
    { ...context, archiveLocation: '/storage/archive/chat-1.json', ...(extra.archive ? { archive: extra.archive } : {}) },
  );
}

const q: Content = { role: 'user', parts: [{ text: 'q' }] };
const a: Content = { role: 'model', parts: [{ text: 'a' }] };

describe('chat presenter', () => {
  it('shows turns in order with stable ids and sums token usage', () => {
    const state = view([q, a, q, a], {
      answers: {
        1: { usage: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 } },
        3: { usage: { promptTokenCount: 30, candidatesTokenCount: 7, totalTokenCount: 37 } },
      },
    });
    assert.deepEqual(
      state.messages.map((m) => [m.id, m.role, m.text]),
      [
        ['t0', 'user', 'q'],
        ['t1', 'model', 'a'],
        ['t2', 'user', 'q'],
        ['t3', 'model', 'a'],
      ],
    );
    assert.deepEqual(state.usage, { totalTokens: 52, lastPromptTokens: 30, lastAnswerTokens: 7 });
  });

  it("puts each stored answer's own usage on its message, as numbers", () => {
    const state = view([q, a, q, a, q, a], {
      answers: {
        1: { usage: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 } },
        3: { usage: { promptTokenCount: 30, candidatesTokenCount: 7, thoughtsTokenCount: 120, totalTokenCount: 157 } },
      },
    });
    assert.deepEqual(
      state.messages.filter((m) => m.role === 'model').map((m) => m.usage),
      [{ prompt: 10, answer: 5 }, { prompt: 30, answer: 7, thinking: 120 }, undefined],
    );
    assert.equal(state.usage.totalTokens, 172);
    assert.equal(view([q], { status: { state: 'answering', text: 'so far' }, busy: true }).messages[1]!.usage, undefined);
  });

  it('streams into a model message that keeps its id when done', () => {
    const state = view([q], { status: { state: 'answering', text: 'so far' }, busy: true });
    assert.deepEqual(state.messages[1], { id: 't1', role: 'model', text: 'so far', streaming: true });
    assert.equal(state.busy, true);
  });

  it('shows an unanswered question after a reload with Retry', () => {
    const last = view([q]).messages.at(-1)!;
    assert.equal(last.role, 'error');
    assert.deepEqual(last.actions, ['retry']);
    assert.match(last.text, /not been answered/);
  });

  it('shows a failed turn as an error with its remedies', () => {
    const last = view([q], { lastError: new GeminiError('badRequest', 'Too long.', { setting: 'contextTokenBudget' }) }).messages.at(-1)!;
    assert.deepEqual([last.role, last.text, last.actions], ['error', 'Too long.', ['openSettings', 'retry']]);
  });

  it('offers Choose Model for a model that was not found', () => {
    const last = view([q], { lastError: new GeminiError('modelNotFound', 'Model missing.', { setting: 'model' }) }).messages.at(-1)!;
    assert.deepEqual(last.actions, ['chooseModel', 'retry']);
  });

  it('counts down while waiting to retry a rate limit', () => {
    const error = new GeminiError('rateLimited', 'Rate limited.');
    const last = view([q], { status: { state: 'waiting', until: 1_015_200, attempt: 1, error }, busy: true }).messages.at(-1)!;
    assert.equal(last.retryInSeconds, 16);
    assert.match(last.text, /attempt 1 of 4/);
  });

  it('offers Continue on a cut-off last answer only', () => {
    const answers = { 1: { finishReason: 'MAX_TOKENS' }, 3: { finishReason: 'MAX_TOKENS' } };
    const state = view([q, a, q, a], { answers });
    assert.equal(state.messages[1]!.actions, undefined);
    assert.deepEqual(state.messages[3]!.actions, ['continue', 'regenerate']);
    assert.match(state.messages[3]!.note!, /Cut off/);
  });

  it('offers Edit on typed questions and Regenerate on the last answer, only while nothing runs', () => {
    const idle = view([q, a, q, a]);
    assert.deepEqual(
      idle.messages.map((m) => m.actions),
      [['edit'], undefined, ['edit'], ['regenerate']],
    );
    const busy = view([q, a, q], { status: { state: 'answering', text: '' }, busy: true });
    assert.ok(busy.messages.every((m) => m.actions === undefined));
  });

  it('marks a stopped answer and does not add an error for it', () => {
    const state = view([q, a], { answers: { 1: { incomplete: 'stopped' } }, lastError: new GeminiError('cancelled', 'Stopped.') });
    assert.equal(state.messages.length, 2);
    assert.match(state.messages[1]!.note!, /Stopped/);
  });

  it('lists queued messages after the answer in progress', () => {
    const state = view([q], { status: { state: 'answering', text: '' }, busy: true, queued: ['next'] });
    assert.deepEqual(state.messages.at(-1), { id: 'q0', role: 'user', text: 'next', note: 'Queued: sent when the current answer finishes.' });
  });

  it('says when older turns were left out for the token budget, and offers the setting', () => {
    const [notice, ...others] = view([q, a, q], { omittedTurns: 2 }).notices;
    assert.equal(others.length, 0);
    assert.equal(notice!.id, 'omitted');
    assert.match(notice!.text, /2 oldest messages were left out/);
    assert.deepEqual(notice!.action, { label: 'Open Setting', command: 'openBudgetSetting' });
    assert.deepEqual(view([q, a]).notices, []);
  });

  describe('archived messages', () => {
    const call: Content = { role: 'model', parts: [{ text: 'Let me look.' }, { functionCall: { name: 'debugger_stack', args: { count: 5 } } }] };
    const response: Content = { role: 'user', parts: [{ functionResponse: { name: 'debugger_stack', response: { status: 'ok', result: 'main at app.js:3' } } }, { text: 'and?' }] };
    const thought: Content = { role: 'model', parts: [{ text: 'hmm', thought: true }, { text: 'It is the loop.' }] };
    const archived = [q, call, response, thought];

    it('are presented by the same code as live turns, read-only, with ids of their own', () => {
      const shown = presentArchive({ history: archived });
      const live = view(archived).messages;
      assert.deepEqual(
        shown.map((m) => m.id),
        ['a0', 'a1', 'a1.c0', 'a2.1', 'a3'],
      );
      assert.deepEqual(
        shown,
        // The same messages, without the live ones' Edit and Regenerate.
        live.map((m) => {
          const copy = { ...m, id: m.id.replace(/^t/, 'a') };
          delete copy.actions;
          return copy;
        }),
      );
      assert.deepEqual(shown[2]!.tool, {
        name: 'debugger_stack',
        args: 'count: 5',
        state: 'done',
        summary: 'main at app.js:3',
        detail: JSON.stringify(response.parts[0]!.functionResponse!.response, null, 2),
      });
      assert.equal(shown[4]!.thinking, 'hmm');
      assert.ok(shown.every((m) => m.actions === undefined));
    });

    it('offer "Show N earlier messages" until asked, then come with what Gemini gets of them', () => {
      assert.equal(view([q, a]).archive, undefined);
      assert.deepEqual(view([q, a], { chat: { archived: 4 } }).archive, { count: 4 });
      const messages = presentArchive({ history: archived });
      const read = { messages, turns: 4 };
      assert.deepEqual(view([q, a], { chat: { archived: 4 }, archive: read }).archive, { count: 4, messages, divider: 'Archived: not sent to Gemini' });
      assert.equal(view([q, a], { chat: { archived: 4, summary: { text: 's', turns: 4 } }, archive: read }).archive!.divider, 'Archived: covered by the summary');
      assert.equal(
        view([q, a], { chat: { archived: 4, summary: { text: 's', turns: 2 } }, archive: read }).archive!.divider,
        'Archived: the first 2 covered by the summary, the other 2 not sent to Gemini',
      );
      // The live messages keep their own ids beside them.
      assert.deepEqual(
        view([q, a], { chat: { archived: 4 }, archive: read }).messages.map((m) => m.id),
        ['t0', 't1'],
      );
    });

    it('say plainly when the archive file is missing, damaged or short, and the chat goes on', () => {
      const missing = view([q, a], { chat: { archived: 4 }, archive: { messages: [], turns: 0 } });
      assert.deepEqual(missing.archive, { count: 4, error: 'The archive file is missing or empty: /storage/archive/chat-1.json.' });
      const damaged = view([q, a], { chat: { archived: 4 }, archive: { error: 'message 1 has no role (it must be "user" or "model")' } });
      assert.deepEqual(damaged.archive, {
        count: 4,
        error: 'The archive file could not be read: /storage/archive/chat-1.json. Message 1 has no role (it must be "user" or "model").',
      });
      assert.deepEqual(
        damaged.messages.map((m) => m.text),
        ['q', 'a'],
      );
      const messages = presentArchive({ history: [q, a] });
      const short = view([q, a], { chat: { archived: 4 }, archive: { messages, turns: 2 } });
      assert.equal(short.archive!.error, 'The archive file holds only 2 of the 4 archived messages: /storage/archive/chat-1.json.');
      assert.equal(short.archive!.messages, messages);
    });
  });
});
