// What the adapter and the chat make of the shapes real Gemini responses have (recorded from the
// API, Gemini 1.5 to 3; see test/fixtures/recordings): streams that end with data after the last
// whole event, thought summaries, parts other than text, HTML error pages, Gemini's own words
// about a block, and detailed usage. The real SDK against the local server, never a mock.
import assert from 'node:assert/strict';
import { ChatSession } from '../../src/core/chat/chatSession';
import { estimateTokens } from '../../src/core/chat/budget';
import { summaryRequest } from '../../src/core/chat/chatSummary';
import { exportChat, parseChatFile } from '../../src/core/chat/storedChat';
import { GeminiError } from '../../src/core/gemini/errors';
import { createGeminiClient } from '../../src/core/gemini/geminiClient';
import type { ModelAnswer } from '../../src/core/ports';
import type { Content, Part, PersistedChat } from '../../src/core/types';
import { presentChat } from '../../src/host/chatPresenter';
import { startFakeGemini, type FakeGemini, type Reply } from '../gemini-server/server';
import { MemoryStore } from '../support/memoryStore';

const history: Content[] = [{ role: 'user', parts: [{ text: 'Why does it crash?' }] }];
const viewContext = { hasApiKey: true, demo: false, model: 'm', maxRetries: 0 };

describe('wire fidelity: the shapes of real Gemini responses', () => {
  let server: FakeGemini;
  before(async () => {
    server = await startFakeGemini();
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  const client = () => createGeminiClient({ apiKey: 'k', model: 'gemini-2.5-flash', baseUrl: server.url, systemInstruction: '', timeoutMs: 5000 });

  async function answer(reply: Reply): Promise<{ answer: ModelAnswer; texts: string[]; thoughts: string[] }> {
    server.script(reply);
    const texts: string[] = [];
    const thoughts: string[] = [];
    const result = await client().stream({ history, signal: new AbortController().signal, onText: (t) => texts.push(t), onThought: (t) => thoughts.push(t) });
    return { answer: result, texts, thoughts };
  }

  async function failure(reply: Reply): Promise<GeminiError> {
    server.script(reply);
    const error = await client()
      .stream({ history, signal: new AbortController().signal, onText: () => undefined })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof GeminiError, `expected a GeminiError, got ${String(error)}`);
    return error;
  }

  function session(store = new MemoryStore()) {
    return new ChatSession({
      store,
      connect: () => Promise.resolve(client()),
      retryPolicy: () => ({ maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 }),
      tokenBudget: () => 1_000_000,
      listener: { changed: () => undefined, delta: () => undefined, saveFailed: (e) => assert.fail(String(e)) },
    });
  }

  describe('a stream that ends with data after its last whole event', () => {
    it('a last event without its blank line ends as a broken stream, keeping the text before it, with Retry', async () => {
      const error = await failure({ fault: 'unterminatedLastEvent', text: ['Hello', ' world!'] });
      assert.equal(error.kind, 'brokenStream');
      assert.equal(error.details.partialText, 'Hello');
      assert.ok(error.remedies.includes('retry'));
      assert.doesNotMatch(error.message, /unexpectedly/);
    });

    it('a bare JSON error body after some events ends as a broken stream, keeping the text before it, with Retry', async () => {
      const error = await failure({ fault: 'errorBodyAfterEvents', afterChunks: 2, status: 499, text: ['First ', 'Second ', 'never'] });
      assert.equal(error.kind, 'brokenStream');
      assert.equal(error.details.partialText, 'First Second ');
      assert.ok(error.remedies.includes('retry'));
    });

    it('an error event inside the stream ends as the server’s own error, with its status, keeping the text', async () => {
      const error = await failure({ fault: 'errorInStream', afterChunks: 1, status: 429, text: ['Half ', 'never'] });
      assert.equal(error.kind, 'rateLimited');
      assert.equal(error.details.status, 429);
      assert.equal(error.details.partialText, 'Half ');
    });

    it('in the chat, the partial answer is kept as broken off, and Retry asks again', async () => {
      const chat = session();
      server.script({ fault: 'errorBodyAfterEvents', afterChunks: 1, status: 503, text: ['Partial ', 'never'] }, { text: 'Whole answer.' });
      await chat.send('q');
      assert.equal(chat.lastError?.kind, 'brokenStream');
      assert.deepEqual(chat.history[1], { role: 'model', parts: [{ text: 'Partial ' }] });
      assert.equal(chat.answerInfo(1)?.incomplete, 'failed');
      const view = presentChat(chat, viewContext);
      assert.deepEqual(view.messages.at(-1)!.actions, ['retry']);
      await chat.retry();
      assert.deepEqual(chat.history[1], { role: 'model', parts: [{ text: 'Whole answer.' }] });
    });
  });

  describe('thought summaries (parts with thought: true)', () => {
    it('are never answer text: they stream apart, are kept as parts, and their tokens are counted', async () => {
      const { answer: result, texts, thoughts } = await answer({ thoughts: ['**Plan**\n\nCheck ', 'the loop.'], text: ['Off ', 'by one.'] });
      assert.equal(result.text, 'Off by one.');
      assert.deepEqual(texts, ['Off ', 'by one.']);
      assert.deepEqual(thoughts, ['**Plan**\n\nCheck ', 'the loop.']);
      assert.deepEqual(result.parts, [{ text: '**Plan**\n\nCheck the loop.', thought: true }, { text: 'Off by one.' }]);
      assert.equal(result.usage?.thoughtsTokenCount, 7);
    });

    it('are shown in a collapsed Thinking section of the answer, and in the token line', async () => {
      const chat = session();
      server.script({ thoughts: ['Thinking it over.'], text: 'The answer.' });
      await chat.send('q');
      const view = presentChat(chat, viewContext);
      assert.deepEqual(
        view.messages.map((m) => [m.role, m.text, m.thinking]),
        [
          ['user', 'q', undefined],
          ['model', 'The answer.', 'Thinking it over.'],
        ],
      );
      assert.equal(view.usage.lastThoughtsTokens, 5);
    });
  });

  describe('parts other than text', () => {
    const call: Part = { functionCall: { name: 'debugger_stack', args: { count: 5 } }, thoughtSignature: 'CiIBVKhc7vB+vaaq6rA' };

    it('are kept exactly as sent: function calls with their signature, and a signature on an empty text part', async () => {
      const { answer: withCall } = await answer({
        thoughts: ['Look at the stack.'],
        text: ['Let me look.'],
        functionCalls: [{ name: 'debugger_stack', args: { count: 5 } }],
        thoughtSignature: 'CiIBVKhc7vB+vaaq6rA',
      });
      assert.deepEqual(withCall.parts, [{ text: 'Look at the stack.', thought: true }, { text: 'Let me look.' }, call]);
      const { answer: signed } = await answer({ text: ['A', 'B'], thoughtSignature: 'sig' });
      assert.deepEqual(signed.parts, [{ text: 'AB' }, { text: '', thoughtSignature: 'sig' }]);
      assert.equal(signed.text, 'AB');
    });

    it('an answer that is only a function call is an answer, not an empty one', async () => {
      const { answer: result } = await answer({ text: [], functionCalls: [{ name: 'debugger_state' }] });
      assert.deepEqual(result.parts, [{ functionCall: { name: 'debugger_state', args: {} } }]);
      assert.equal(result.text, '');
    });

    it('are stored, survive a reload and an export and import, and go back to Gemini unchanged', async () => {
      const store = new MemoryStore();
      const first = session(store);
      server.script({ text: ['Let me look.'], functionCalls: [{ name: 'debugger_stack', args: { count: 5 } }], thoughtSignature: 'CiIBVKhc7vB+vaaq6rA' });
      await first.send('q');
      const model: Content = { role: 'model', parts: [{ text: 'Let me look.' }, call] };
      assert.deepEqual((store.value as PersistedChat).history[1], model);
      first.close();

      const reloaded = session(store);
      assert.deepEqual(reloaded.history[1], model);
      const imported = parseChatFile(exportChat(reloaded.snapshot()));
      assert.deepEqual(imported.history[1], model);

      server.reset();
      server.script({ text: 'ok' });
      const again = session(new MemoryStore());
      await again.reset(imported);
      await again.send('next');
      const [request] = await server.waitForRequests(1);
      assert.deepEqual(request!.body.contents[1], model, 'sent back exactly, signature included');
    });

    it('the view reads the answer text, the budget text and call data, and none of them a signature or a thought', () => {
      const big: Part = { ...call, functionCall: { name: 'debugger_stack', args: { filler: 'x'.repeat(4000) } } };
      const turns: Content[] = [
        { role: 'user', parts: [{ text: 'q' }] },
        { role: 'model', parts: [{ text: 'secret plan', thought: true }, { text: 'Look.' }, big] },
      ];
      assert.equal(estimateTokens(turns), Math.ceil(('qsecret planLook.'.length + JSON.stringify(big.functionCall).length) / 4));
      const summary = summaryRequest(undefined, turns)[0]!.parts[0]!.text!;
      assert.match(summary, /User: q\n\nGemini: Look\.\n\nGemini asked the debugger: debugger_stack/);
      assert.doesNotMatch(summary, /CiIBVKhc7vB|secret plan/);
      const view = presentChat({ chat: { version: 1, history: turns }, status: { state: 'idle' }, lastError: undefined, queued: [], busy: false, omittedTurns: 0 }, viewContext);
      assert.deepEqual(
        view.messages.map((m) => [m.role, m.text]),
        [
          ['user', 'q'],
          ['model', 'Look.'],
          ['tool', 'debugger_stack'],
        ],
      );
    });
  });

  describe('errors, blocks and usage in Gemini’s own words and numbers', () => {
    it('an HTML 404 says the base URL does not serve the Gemini API, not that the model is missing', async () => {
      const error = await failure({ replay: '<!DOCTYPE html>\n<title>Error 404 (Not Found)!!1</title>\n', status: 404, contentType: 'text/html; charset=UTF-8' });
      assert.equal(error.kind, 'wrongEndpoint');
      assert.match(error.message, /does not serve the Gemini API/);
      assert.doesNotMatch(error.message, /model/);
      assert.equal(error.details.setting, 'apiBaseUrl');
      assert.deepEqual(error.remedies, ['openSettings', 'retry']);
    });

    it('a JSON 404 still points at the model setting', async () => {
      const error = await failure({ error: { status: 404, message: 'models/gemini-0 is not found for API version v1beta' } });
      assert.equal(error.kind, 'modelNotFound');
    });

    it("a blocked answer shows Gemini's finishMessage", async () => {
      const error = await failure({ text: ['Here is'], finishReason: 'SAFETY', finishMessage: 'The response was blocked for harassment.' });
      assert.equal(error.kind, 'blocked');
      assert.match(error.message, /Gemini said: "The response was blocked for harassment\."/);
      assert.equal(error.details.partialText, 'Here is');
    });

    it("a blocked prompt shows Gemini's blockReasonMessage", async () => {
      const error = await failure({ blocked: 'SAFETY', blockReasonMessage: 'The prompt names a blocked term.' });
      assert.match(error.message, /refused the question \(SAFETY\)\. Gemini said: "The prompt names a blocked term\."/);
    });

    it('keeps only the numbers of usageMetadata, in the answer and in storage', async () => {
      const store = new MemoryStore();
      const chat = session(store);
      server.script({ text: 'ok', detailedUsage: true, usage: { toolUsePromptTokenCount: 619 } });
      await chat.send('q');
      const usage = (store.value as PersistedChat).answers?.[1]?.usage;
      assert.deepEqual(Object.keys(usage ?? {}).sort(), ['candidatesTokenCount', 'promptTokenCount', 'toolUsePromptTokenCount', 'totalTokenCount']);
      assert.ok(Object.values(usage!).every((n) => typeof n === 'number'));
    });
  });
});
