import assert from 'node:assert/strict';
import type { SessionStatus } from '../../src/core/chat/chatSession';
import { GeminiError } from '../../src/core/gemini/errors';
import type { AnswerInfo, Content } from '../../src/core/types';
import { presentChat } from '../../src/host/chatPresenter';

const context = { hasApiKey: true, demo: false, model: 'gemini-2.5-flash', maxRetries: 4, now: 1_000_000 };

function view(
  history: Content[],
  extra: { answers?: Record<number, AnswerInfo>; status?: SessionStatus; lastError?: GeminiError; queued?: string[]; busy?: boolean; omittedTurns?: number } = {},
) {
  return presentChat(
    {
      chat: { version: 1, history, ...(extra.answers ? { answers: extra.answers } : {}) },
      status: extra.status ?? { state: 'idle' },
      lastError: extra.lastError,
      queued: (extra.queued ?? []).map((text) => ({ text })),
      busy: extra.busy ?? false,
      omittedTurns: extra.omittedTurns ?? 0,
    },
    context,
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
    const last = view([q], { lastError: new GeminiError('modelNotFound', 'Model missing.', { setting: 'model' }) }).messages.at(-1)!;
    assert.deepEqual([last.role, last.text, last.actions], ['error', 'Model missing.', ['openSettings', 'retry']]);
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

  it('says when older turns were left out for the token budget', () => {
    assert.match(view([q, a, q], { omittedTurns: 2 }).notice!, /2 oldest messages were left out/);
    assert.equal(view([q, a]).notice, undefined);
  });
});
