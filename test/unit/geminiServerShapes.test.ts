// The shapes real recorded Gemini responses have (Gemini 1.5 to 3) that a plain answer does not:
// the local server sends each of them, as the REAL @google/generative-ai SDK and the raw bytes show.
import * as assert from 'node:assert/strict';
import { startFakeGemini } from '../gemini-server/server';
import type { FakeGemini, Reply } from '../gemini-server/server';
import { MODEL, modelOf, readAll, readUntilRejected, user } from '../support/sdkStreams';

/** The raw SSE body the server sends for `reply`. */
async function rawStream(server: FakeGemini, reply: Reply): Promise<string> {
  server.script(reply);
  const res = await fetch(`${server.url}/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, {
    method: 'POST',
    headers: { 'x-goog-api-key': 'k' },
    body: JSON.stringify({ contents: [user('hi')] }),
  });
  return res.text();
}

/** A candidate as sent, with the fields these tests read. */
interface SentCandidate {
  content?: { parts?: unknown[]; role?: string };
  finishMessage?: string;
  citationMetadata?: { citationSources: { uri: string }[] };
  groundingMetadata?: { groundingChunks: { web: { uri: string } }[] };
  urlContextMetadata?: { urlMetadata: { urlRetrievalStatus: string }[] };
  index?: number;
}

interface SentEvent {
  candidates?: SentCandidate[];
  responseId?: string;
  usageMetadata?: Record<string, unknown>;
  promptFeedback?: { blockReasonMessage?: string };
}

/** The parsed events of an SSE body. */
const events = (body: string) =>
  body
    .split('\r\n\r\n')
    .filter((e) => e.startsWith('data: '))
    .map((e) => JSON.parse(e.slice(6)) as SentEvent);

describe('local Gemini server: the shapes of real recorded responses', () => {
  let server: FakeGemini;
  before(async () => {
    server = await startFakeGemini();
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  it('streams thought summaries first, as parts with thought: true, and counts their tokens', async () => {
    server.script({ thoughts: ['**Reading**\n\nThe loop ', 'runs once too often.'], text: ['It is ', 'off by one.'] });
    const { chunks, response } = await readAll(await modelOf(server).generateContentStream('hi'));
    assert.deepEqual(
      chunks.map((c) => c.candidates![0]!.content.parts),
      [[{ text: '**Reading**\n\nThe loop ', thought: true }], [{ text: 'runs once too often.', thought: true }], [{ text: 'It is ' }], [{ text: 'off by one.' }]],
    );
    const usage = response.usageMetadata as unknown as Record<string, number>;
    assert.equal(usage.thoughtsTokenCount, 11);
    assert.equal(usage.totalTokenCount, usage.promptTokenCount! + usage.candidatesTokenCount! + 11);
  });

  it('sends function calls, the thought signature on the first call', async () => {
    server.script({ text: ['Let me look.'], functionCalls: [{ name: 'debugger_stack', args: { count: 5 } }, { name: 'debugger_state' }], thoughtSignature: 'c2lnbmF0dXJl' });
    const { chunks } = await readAll(await modelOf(server).generateContentStream('hi'));
    assert.deepEqual(chunks.at(-1)!.candidates![0]!.content.parts, [
      { functionCall: { name: 'debugger_stack', args: { count: 5 } }, thoughtSignature: 'c2lnbmF0dXJl' },
      { functionCall: { name: 'debugger_state', args: {} } },
    ]);
  });

  it('without calls, puts the signature on an empty text part of the last chunk', async () => {
    const [, last] = events(await rawStream(server, { text: ['a', 'b'], thoughtSignature: 'sig' }));
    assert.deepEqual(last!.candidates![0]!.content?.parts, [{ text: 'b' }, { text: '', thoughtSignature: 'sig' }]);
  });

  it('sends finishMessage beside the finish reason, and citation, grounding and url-context metadata', async () => {
    const sent = events(await rawStream(server, { text: ['a', 'b'], finishMessage: 'Finished successfully', citations: true, grounding: true, urlContext: true }));
    const [first, last] = sent.map((e) => e.candidates![0]!);
    assert.equal(last!.finishMessage, 'Finished successfully');
    assert.equal(first!.finishMessage, undefined);
    assert.ok(last!.citationMetadata?.citationSources[0]?.uri);
    assert.ok(first!.groundingMetadata?.groundingChunks[0]?.web.uri && last!.groundingMetadata);
    assert.equal(first!.urlContextMetadata?.urlMetadata[0]?.urlRetrievalStatus, 'URL_RETRIEVAL_STATUS_SUCCESS');
    assert.equal(last!.urlContextMetadata, undefined);
  });

  it('leaves out candidate indexes and response ids when asked, as some recordings do', async () => {
    const sent = events(await rawStream(server, { text: ['a', 'b'], withoutIndex: true, withoutResponseId: true }));
    assert.ok(sent.every((e) => !('responseId' in e) && !('index' in e.candidates![0]!)));
    const normal = events(await rawStream(server, { text: ['a', 'b'] }));
    assert.ok(normal.every((e) => typeof e.responseId === 'string' && e.candidates![0]!.index === 0));
  });

  it('sends a chunk whose content has no parts, or a candidate without content', async () => {
    const noParts = events(await rawStream(server, { text: ['a', 'b'], emptyChunk: 'contentWithoutParts' }));
    assert.deepEqual(noParts[1]!.candidates![0]!.content, { role: 'model' });
    const noContent = events(await rawStream(server, { text: ['a', 'b'], emptyChunk: 'candidateWithoutContent' }));
    assert.equal(noContent.length, 3);
    assert.equal('content' in noContent[1]!.candidates![0]!, false);
  });

  it('sends detailed usage: per-modality lists and tool-use prompt tokens', async () => {
    const sent = events(await rawStream(server, { text: ['a', 'b'], detailedUsage: true, usage: { toolUsePromptTokenCount: 619 } }));
    assert.deepEqual(sent[0]!.usageMetadata!.promptTokensDetails, [{ modality: 'TEXT', tokenCount: 1 }]);
    const final = sent[1]!.usageMetadata!;
    assert.deepEqual(final.candidatesTokensDetails, [{ modality: 'TEXT', tokenCount: 1 }]);
    assert.equal(final.toolUsePromptTokenCount, 619);
    assert.equal(final.totalTokenCount, 1 + 1 + 619);
  });

  it('sends a bare JSON error body after some events: the SDK fails with "Failed to parse stream"', async () => {
    const body = await rawStream(server, { fault: 'errorBodyAfterEvents', afterChunks: 1, status: 499, message: 'The operation was cancelled.', text: ['First ', 'never'] });
    const tail = body.slice(body.lastIndexOf('\r\n\r\n') + 4);
    assert.deepEqual(JSON.parse(tail), { error: { code: 499, message: 'The operation was cancelled.', status: 'CANCELLED' } });
    server.script({ fault: 'errorBodyAfterEvents', afterChunks: 1, status: 499, text: ['First ', 'never'] });
    assert.deepEqual(await readUntilRejected(await modelOf(server).generateContentStream('hi'), /Failed to parse stream/), ['First ']);
  });

  it('sends the last event without its blank line: the SDK loses it and fails with "Failed to parse stream"', async () => {
    const body = await rawStream(server, { fault: 'unterminatedLastEvent', text: ['Hello', ' world!'] });
    assert.ok(body.endsWith('}\r\n') && !body.endsWith('\r\n\r\n'));
    server.script({ fault: 'unterminatedLastEvent', text: ['Hello', ' world!'] });
    assert.deepEqual(await readUntilRejected(await modelOf(server).generateContentStream('hi'), /Failed to parse stream/), ['Hello']);
  });

  it("sends a blocked prompt's blockReasonMessage", async () => {
    const [event] = events(await rawStream(server, { blocked: 'SAFETY', blockReasonMessage: 'Reasons' }));
    assert.deepEqual(event!.promptFeedback?.blockReasonMessage, 'Reasons');
  });

  it('replays bytes exactly, in the pieces asked for, with the status and content type given', async () => {
    const text = 'data: {"candidates": [{"content": {"parts": [{"text": "秋风"}],"role": "model"},"finishReason": "STOP"}]}\r\n\r\n';
    const bytes = Buffer.from(text);
    // Cut inside the blank line and inside a three-byte character.
    const cut = bytes.indexOf(Buffer.from('秋')) + 1;
    server.script({ replay: bytes, pieces: [cut, 5, bytes.length - cut - 7] });
    const { response } = await readAll(await modelOf(server).generateContentStream('hi'));
    assert.equal(response.text(), '秋风');
    server.script({ replay: '<html>404</html>', status: 404, contentType: 'text/html' });
    const res = await fetch(`${server.url}/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'k' },
      body: JSON.stringify({ contents: [user('hi')] }),
    });
    assert.deepEqual([res.status, res.headers.get('content-type'), await res.text()], [404, 'text/html', '<html>404</html>']);
  });

  it('takes back an empty text part that carries a signature (the API does), but no part without data', async () => {
    server.script({ text: 'ok' }, { text: 'never' });
    const model = modelOf(server);
    await readAll(
      await model.generateContentStream({ contents: [user('q'), { role: 'model', parts: [{ text: 'a' }, { text: '', thoughtSignature: 's' } as never] }, user('next')] }),
    );
    await assert.rejects(model.generateContentStream({ contents: [user('q'), { role: 'model', parts: [{ text: '' }] }, user('next')] }), /required oneof field 'data'/);
  });
});
