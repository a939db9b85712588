// Broken streams from the local Gemini server, as the REAL @google/generative-ai SDK sees them:
// the same faults a flaky network or Google's own stream errors produce.
import * as assert from 'node:assert/strict';
import { GoogleGenerativeAIAbortError, GoogleGenerativeAIError, GoogleGenerativeAIResponseError, HarmProbability } from '@google/generative-ai';
import { startFakeGemini } from '../gemini-server/server';
import type { FakeGemini } from '../gemini-server/server';
import { MODEL, modelOf, readAll, readUntilRejected, user } from '../support/sdkStreams';

describe('local Gemini server, through the real SDK: streaming faults', () => {
  let server: FakeGemini;
  before(async () => {
    server = await startFakeGemini();
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  it('sends SSE: text/event-stream, data: <json>\\r\\n\\r\\n events, no [DONE]', async () => {
    server.script({ text: ['a', 'b'] });
    const res = await fetch(`${server.url}/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'k' },
      body: JSON.stringify({ contents: [user('hi')] }),
    });
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    const events = (await res.text()).split('\r\n\r\n');
    assert.equal(events.pop(), '', 'ends with a blank line');
    assert.equal(events.length, 2);
    assert.ok(events.every((e) => e.startsWith('data: {') && !e.includes('\n')));
    assert.ok(!events.some((e) => e.includes('[DONE]')));
  });

  it('disconnect: chunks before it arrive, then the stream and response reject', async () => {
    server.script({ fault: 'disconnect', afterChunks: 2, text: ['one ', 'two ', 'three'] });
    const seen = await readUntilRejected(await modelOf(server).generateContentStream('hi'), /Error reading from the stream/);
    assert.deepEqual(seen, ['one ', 'two ']);
  });

  it('errorInStream: the SDK silently yields the {"error"} event as an EMPTY chunk and resolves without finishReason', async () => {
    server.script({ fault: 'errorInStream', afterChunks: 1, status: 503, text: ['before ', 'never'] });
    const { chunks, texts, response } = await readAll(await modelOf(server).generateContentStream('hi'));
    assert.deepEqual(texts, ['before ', '']);
    assert.equal((chunks[1] as unknown as { error: { status: string } }).error.status, 'UNAVAILABLE');
    assert.equal(response.text(), 'before ');
    assert.equal(response.candidates![0]!.finishReason, undefined);
  });

  it('malformedChunk: the stream rejects with a JSON parse error', async () => {
    server.script({ fault: 'malformedChunk', afterChunks: 1, text: ['ok ', 'lost'] });
    const seen = await readUntilRejected(await modelOf(server).generateContentStream('hi'), /Error parsing JSON response/);
    assert.deepEqual(seen, ['ok ']);
  });

  it('emptyFinalChunk: last chunk is text "" with STOP; text() is whole but ChatSession drops the turn', async () => {
    server.script({ fault: 'emptyFinalChunk', text: ['Whole ', 'answer.'] });
    const chat = modelOf(server).startChat();
    const { chunks, response } = await readAll(await chat.sendMessageStream('hi'));
    const last = chunks[chunks.length - 1]!;
    assert.equal(last.text(), '');
    assert.equal(last.candidates![0]!.finishReason, 'STOP');
    assert.equal(response.text(), 'Whole answer.');
    assert.equal((await chat.getHistory()).length, 0);
  });

  it('stall: the stream pauses, then finishes', async () => {
    server.script({ fault: 'stall', afterChunks: 1, ms: 60, text: ['a', 'b'] });
    const started = Date.now();
    const { response } = await readAll(await modelOf(server).generateContentStream('hi'));
    assert.equal(response.text(), 'ab');
    assert.ok(Date.now() - started >= 55, 'did not pause');
  });

  it('stall forever + AbortSignal: abort ends the stream (a plain "Error reading from the stream")', async () => {
    server.script({ fault: 'stall', afterChunks: 1, ms: Infinity, text: ['first ', 'never'] });
    const controller = new AbortController();
    const result = await modelOf(server).generateContentStream('hi', { signal: controller.signal });
    result.response.catch(() => {});
    const iterator = result.stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    assert.equal(first.done ? undefined : first.value.text(), 'first ');
    setTimeout(() => controller.abort(), 10);
    const error = await iterator.next().then(
      () => assert.fail('the stream went on after abort'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof GoogleGenerativeAIError && !(error instanceof GoogleGenerativeAIAbortError));
    assert.match(error.message, /Error reading from the stream/);
  });

  it('slowFirstByte + abort before the headers -> GoogleGenerativeAIAbortError', async () => {
    server.script({ fault: 'slowFirstByte', ms: Infinity });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(modelOf(server).generateContentStream('hi', { signal: controller.signal }), (e: unknown) => e instanceof GoogleGenerativeAIAbortError);
  });

  it('blocked prompt: promptFeedback.blockReason, no candidates, text() throws', async () => {
    server.script({ blocked: 'SAFETY' });
    const { texts, response } = await readAll(await modelOf(server).generateContentStream('hi'));
    assert.deepEqual(texts, [null], 'one chunk, whose text() throws');
    assert.equal(response.promptFeedback?.blockReason, 'SAFETY');
    assert.equal(response.candidates, undefined);
    assert.throws(
      () => response.text(),
      (e: unknown) => e instanceof GoogleGenerativeAIResponseError && /blocked due to SAFETY/.test(e.message),
    );
  });

  it('finishReason SAFETY: the candidate has safetyRatings and text() throws', async () => {
    server.script({ text: 'unsafe', finishReason: 'SAFETY' });
    const { response } = await modelOf(server).generateContent('hi');
    assert.ok(response.candidates![0]!.safetyRatings!.some((r) => r.probability === HarmProbability.HIGH));
    assert.throws(() => response.text(), /Candidate was blocked due to SAFETY/);
  });

  it('close() with a stalled stream open does not wait for it, and the client stream fails', async () => {
    const own = await startFakeGemini();
    own.script({ fault: 'stall', afterChunks: 1, ms: Infinity, text: ['x', 'y'] });
    const result = await modelOf(own).generateContentStream('hi');
    result.response.catch(() => {});
    const iterator = result.stream[Symbol.asyncIterator]();
    await iterator.next();
    // The stream stalls forever: were close() to wait for it, this would never resolve.
    await own.close();
    await assert.rejects(iterator.next(), /Error reading from the stream/);
  });
});
