// Responses recorded from the real Gemini API (test/fixtures/recordings, from Google's public
// Firebase AI SDK test data; SOURCE.md says where and at which commit): how each is served by
// the local server, what it holds when read independently of the SDK, and the pieces a replay
// cuts it into.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplayReply } from '../gemini-server/server';
import { fixturesRoot } from '../support/paths';
import { prng } from '../support/prng';

export const RECORDINGS_DIR = join(fixturesRoot, 'recordings');

export interface Recording {
  /** `googleai/streaming-success-basic-reply-short.txt` */
  name: string;
  bytes: Buffer;
}

export function loadRecordings(): Recording[] {
  return ['googleai', 'vertexai'].flatMap((dir) =>
    readdirSync(join(RECORDINGS_DIR, dir))
      .sort()
      .map((file) => ({ name: `${dir}/${file}`, bytes: readFileSync(join(RECORDINGS_DIR, dir, file)) })),
  );
}

type Json = Record<string, unknown>;

/** A recorded GenerateContentResponse (or error body), as far as it is read here. */
interface RecordedResponse {
  candidates?: { content?: { parts?: unknown }; finishReason?: string }[];
  usageMetadata?: Json;
  error?: { code: number };
}

/** What a recording is on the wire: an HTML page, a JSON error body, a stream of events, or one unary response body. */
export type Wire = { kind: 'html' } | { kind: 'httpError'; status: number } | { kind: 'stream' } | { kind: 'unary'; body: RecordedResponse };

export function wireOf(recording: Recording): Wire {
  if (recording.name.endsWith('.html')) return { kind: 'html' };
  const text = recording.bytes.toString('utf8');
  if (text.trimStart().startsWith('data:')) return { kind: 'stream' };
  const body = JSON.parse(text) as RecordedResponse;
  return body.error ? { kind: 'httpError', status: body.error.code } : { kind: 'unary', body };
}

/**
 * How the local server sends it to a streaming request: streams and error bodies byte for byte
 * (with the error's own status), the HTML page as a 404, and a unary body as a stream of one
 * event (the one change made to a recording: we only ever stream).
 */
export function replayOf(recording: Recording, pieces?: number[]): ReplayReply {
  const wire = wireOf(recording);
  const withPieces = pieces ? { pieces } : {};
  switch (wire.kind) {
    case 'html':
      return { replay: recording.bytes, status: 404, contentType: 'text/html; charset=UTF-8', ...withPieces };
    case 'httpError':
      return { replay: recording.bytes, status: wire.status, contentType: 'application/json; charset=UTF-8', ...withPieces };
    case 'stream':
      return { replay: recording.bytes, ...withPieces };
    case 'unary':
      return { replay: `data: ${JSON.stringify(wire.body)}\r\n\r\n`, ...withPieces };
  }
}

/** What the recording holds, read without the SDK: the whole events only (an event counts once a blank line ends it). */
export interface Contents {
  /** Answer text: the text parts that are not thoughts, in order. */
  text: string;
  /** Thought summaries, joined. */
  thoughts: string;
  /** The kinds of the parts (`text`, `thought`, `functionCall`, …; consecutive text joined), and which carry a signature. */
  partKinds: string[];
  finishReason: string | undefined;
  /** The top-level numbers of the last usageMetadata. */
  usage: Record<string, number> | undefined;
  /** Data after the last whole event (a last event without its blank line, a JSON error body). */
  trailing: string;
}

export function contentsOf(recording: Recording): Contents {
  const wire = wireOf(recording);
  let events: RecordedResponse[] = [];
  let trailing = '';
  if (wire.kind === 'unary') events = [wire.body];
  else if (wire.kind === 'stream') ({ events, trailing } = splitEvents(recording.bytes.toString('utf8')));
  const contents: Contents = { text: '', thoughts: '', partKinds: [], finishReason: undefined, usage: undefined, trailing };
  const parts: Json[] = [];
  for (const event of events) {
    const candidate = event.candidates?.[0];
    parts.push(...(Array.isArray(candidate?.content?.parts) ? (candidate.content.parts as Json[]) : []));
    contents.finishReason = candidate?.finishReason ?? contents.finishReason;
    if (event.usageMetadata) contents.usage = numbers(event.usageMetadata);
  }
  for (const part of parts) {
    const kind = kindOf(part);
    const text = typeof part.text === 'string' ? part.text : '';
    if (kind?.startsWith('text')) contents.text += text;
    if (kind?.startsWith('thought')) contents.thoughts += text;
  }
  contents.partKinds = partKindsOf(parts);
  return contents;
}

/** The kinds of `parts` in order, text (and thoughts) that stream in pieces counted once. */
export function partKindsOf(parts: readonly Json[]): string[] {
  const kinds: string[] = [];
  for (const part of parts) {
    const kind = kindOf(part);
    if (kind && !(kinds.at(-1) === kind && (kind === 'text' || kind === 'thought'))) kinds.push(kind);
  }
  return kinds;
}

/** Events as the SSE framing delimits them: `data: …` then a blank line (\n\n, \r\r or \r\n\r\n). */
function splitEvents(text: string): { events: RecordedResponse[]; trailing: string } {
  const events: RecordedResponse[] = [];
  const event = /^data: (.*?)(?:\r\n\r\n|\n\n|\r\r)/s;
  let rest = text;
  for (let match = event.exec(rest); match; match = event.exec(rest)) {
    events.push(JSON.parse(match[1]!) as RecordedResponse);
    rest = rest.slice(match[0].length);
  }
  return { events, trailing: rest.trim() };
}

function kindOf(part: Json): string | undefined {
  const signed = typeof part.thoughtSignature === 'string' && part.thoughtSignature !== '';
  if (typeof part.text === 'string' && part.text !== '') return `${part.thought === true ? 'thought' : 'text'}${signed ? '+signature' : ''}`;
  const data = Object.keys(part).find(
    (key) => !['text', 'thought', 'thoughtSignature'].includes(key) && part[key] !== null && !(typeof part[key] === 'object' && Object.keys(part[key]).length === 0),
  );
  if (data) return `${data}${signed ? '+signature' : ''}`;
  return signed ? 'signature' : undefined;
}

function numbers(usage: Json): Record<string, number> | undefined {
  const result = Object.fromEntries(Object.entries(usage).flatMap(([key, n]) => (typeof n === 'number' ? [[key, n] as const] : [])));
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * Piece sizes for a replay in small random-sized pieces (1 to 16 bytes, seeded by the
 * recording's name), with cuts forced inside every blank line between events and inside every
 * multi-byte character, so that no boundary the SDK must join goes untested.
 */
export function piecesOf(recording: Recording): { pieces: number[]; cutsInSeparators: number; cutsInCharacters: number } {
  const bytes = recording.bytes;
  const cuts = new Set<number>();
  let cutsInSeparators = 0;
  let cutsInCharacters = 0;
  for (let i = 0; i + 1 < bytes.length; i++) {
    // Inside "\r\n\r\n" (after its first and third byte) or "\n\n".
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a && bytes[i + 2] === 0x0d && bytes[i + 3] === 0x0a) {
      cuts.add(i + 1).add(i + 3);
      cutsInSeparators++;
    } else if (bytes[i] === 0x0a && bytes[i + 1] === 0x0a) {
      cuts.add(i + 1);
      cutsInSeparators++;
    }
    // A UTF-8 lead byte of a multi-byte character: cut after it.
    if (bytes[i]! >= 0xc0) {
      cuts.add(i + 1);
      cutsInCharacters++;
    }
  }
  const random = prng(hash(recording.name));
  for (let at = 1 + random.int(16); at < bytes.length; at += 1 + random.int(16)) cuts.add(at);
  const sorted = [...cuts].filter((at) => at > 0 && at < bytes.length).sort((a, b) => a - b);
  const pieces = sorted.map((at, i) => at - (sorted[i - 1] ?? 0));
  return { pieces, cutsInSeparators, cutsInCharacters };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
