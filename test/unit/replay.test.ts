// The replay suite: every response recorded from the real Gemini API in test/fixtures/recordings
// (streams, errors, unary bodies; Gemini 1.5 to 3) goes through the real SDK and our adapter,
// once byte for byte and once in small random-sized pieces cut inside event separators and
// multi-byte characters. Each must give the outcome in test/replay/expectations.ts, with the
// text, finish reason, usage and parts (or the kept partial text) the recording holds.
import assert from 'node:assert/strict';
import { GeminiError } from '../../src/core/gemini/errors';
import { createGeminiClient } from '../../src/core/gemini/geminiClient';
import type { ModelAnswer } from '../../src/core/ports';
import { startFakeGemini, type FakeGemini } from '../gemini-server/server';
import { EXPECTED } from '../replay/expectations';
import { contentsOf, loadRecordings, partKindsOf, piecesOf, replayOf, wireOf, type Recording } from '../replay/recordings';

const recordings = loadRecordings();

describe('replay of responses recorded from the real Gemini API', () => {
  let server: FakeGemini;
  const handled = new Map<string, number>();
  let cutsInSeparators = 0;
  let cutsInCharacters = 0;
  before(async () => {
    server = await startFakeGemini();
  });
  after(async () => {
    await server.close();
    const right = [...handled.values()].filter((modes) => modes === 2).length;
    console.log(`      recordings replayed: ${recordings.length} (byte for byte and in pieces), handled right: ${right}/${recordings.length}`);
  });
  beforeEach(() => server.reset());

  it('has an expected outcome for every recording, and a recording for every expected outcome', () => {
    assert.deepEqual(
      recordings.map((r) => r.name),
      [...EXPECTED.keys()].sort(),
    );
    assert.ok(recordings.length >= 100, `only ${recordings.length} recordings`);
  });

  async function replay(recording: Recording, pieces?: number[]) {
    server.script(replayOf(recording, pieces));
    const client = createGeminiClient({ apiKey: 'k', model: 'gemini-2.5-flash', baseUrl: server.url, systemInstruction: '', timeoutMs: 10_000 });
    const texts: string[] = [];
    const thoughts: string[] = [];
    try {
      const answer = await client.stream({
        history: [{ role: 'user', parts: [{ text: 'q' }] }],
        signal: new AbortController().signal,
        onText: (t) => texts.push(t),
        onThought: (t) => thoughts.push(t),
      });
      return { answer, texts, thoughts };
    } catch (error) {
      return { error, texts, thoughts };
    }
  }

  function check(recording: Recording, result: { answer?: ModelAnswer; error?: unknown; texts: string[]; thoughts: string[] }): void {
    const expected = EXPECTED.get(recording.name);
    assert.ok(expected, 'no expected outcome');
    const contents = contentsOf(recording);
    assert.equal(result.texts.join(''), contents.text, 'the answer text streamed to the view');
    assert.equal(result.thoughts.join(''), contents.thoughts, 'the thoughts streamed apart');
    if ('answer' in expected) {
      assert.ok(result.answer, `failed: ${String(result.error)}`);
      assert.equal(result.answer.finishReason, expected.answer);
      assert.equal(result.answer.text, contents.text);
      assert.deepEqual(partKindsOf(result.answer.parts), contents.partKinds);
      assert.deepEqual(result.answer.usage, contents.usage);
    } else {
      assert.ok(result.error instanceof GeminiError, `expected a ${expected.error} error, got ${result.answer ? 'an answer' : String(result.error)}`);
      assert.equal(result.error.kind, expected.error, result.error.message);
      const partial = wireOf(recording).kind === 'stream' || wireOf(recording).kind === 'unary' ? contents.text : '';
      assert.equal(result.error.details.partialText ?? '', partial, 'the partial text is kept');
      assert.ok(result.error.remedies.includes('retry'), 'Retry is offered');
      assert.doesNotMatch(result.error.message, /GoogleGenerativeAI|fetching from|\[\d{3} /, 'no raw SDK text');
    }
  }

  for (const recording of recordings) {
    it(`${recording.name}: byte for byte`, async () => {
      check(recording, await replay(recording));
      handled.set(recording.name, (handled.get(recording.name) ?? 0) + 1);
    });

    it(`${recording.name}: in small pieces`, async () => {
      const cut = piecesOf(recording);
      cutsInSeparators += cut.cutsInSeparators;
      cutsInCharacters += cut.cutsInCharacters;
      check(recording, await replay(recording, cut.pieces));
      handled.set(recording.name, (handled.get(recording.name) ?? 0) + 1);
    });
  }

  it('cut the recordings inside event separators and inside multi-byte characters', () => {
    assert.ok(cutsInSeparators > 100, `${cutsInSeparators} cuts inside separators`);
    assert.ok(cutsInCharacters > 100, `${cutsInCharacters} cuts inside multi-byte characters`);
  });
});
