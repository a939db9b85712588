// Sends one Reply over HTTP: streamed (SSE, or the JSON array without ?alt=sse) or unary.
// Faults are played here; timing goes through the server's `sleep` so close() can cut it short.
import type * as http from 'node:http';
import { answerBody, blockedBody, errorBody, finalUsage, jsonBody, partialUsage, splitWords, sseEvent, textPart } from './wire';
import type { AnswerMeta, ErrorSpec, FaultReply, ReplayReply, Reply, WireShape } from './wire';

export interface Timing {
  /** Resolves after `ms` (a later event-loop turn for 0); never for Infinity or once the server closes. */
  sleep(ms: number): Promise<void>;
  /** False once the client went away or the server closed. */
  alive(res: http.ServerResponse): boolean;
}

const DEFAULT_FAULT_TEXT = 'Partial answer from the local test server, cut short on purpose.';

const COMMON_HEADERS = {
  vary: 'Origin, X-Origin, Referer',
  server: 'scaffolding on HTTPServer2',
  'x-xss-protection': '0',
  'x-frame-options': 'SAMEORIGIN',
  'x-content-type-options': 'nosniff',
};
const JSON_HEADERS = { 'content-type': 'application/json; charset=UTF-8', ...COMMON_HEADERS };
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'content-disposition': 'attachment', ...COMMON_HEADERS };

export function sendJson(res: http.ServerResponse, status: number, json: unknown): void {
  res.writeHead(status, JSON_HEADERS);
  res.end(jsonBody(json));
}

export function sendError(res: http.ServerResponse, spec: ErrorSpec, model?: string): void {
  sendJson(res, spec.status, errorBody(spec, model));
}

/** Resolves once the data is handed to the socket, so a following destroy() does not lose it. */
function write(res: http.ServerResponse, text: string): Promise<void> {
  return new Promise((resolve) => res.write(text, () => resolve()));
}

const finishReasonOf = (reply: Reply) => ('finishReason' in reply && reply.finishReason) || 'STOP';
const usageOf = (reply: Reply) => ('usage' in reply ? reply.usage : undefined);
const shapeOf = (reply: Reply): WireShape => ('replay' in reply || 'error' in reply || 'blocked' in reply ? {} : reply);

/** One planned chunk: its parts (undefined: a candidate without content). */
interface PlannedChunk {
  parts: Record<string, unknown>[] | undefined;
}

/** The chunks of an answer: thoughts, then text, then function calls; the signature and an empty chunk where the shape puts them. */
function planChunks(texts: string[], shape: WireShape): PlannedChunk[] {
  const thoughts = shape.thoughts === undefined ? [] : Array.isArray(shape.thoughts) ? shape.thoughts : splitWords(shape.thoughts, 2);
  const chunks: PlannedChunk[] = [...thoughts.map((text) => ({ parts: [{ text, thought: true }] })), ...texts.map((text) => ({ parts: textPart(text) }))];
  const calls = (shape.functionCalls ?? []).map((call, i): Record<string, unknown> => ({
    functionCall: { name: call.name, args: call.args ?? {} },
    ...(i === 0 && shape.thoughtSignature ? { thoughtSignature: shape.thoughtSignature } : {}),
  }));
  if (calls.length > 0) chunks.push({ parts: calls });
  else if (shape.thoughtSignature) chunks.at(-1)?.parts?.push({ text: '', thoughtSignature: shape.thoughtSignature });
  if (shape.emptyChunk && chunks.length > 0) chunks.splice(chunks.length - 1, 0, { parts: shape.emptyChunk === 'contentWithoutParts' ? [] : undefined });
  return chunks;
}

/** streamGenerateContent: one event per chunk; finishReason and candidatesTokenCount on the last. */
export async function streamReply(res: http.ServerResponse, reply: Reply, meta: AnswerMeta, sse: boolean, t: Timing): Promise<void> {
  let events = 0;
  const encode = (json: unknown) => (sse ? sseEvent(json) : (events++ === 0 ? '[' : ',\r\n') + JSON.stringify(json, null, 2));
  const event = (json: unknown) => write(res, encode(json));
  const end = () => res.end(sse ? '' : events === 0 ? '[]' : '\n]');
  const start = () => {
    res.writeHead(200, sse ? SSE_HEADERS : JSON_HEADERS);
    res.flushHeaders();
  };

  if ('replay' in reply) return replay(res, reply, t);
  if ('error' in reply) return sendError(res, reply.error, meta.model);
  if ('blocked' in reply) {
    start();
    await event(blockedBody(meta, reply.blocked, reply.blockReasonMessage));
    return void end();
  }
  const fault: FaultReply | undefined = 'fault' in reply ? reply : undefined;
  const shape = shapeOf(reply);
  const text = reply.text ?? DEFAULT_FAULT_TEXT;
  const faultAt = fault && 'afterChunks' in fault ? Math.max(0, fault.afterChunks) : -1;
  const texts = Array.isArray(text) ? text : splitWords(text, Math.max(3, faultAt + 1));
  const answer = texts.join('');
  const thoughts = shape.thoughts === undefined ? '' : Array.isArray(shape.thoughts) ? shape.thoughts.join('') : shape.thoughts;
  const chunks = planChunks(texts, shape);
  const emptyFinal = fault?.fault === 'emptyFinalChunk';

  await t.sleep(fault?.fault === 'slowFirstByte' ? fault.ms : (reply.firstByteDelayMs ?? 0));
  if (!t.alive(res)) return;
  start();
  for (let i = 0; i <= chunks.length; i++) {
    if (fault && i === Math.min(faultAt, chunks.length)) {
      switch (fault.fault) {
        case 'disconnect':
          await t.sleep(0);
          return void res.socket?.destroy();
        case 'errorInStream':
          await event(errorBody({ status: fault.status }, meta.model));
          return void end();
        case 'errorBodyAfterEvents':
          await write(res, jsonBody(errorBody({ status: fault.status, ...(fault.message ? { message: fault.message } : {}) }, meta.model)));
          return void end();
        case 'malformedChunk':
          await write(res, sse ? 'data: {not json\r\n\r\n' : '{not json');
          return void end();
        case 'stall':
          await t.sleep(fault.ms);
          if (!t.alive(res)) return;
      }
    }
    if (i === chunks.length) break;
    if (i > 0) {
      await t.sleep(reply.chunkDelayMs ?? 0);
      if (!t.alive(res)) return;
    }
    const last = i === chunks.length - 1 && !emptyFinal;
    const usage = last ? finalUsage(meta, answer, usageOf(reply), shape, thoughts) : partialUsage(meta, usageOf(reply), shape);
    const body = answerBody(meta, chunks[i]!.parts, usage, { first: i === 0, ...(last ? { finishReason: finishReasonOf(reply) } : {}) }, shape);
    const encoded = encode(body);
    // The last event without its blank line: `data: {…}\r\n`.
    await write(res, last && fault?.fault === 'unterminatedLastEvent' ? encoded.replace(/\r\n$/, '') : encoded);
  }
  if (emptyFinal) await event(answerBody(meta, textPart(''), finalUsage(meta, answer, usageOf(reply)), { first: false, finishReason: 'STOP' }));
  end();
}

/** A recorded response, byte for byte, in the pieces asked for (each its own write, a turn of the event loop apart). */
async function replay(res: http.ServerResponse, reply: ReplayReply, t: Timing): Promise<void> {
  const bytes = typeof reply.replay === 'string' ? Buffer.from(reply.replay, 'utf8') : Buffer.from(reply.replay);
  res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'text/event-stream', ...COMMON_HEADERS });
  res.flushHeaders();
  let at = 0;
  for (const size of reply.pieces ?? []) {
    if (at >= bytes.length || !t.alive(res)) break;
    await writeBytes(res, bytes.subarray(at, at + size));
    at += size;
    await t.sleep(0);
  }
  if (at < bytes.length && t.alive(res)) await writeBytes(res, bytes.subarray(at));
  res.end();
}

function writeBytes(res: http.ServerResponse, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve) => res.write(bytes, () => resolve()));
}

/** generateContent: one JSON body. Faults map to what a unary call can show. */
export async function unaryReply(res: http.ServerResponse, reply: Reply, meta: AnswerMeta, t: Timing): Promise<void> {
  if ('replay' in reply) return replay(res, { ...reply, contentType: reply.contentType ?? JSON_HEADERS['content-type'] }, t);
  if ('error' in reply) return sendError(res, reply.error, meta.model);
  if ('blocked' in reply) return sendJson(res, 200, blockedBody(meta, reply.blocked, reply.blockReasonMessage));
  const fault: FaultReply | undefined = 'fault' in reply ? reply : undefined;
  await t.sleep(fault?.fault === 'slowFirstByte' || fault?.fault === 'stall' ? fault.ms : (reply.firstByteDelayMs ?? 0));
  if (!t.alive(res)) return;

  const shape = shapeOf(reply);
  const text = reply.text ?? DEFAULT_FAULT_TEXT;
  const answer = Array.isArray(text) ? text.join('') : text;
  const thoughts = shape.thoughts === undefined ? '' : Array.isArray(shape.thoughts) ? shape.thoughts.join('') : shape.thoughts;
  // One answer holds each kind of part once: the thoughts, the text, the calls.
  const parts = planChunks([answer], { ...shape, thoughts: thoughts ? [thoughts] : [], emptyChunk: undefined }).flatMap((chunk) => chunk.parts ?? []);
  const body = jsonBody(answerBody(meta, parts, finalUsage(meta, answer, usageOf(reply), shape, thoughts), { first: true, finishReason: finishReasonOf(reply) }, shape));
  switch (fault?.fault) {
    case 'errorInStream':
    case 'errorBodyAfterEvents':
      return sendError(res, { status: fault.status }, meta.model);
    case 'malformedChunk':
      res.writeHead(200, JSON_HEADERS);
      return void res.end('{not json');
    case 'disconnect':
      if (fault.afterChunks > 0) {
        res.writeHead(200, JSON_HEADERS);
        await write(res, body.slice(0, body.length >> 1));
      }
      return void res.socket?.destroy();
  }
  res.writeHead(200, JSON_HEADERS);
  res.end(body);
}
