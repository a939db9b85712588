// Sends one Reply over HTTP: streamed (SSE, or the JSON array without ?alt=sse) or unary.
// Faults are played here; timing goes through the server's `sleep` so close() can cut it short.
import type * as http from 'node:http';
import { answerBody, blockedBody, errorBody, finalUsage, jsonBody, partialUsage, splitWords, sseEvent } from './wire';
import type { AnswerMeta, ErrorSpec, FaultReply, Reply } from './wire';

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

/** streamGenerateContent: one event per chunk; finishReason and candidatesTokenCount on the last. */
export async function streamReply(res: http.ServerResponse, reply: Reply, meta: AnswerMeta, sse: boolean, t: Timing): Promise<void> {
  let events = 0;
  const event = (json: unknown) => write(res, sse ? sseEvent(json) : (events++ === 0 ? '[' : ',\r\n') + JSON.stringify(json, null, 2));
  const end = () => res.end(sse ? '' : events === 0 ? '[]' : '\n]');
  const start = () => {
    res.writeHead(200, sse ? SSE_HEADERS : JSON_HEADERS);
    res.flushHeaders();
  };

  if ('error' in reply) return sendError(res, reply.error, meta.model);
  if ('blocked' in reply) {
    start();
    await event(blockedBody(meta, reply.blocked));
    return void end();
  }
  const fault: FaultReply | undefined = 'fault' in reply ? reply : undefined;
  const text = reply.text ?? DEFAULT_FAULT_TEXT;
  const faultAt = fault && 'afterChunks' in fault ? Math.max(0, fault.afterChunks) : -1;
  const chunks = Array.isArray(text) ? text : splitWords(text, Math.max(3, faultAt + 1));
  const answer = chunks.join('');
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
    const usage = last ? finalUsage(meta, answer, usageOf(reply)) : partialUsage(meta, usageOf(reply));
    await event(answerBody(meta, chunks[i]!, usage, last ? finishReasonOf(reply) : undefined));
  }
  if (emptyFinal) await event(answerBody(meta, '', finalUsage(meta, answer, usageOf(reply)), 'STOP'));
  end();
}

/** generateContent: one JSON body. Faults map to what a unary call can show. */
export async function unaryReply(res: http.ServerResponse, reply: Reply, meta: AnswerMeta, t: Timing): Promise<void> {
  if ('error' in reply) return sendError(res, reply.error, meta.model);
  if ('blocked' in reply) return sendJson(res, 200, blockedBody(meta, reply.blocked));
  const fault: FaultReply | undefined = 'fault' in reply ? reply : undefined;
  await t.sleep(fault?.fault === 'slowFirstByte' || fault?.fault === 'stall' ? fault.ms : (reply.firstByteDelayMs ?? 0));
  if (!t.alive(res)) return;

  const text = reply.text ?? DEFAULT_FAULT_TEXT;
  const answer = Array.isArray(text) ? text.join('') : text;
  const body = jsonBody(answerBody(meta, answer, finalUsage(meta, answer, usageOf(reply)), finishReasonOf(reply)));
  switch (fault?.fault) {
    case 'errorInStream':
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
