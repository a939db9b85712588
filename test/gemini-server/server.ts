// A local Gemini-compatible server (node:http only) for unit, extension-host and UI tests, and
// the demo model behind `npm start`. It speaks the v1beta REST wire format closely enough that
// the real @google/generative-ai SDK behaves against it as against Google (see wire.ts).
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DEMO_MODELS, demoReply } from './demo';
import { listPage, type ListedModel } from './modelList';
import { sendError, sendJson, streamReply, unaryReply } from './respond';
import type { Timing } from './respond';
import { callKey, callsError, MESSAGES, promptTokens, validationError } from './wire';
import type { AnswerMeta, ErrorReply, RecordedRequest, Reply, RequestBody } from './wire';

export { DEMO_MODELS, demoReply } from './demo';
export type { ListedModel } from './modelList';
export type {
  BlockedReply,
  ErrorReply,
  ErrorSpec,
  FaultReply,
  RecordedRequest,
  ReplayReply,
  Reply,
  ReplyText,
  RequestBody,
  TextReply,
  Usage,
  WireContent,
  WirePart,
  WireShape,
} from './wire';

export interface FakeGeminiOptions {
  /** 0 (default) = any free port. The host is always 127.0.0.1. */
  port?: number;
  /** If set, any other key gets 400 API_KEY_INVALID. A missing key always gets 403 PERMISSION_DENIED. */
  validKeys?: string[];
  /** If set, any other model id gets 404 NOT_FOUND. */
  models?: string[];
  /** Answers generate/stream requests when no scripted reply is queued. Default: demoReply. */
  responder?: (req: RecordedRequest) => Reply;
  /** What GET /v1beta/models lists. Default: `models` as bare entries, or else the demo's models. */
  modelList?: ListedModel[];
  /** The model's input limit: a generate request whose prompt estimate is over it gets Gemini's 400 "input token count … exceeds the maximum". */
  maxInputTokens?: number;
}

/** What a countTokens request gets: a total, or an error. */
export type CountReply = number | ErrorReply;

export interface FakeGemini {
  /** 'http://127.0.0.1:PORT', no trailing slash: pass it to the SDK as `baseUrl`. */
  readonly url: string;
  readonly port: number;
  /** Every request in arrival order, countTokens and rejected ones included. */
  readonly requests: RecordedRequest[];
  /** Queues replies for the next generate/stream requests that pass key, model and body checks. */
  script(...replies: Reply[]): void;
  /** Queues replies for the next countTokens requests; without one the server counts as it estimates prompts. */
  scriptCount(...replies: CountReply[]): void;
  /** Queues errors for the next GET /v1beta/models requests (a page fails, the next may not). */
  scriptList(...replies: ErrorReply[]): void;
  /** Resolves with the generate/stream requests once at least `count` have arrived (default timeout 10 s). */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Clears recorded requests, queued replies and the signatures it sent. */
  reset(): void;
  /** Closes the server and destroys open sockets, stalled streams included. */
  close(): Promise<void>;
}

const PATH = /^\/(v1beta|v1alpha|v1)\/models\/([^/:]+):([A-Za-z]+)$/;
const LIST_PATH = /^\/(v1beta|v1alpha|v1)\/models$/;
const GENERATE_ACTIONS = new Set(['generateContent', 'streamGenerateContent']);
const ACTIONS = new Set([...GENERATE_ACTIONS, 'countTokens']);

interface Waiter {
  count: number;
  resolve(requests: RecordedRequest[]): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function record(req: http.IncomingMessage, raw: string): RecordedRequest {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const match = PATH.exec(url.pathname);
  const query = Object.fromEntries(url.searchParams);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  let body: RequestBody | undefined;
  try {
    // Recorded as parsed (validationError() checks that it is a generate request); not JSON: `json` is false.
    body = (raw.trim() === '' ? {} : JSON.parse(raw)) as RequestBody;
  } catch {
    body = undefined;
  }
  return {
    method: req.method ?? '',
    path: url.pathname,
    model: match ? decodeURIComponent(match[2]!) : '',
    action: match?.[3] ?? '',
    query,
    headers,
    apiKey: headers['x-goog-api-key'] || query.key || undefined,
    body: body ?? { contents: [] },
    json: body !== undefined,
  };
}

export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const responder = options.responder ?? demoReply;
  const requests: RecordedRequest[] = [];
  const queue: Reply[] = [];
  const countQueue: CountReply[] = [];
  const listQueue: ErrorReply[] = [];
  const listed =
    options.modelList ??
    (options.models ? options.models.map((id) => ({ name: `models/${id}`, displayName: id, supportedGenerationMethods: ['generateContent', 'countTokens'] })) : DEMO_MODELS);
  const waiters = new Set<Waiter>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let responseCount = 0;
  /** The thought signatures sent with calls, by call: Gemini 3 refuses a call sent back without its own. */
  const signatures = new Map<string, string>();

  const generateRequests = () => requests.filter((r) => GENERATE_ACTIONS.has(r.action));

  function notifyWaiters(): void {
    const seen = generateRequests();
    for (const waiter of waiters) {
      if (seen.length >= waiter.count) {
        clearTimeout(waiter.timer);
        waiters.delete(waiter);
        waiter.resolve([...seen]);
      }
    }
  }

  /** Resolves after `ms` (next turn of the event loop for 0); never for Infinity or after close(). */
  function sleep(ms: number): Promise<void> {
    if (!Number.isFinite(ms)) return new Promise(() => {});
    if (ms <= 0) return new Promise((resolve) => setImmediate(resolve));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  const timing: Timing = { sleep, alive: (res) => !closed && !res.destroyed };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rec = record(req, await readBody(req));
    requests.push(rec);
    if (GENERATE_ACTIONS.has(rec.action)) notifyWaiters();

    if (rec.method === 'GET' && LIST_PATH.test(rec.path)) {
      if (!rec.apiKey) return sendError(res, { status: 403, message: MESSAGES.unregisteredCaller });
      if (options.validKeys && !options.validKeys.includes(rec.apiKey)) return sendError(res, { status: 400, reason: 'API_KEY_INVALID' });
      const failure = listQueue.shift();
      if (failure) return sendError(res, failure.error);
      const page = listPage(listed, rec.query);
      return 'error' in page ? sendError(res, page.error) : sendJson(res, 200, page);
    }
    const version = PATH.exec(rec.path)?.[1];
    if (rec.method !== 'POST' || !version || !ACTIONS.has(rec.action)) {
      return sendError(res, { status: 404, message: MESSAGES.methodNotFound });
    }
    if (!rec.apiKey) return sendError(res, { status: 403, message: MESSAGES.unregisteredCaller });
    if (options.validKeys && !options.validKeys.includes(rec.apiKey)) {
      return sendError(res, { status: 400, reason: 'API_KEY_INVALID' });
    }
    if (options.models && !options.models.includes(rec.model)) {
      const method = rec.action === 'streamGenerateContent' ? 'generateContent' : rec.action;
      const message =
        `models/${rec.model} is not found for API version ${version}, or is not supported for ${method}. ` +
        'Call ListModels to see the list of available models and their supported methods.';
      return sendError(res, { status: 404, message });
    }
    if (!rec.json) return sendError(res, { status: 400, message: MESSAGES.invalidJson });
    if (rec.action === 'countTokens') {
      const counted = countQueue.shift() ?? promptTokens(rec.body);
      return typeof counted === 'number' ? sendJson(res, 200, { totalTokens: counted }) : sendError(res, counted.error);
    }
    const invalid = validationError(rec.body) ?? callsError(rec.body, signatures);
    if (invalid) return sendError(res, { status: 400, message: invalid });
    const prompt = promptTokens(rec.body);
    if (options.maxInputTokens !== undefined && prompt > options.maxInputTokens) {
      return sendError(res, { status: 400, message: MESSAGES.inputTooLong(prompt, options.maxInputTokens) });
    }

    const reply = queue.shift() ?? responder(rec);
    // The signature goes on the first call (respond.ts): it must come back on that call.
    const firstCall = 'functionCalls' in reply ? reply.functionCalls?.[0] : undefined;
    if (firstCall && 'thoughtSignature' in reply && reply.thoughtSignature) signatures.set(callKey(firstCall.name, firstCall.args), reply.thoughtSignature);
    const meta: AnswerMeta = {
      model: rec.model,
      responseId: `local-${(++responseCount).toString(36).padStart(6, '0')}`,
      promptTokenCount: prompt,
    };
    if (rec.action === 'streamGenerateContent') await streamReply(res, reply, meta, rec.query.alt === 'sse', timing);
    else await unaryReply(res, reply, meta, timing);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, { status: 500, message: `Local Gemini server: ${String(error)}` });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('error', () => {}); // clients that abort reset the connection
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    script(...replies: Reply[]) {
      queue.push(...replies);
    },
    scriptCount(...replies: CountReply[]) {
      countQueue.push(...replies);
    },
    scriptList(...replies: ErrorReply[]) {
      listQueue.push(...replies);
    },
    waitForRequests(count: number, timeoutMs = 10_000) {
      const seen = generateRequests();
      if (seen.length >= count) return Promise.resolve([...seen]);
      return new Promise<RecordedRequest[]>((resolve, reject) => {
        const waiter: Waiter = {
          count,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            const arrived = generateRequests().map((r) => `${r.action} ${r.model}`);
            reject(
              new Error(
                `waitForRequests(${count}): only ${arrived.length} generate/stream request(s) arrived within ${timeoutMs} ms` + (arrived.length ? ` (${arrived.join(', ')})` : ''),
              ),
            );
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
      countQueue.length = 0;
      listQueue.length = 0;
      signatures.clear();
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`waitForRequests(${waiter.count}): the server was closed`));
      }
      waiters.clear();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await done;
    },
  };
}
