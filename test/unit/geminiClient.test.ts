// The Gemini adapter against the local Gemini server, through the real SDK.
import assert from 'node:assert/strict';
import { GeminiError } from '../../src/core/gemini/errors';
import { createGeminiClient, type GeminiSettings } from '../../src/core/gemini/geminiClient';
import type { ModelAnswer } from '../../src/core/ports';
import type { Content } from '../../src/core/types';
import { startFakeGemini, type FakeGemini, type Reply } from '../gemini-server/server';
import { MESSAGES } from '../gemini-server/wire';

const history: Content[] = [
  { role: 'user', parts: [{ text: 'What is 2+2?' }] },
  { role: 'model', parts: [{ text: '4' }] },
  { role: 'user', parts: [{ text: 'And times 3?' }] },
];

describe('Gemini adapter (real SDK, local server)', () => {
  let server: FakeGemini;
  before(async () => {
    server = await startFakeGemini({ validKeys: ['good-key'], models: ['gemini-2.5-flash'] });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  function client(overrides: Partial<GeminiSettings> = {}) {
    return createGeminiClient({ apiKey: 'good-key', model: 'gemini-2.5-flash', baseUrl: server.url, systemInstruction: 'Be brief.', timeoutMs: 5000, ...overrides });
  }

  async function ask(reply: Reply | undefined, overrides: Partial<GeminiSettings> = {}, signal = new AbortController().signal) {
    if (reply) server.script(reply);
    const deltas: string[] = [];
    const answer = await client(overrides).stream({ history, signal, onText: (d) => deltas.push(d) });
    return { answer, deltas };
  }

  async function failure(reply: Reply, overrides: Partial<GeminiSettings> = {}): Promise<GeminiError> {
    try {
      await ask(reply, overrides);
    } catch (error) {
      assert.ok(error instanceof GeminiError, `expected a GeminiError, got ${String(error)}`);
      return error;
    }
    assert.fail('the request should have failed');
  }

  it('streams the answer in deltas and reports finish reason and usage', async () => {
    const { answer, deltas } = await ask({ text: ['Twelve', ', because ', '4 × 3 = 12.'], usage: { promptTokenCount: 21 } });
    assert.deepEqual(deltas, ['Twelve', ', because ', '4 × 3 = 12.']);
    assert.equal(answer.text, 'Twelve, because 4 × 3 = 12.');
    assert.equal(answer.finishReason, 'STOP');
    assert.equal(answer.usage?.promptTokenCount, 21);
    assert.ok((answer.usage?.candidatesTokenCount ?? 0) > 0);
  });

  it('sends the whole history, the system instruction, the generation config and the key', async () => {
    await ask({ text: 'ok' }, { temperature: 0.2, maxOutputTokens: 256, baseUrl: `${server.url}/` });
    const request = (await server.waitForRequests(1))[0]!;
    assert.equal(request.action, 'streamGenerateContent');
    assert.equal(request.query.alt, 'sse');
    assert.equal(request.apiKey, 'good-key');
    assert.deepEqual(request.body.contents, history);
    assert.deepEqual(request.body.systemInstruction?.parts, [{ text: 'Be brief.' }]);
    assert.deepEqual(request.body.generationConfig, { temperature: 0.2, maxOutputTokens: 256 });
  });

  it('does not touch the history it is given', async () => {
    const copy = structuredClone(history);
    await ask({ text: 'ok' });
    assert.deepEqual(history, copy);
  });

  it('returns a MAX_TOKENS answer with its text', async () => {
    const { answer } = await ask({ text: ['cut', ' off'], finishReason: 'MAX_TOKENS' });
    assert.deepEqual([answer.text, answer.finishReason], ['cut off', 'MAX_TOKENS'] satisfies [string, ModelAnswer['finishReason']]);
  });

  const cases: [string, Reply, { kind: GeminiError['kind']; remedies?: string[]; retryAfterMs?: number; says?: RegExp }][] = [
    ['a bad key', { error: { status: 400, reason: 'API_KEY_INVALID' } }, { kind: 'invalidApiKey', remedies: ['setApiKey', 'retry'], says: /Set API Key/ }],
    [
      'a bad request',
      { error: { status: 400, message: 'Request contains an invalid argument.' } },
      { kind: 'badRequest', says: /Gemini said: "Request contains an invalid argument\."/ },
    ],
    ['a forbidden key', { error: { status: 403 } }, { kind: 'permissionDenied', remedies: ['setApiKey', 'retry'] }],
    [
      'a per-minute rate limit with RetryInfo',
      { error: { status: 429, retryDelay: '15s', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' } },
      { kind: 'rateLimited', retryAfterMs: 15_000 },
    ],
    ['a rate limit without RetryInfo', { error: { status: 429 } }, { kind: 'rateLimited', retryAfterMs: undefined }],
    [
      'a per-day quota',
      { error: { status: 429, retryDelay: '30s', quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' } },
      { kind: 'quotaExhausted', says: /today's Gemini quota/ },
    ],
    [
      'an input over the limit of the model',
      { error: { status: 400, message: MESSAGES.inputTooLong(1234567, 1048576) } },
      { kind: 'tooLong', remedies: ['openSettings', 'retry'], says: /Gemini counted 1,234,567 input tokens, and the model takes at most 1,048,576\..*contextTokenBudget/ },
    ],
    ['an internal error', { error: { status: 500 } }, { kind: 'serverError' }],
    ['an overloaded model', { error: { status: 503 } }, { kind: 'overloaded' }],
    ['a deadline', { error: { status: 504 } }, { kind: 'deadlineExceeded', says: /shorter question/ }],
    ['a blocked prompt', { blocked: 'SAFETY' }, { kind: 'blocked', says: /refused the question \(SAFETY\)/ }],
    ['an answer stopped for safety', { text: ['Here is'], finishReason: 'SAFETY' }, { kind: 'blocked' }],
    ['an error object inside the stream', { fault: 'errorInStream', afterChunks: 1, status: 500, text: ['Partial ', 'rest'] }, { kind: 'serverError' }],
    ['a malformed chunk', { fault: 'malformedChunk', afterChunks: 1, text: ['Partial ', 'rest'] }, { kind: 'brokenStream' }],
    ['a dropped connection', { fault: 'disconnect', afterChunks: 1, text: ['Partial ', 'rest'] }, { kind: 'brokenStream' }],
    ['an empty final chunk and no text', { text: [''] }, { kind: 'emptyAnswer' }],
    ['a thinking model that used the whole output limit', { text: [''], finishReason: 'MAX_TOKENS' }, { kind: 'emptyAnswer', says: /maxOutputTokens/ }],
  ];
  for (const [what, reply, expected] of cases) {
    it(`turns ${what} into a ${expected.kind} error in plain words`, async () => {
      const error = await failure(reply);
      assert.equal(error.kind, expected.kind);
      assert.doesNotMatch(error.message, /GoogleGenerativeAI|fetching from|\[\d{3}/, 'no raw SDK text reaches the user');
      if (expected.says) assert.match(error.message, expected.says);
      if (expected.remedies) assert.deepEqual(error.remedies, expected.remedies);
      if ('retryAfterMs' in expected) assert.equal(error.details.retryAfterMs, expected.retryAfterMs);
    });
  }

  it('keeps the text that streamed before a mid-stream failure', async () => {
    const error = await failure({ fault: 'disconnect', afterChunks: 2, text: ['one ', 'two ', 'three'] });
    assert.equal(error.details.partialText, 'one two ');
  });

  it('offers Choose Model for an unknown model', async () => {
    const error = await failure({ text: 'unused' }, { model: 'gemini-0-nope' });
    assert.equal(error.kind, 'modelNotFound');
    assert.equal(error.details.setting, 'model');
    assert.deepEqual(error.remedies, ['chooseModel', 'retry']);
    assert.match(error.message, /"gemini-0-nope" was not found/);
  });

  it('says where it could not connect for a server that is not there', async () => {
    const error = await failure({ text: 'unused' }, { baseUrl: 'http://127.0.0.1:9' });
    assert.equal(error.kind, 'network');
    assert.match(error.message, /Could not reach Gemini at http:\/\/127\.0\.0\.1:9/);
    assert.equal(error.details.setting, 'apiBaseUrl');
  });

  it('times out a stalled stream with its own timer and keeps the partial text', async () => {
    const error = await failure({ fault: 'stall', afterChunks: 1, ms: Infinity, text: ['started ', 'never'] }, { timeoutMs: 300 });
    assert.equal(error.kind, 'timeout');
    assert.equal(error.details.partialText, 'started ');
    assert.equal(error.details.setting, 'requestTimeoutSeconds');
  });

  it('is cancelled by its signal mid-stream, keeping what arrived', async () => {
    server.script({ text: ['first ', 'second ', 'third'], chunkDelayMs: 200 });
    const controller = new AbortController();
    const stream = client().stream({ history, signal: controller.signal, onText: () => controller.abort() });
    await assert.rejects(stream, (e: unknown) => e instanceof GeminiError && e.kind === 'cancelled' && e.details.partialText === 'first ');
  });

  it("counts a history's tokens with Gemini's countTokens, system instruction included", async () => {
    const counted = await client().countTokens(history);
    const request = server.requests.at(-1)!;
    assert.equal(request.action, 'countTokens');
    assert.deepEqual(request.body.generateContentRequest?.contents, history);
    // The server's estimate: a token per four characters of the contents and the instruction.
    assert.equal(counted, Math.ceil('What is 2+2?4And times 3?Be brief.'.length / 4));
    server.scriptCount(123_456);
    assert.equal(await client().countTokens(history), 123_456);
  });

  it('turns a failed countTokens into a GeminiError', async () => {
    server.scriptCount({ error: { status: 503 } });
    await assert.rejects(client().countTokens(history), (e: unknown) => e instanceof GeminiError && e.kind === 'overloaded');
    await assert.rejects(client({ apiKey: 'bad-key' }).countTokens(history), (e: unknown) => e instanceof GeminiError && e.kind === 'invalidApiKey');
  });

  it('does not send at all with an already-aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(client().stream({ history, signal: controller.signal, onText: () => undefined }), (e: unknown) => e instanceof GeminiError && e.kind === 'cancelled');
    assert.equal(server.requests.length, 0);
    await assert.rejects(client().countTokens(history, controller.signal), (e: unknown) => e instanceof GeminiError && e.kind === 'cancelled');
    assert.equal(server.requests.length, 0);
  });
});
