// What the Gemini REST API (v1beta) puts on the wire: reply types, response and error bodies,
// token estimates and request validation. Pure functions, no I/O; server.ts does the sending.

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. `/v1beta/models/gemini-2.5-flash:streamGenerateContent`. */
  path: string;
  /** Model id without `models/`, e.g. `gemini-2.5-flash`; '' when the path is not a model call. */
  model: string;
  action: 'generateContent' | 'streamGenerateContent' | 'countTokens' | (string & {});
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** From `x-goog-api-key` (or `?key=`); an empty value counts as missing. */
  apiKey: string | undefined;
  /** The parsed JSON body, typed as a generate request for the tests that read it (validationError says whether it is one). */
  body: RequestBody;
  /** False when the body was not JSON (`body` is then undefined). */
  json: boolean;
}

/** A part as a client sent it. */
export interface WirePart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  functionCall?: { name: string; args?: Record<string, unknown> };
  functionResponse?: { name: string; response: Record<string, unknown> };
  [field: string]: unknown;
}

export interface WireContent {
  role?: string;
  parts: WirePart[];
}

/** The body of a generate (or countTokens) request. */
export interface RequestBody {
  contents: WireContent[];
  systemInstruction?: { parts: WirePart[] };
  generationConfig?: Record<string, unknown>;
  tools?: unknown[];
  toolConfig?: unknown;
  generateContentRequest?: RequestBody;
}

export interface Usage {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
  promptTokensDetails?: { modality: string; tokenCount: number }[];
  candidatesTokensDetails?: { modality: string; tokenCount: number }[];
  toolUsePromptTokensDetails?: { modality: string; tokenCount: number }[];
}

/** A string[] is streamed one element per SSE event; a string is split into a few chunks of words. */
export type ReplyText = string | string[];

interface Pacing {
  /** Pause between streamed chunks (default 0: each chunk is still a separate write). */
  chunkDelayMs?: number;
  /** Pause before the response headers are sent. */
  firstByteDelayMs?: number;
}

/** Shapes of a response that the real API (recorded, Gemini 1.5 to 3) sends and a plain answer does not. */
export interface WireShape {
  /** Thought summaries streamed before the answer: parts with `thought: true` (one chunk per element, or a few for a string). */
  thoughts?: ReplyText;
  /** Function calls streamed after the text, all parts of one chunk. */
  functionCalls?: { name: string; args?: Record<string, unknown> }[];
  /** An opaque signature: on the first function call's part, else on an empty text part of the last chunk (as Gemini 2.5 and 3 send it). */
  thoughtSignature?: string;
  /** `finishMessage` beside the last chunk's finishReason. */
  finishMessage?: string;
  /** citationMetadata on the last candidate with text. */
  citations?: boolean;
  /** groundingMetadata (search queries, chunks, supports) on every candidate. */
  grounding?: boolean;
  /** urlContextMetadata on the first candidate. */
  urlContext?: boolean;
  /** Candidates without `index`, chunks without `responseId`. */
  withoutIndex?: boolean;
  withoutResponseId?: boolean;
  /** One chunk just before the last whose candidate has content without parts, or no content at all. */
  emptyChunk?: 'contentWithoutParts' | 'candidateWithoutContent';
  /** promptTokensDetails and candidatesTokensDetails (per-modality lists) in usageMetadata. */
  detailedUsage?: boolean;
}

/** A normal answer. `finishReason` defaults to 'STOP'; `usage` overrides the estimated counts. */
export interface TextReply extends Pacing, WireShape {
  text: ReplyText;
  finishReason?: string;
  usage?: Usage;
}

export interface ErrorSpec {
  /** HTTP status; the API status name (RESOURCE_EXHAUSTED, …) follows from it. */
  status: number;
  message?: string;
  /** e.g. '15s': adds google.rpc.RetryInfo. */
  retryDelay?: string;
  /** e.g. 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier': adds QuotaFailure and Help. */
  quotaId?: string;
  /** ErrorInfo reason, e.g. 'API_KEY_INVALID'. */
  reason?: string;
}

/** An HTTP error response with Google's JSON error body. */
export interface ErrorReply {
  error: ErrorSpec;
}

/** The prompt is blocked: `promptFeedback.blockReason`, no candidates. */
export interface BlockedReply {
  blocked: 'SAFETY' | 'OTHER' | 'BLOCKLIST' | 'PROHIBITED_CONTENT' | (string & {});
  /** promptFeedback.blockReasonMessage: Gemini's own words about the block. */
  blockReasonMessage?: string;
}

/**
 * Bytes exactly as given (a recorded response), with this status and content type (default 200,
 * text/event-stream), written in pieces of these byte lengths (the rest in one write).
 */
export interface ReplayReply {
  replay: string | Uint8Array;
  status?: number;
  contentType?: string;
  pieces?: number[];
}

/**
 * Broken streams. `afterChunks` counts the chunks (thoughts, text, calls) sent before the fault. `text` (optional)
 * is the answer the stream carries until the fault.
 */
export type FaultReply = Pacing &
  WireShape & { text?: ReplyText } & (
    | { fault: 'disconnect'; afterChunks: number }
    | { fault: 'errorInStream'; afterChunks: number; status: number }
    /** A bare JSON error body (not an SSE event) after `afterChunks` events, as the API sends when it fails part-way. */
    | { fault: 'errorBodyAfterEvents'; afterChunks: number; status: number; message?: string }
    /** The last event without its blank line. */
    | { fault: 'unterminatedLastEvent' }
    | { fault: 'malformedChunk'; afterChunks: number }
    | { fault: 'emptyFinalChunk' }
    /** Pause `ms` after `afterChunks` chunks, then finish normally; `Infinity` never continues. */
    | { fault: 'stall'; afterChunks: number; ms: number }
    | { fault: 'slowFirstByte'; ms: number }
  );

export type Reply = TextReply | ErrorReply | BlockedReply | FaultReply | ReplayReply;

// ---------------------------------------------------------------------------------------------
// Errors

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export const MESSAGES = {
  apiKeyInvalid: 'API key not valid. Please pass a valid API key.',
  unregisteredCaller:
    "Method doesn't allow unregistered callers (callers without established identity). " + 'Please use API Key or other form of API consumer identity to call this API.',
  methodNotFound: 'Method not found.',
  alternate: 'Please ensure that multiturn requests alternate between user and model.',
  firstTurnUser: 'Please ensure that multiturn requests start with a user turn.',
  validRole: 'Please use a valid role: user, model.',
  contentsMissing: '* GenerateContentRequest.contents: contents is not specified\n',
  invalidJson: 'Invalid JSON payload received. Unexpected token.',
  quotaExceeded:
    'You exceeded your current quota, please check your plan and billing details. ' +
    'For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
  responseCount: 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.',
  callTurnOrder: 'Please ensure that function call turn comes immediately after a user turn or after a function response turn.',
  responseTurnOrder: 'Please ensure that function response turn comes immediately after a function call turn.',
  /** A request over the model's input limit (400 INVALID_ARGUMENT), word for word as Gemini sends it. */
  inputTooLong: (count: number, max: number) => `The input token count (${count}) exceeds the maximum number of tokens allowed (${max}).`,
  /** Gemini 3 with thinking: a call sent back without the signature it came with. */
  missingSignature: (name: string, position: number) =>
    `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${position}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
};

function defaultMessage(spec: ErrorSpec): string {
  if (spec.reason === 'API_KEY_INVALID') return MESSAGES.apiKeyInvalid;
  switch (spec.status) {
    case 400:
      return 'Request contains an invalid argument.';
    case 401:
      return 'Request had invalid authentication credentials.';
    case 403:
      return 'The caller does not have permission';
    case 404:
      return 'Requested entity was not found.';
    case 429:
      return spec.quotaId ? MESSAGES.quotaExceeded : 'Resource has been exhausted (e.g. check quota).';
    case 500:
      return 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting';
    case 503:
      return 'The model is overloaded. Please try again later.';
    case 504:
      return 'Deadline expired before operation could complete.';
    default:
      return 'Unknown error.';
  }
}

const SERVICE = 'generativelanguage.googleapis.com';

/** `{"error":{code, message, status, details?}}` exactly as Google shapes it. */
export function errorBody(spec: ErrorSpec, model = 'gemini-2.5-flash'): { error: Record<string, unknown> } {
  const details: Record<string, unknown>[] = [];
  if (spec.reason) {
    details.push({
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: spec.reason,
      domain: 'googleapis.com',
      metadata: { service: SERVICE },
    });
  }
  if (spec.reason === 'API_KEY_INVALID') {
    details.push({ '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: MESSAGES.apiKeyInvalid });
  }
  if (spec.quotaId) {
    const tokens = /token/i.test(spec.quotaId);
    details.push({
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [
        {
          quotaMetric: `${SERVICE}/generate_content_free_tier_${tokens ? 'input_token_count' : 'requests'}`,
          quotaId: spec.quotaId,
          quotaDimensions: { location: 'global', model },
          quotaValue: tokens ? '250000' : /PerDay/.test(spec.quotaId) ? '250' : '10',
        },
      ],
    });
    details.push({
      '@type': 'type.googleapis.com/google.rpc.Help',
      links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }],
    });
  }
  if (spec.retryDelay) {
    details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: spec.retryDelay });
  }
  const error: Record<string, unknown> = {
    code: spec.status,
    message: spec.message ?? defaultMessage(spec),
    status: STATUS_NAMES[spec.status] ?? 'UNKNOWN',
  };
  if (details.length > 0) error.details = details;
  return { error };
}

// ---------------------------------------------------------------------------------------------
// Tokens

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);

/** All `parts[].text` of a Content or Content[] (anything else is ignored). */
function textsOf(value: unknown): string[] {
  const contents = Array.isArray(value) ? (value as unknown[]) : value ? [value] : [];
  return contents.flatMap((content) => listOf(isJson(content) ? content.parts : undefined).map((p) => (isJson(p) && typeof p.text === 'string' ? p.text : '')));
}

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Prompt estimate: contents + systemInstruction. Accepts a countTokens body too. */
export function promptTokens(body: unknown): number {
  const outer = isJson(body) ? body : {};
  const request = isJson(outer.generateContentRequest) ? outer.generateContentRequest : outer;
  return estimateTokens([...textsOf(request.contents), ...textsOf(request.systemInstruction)].join(''));
}

// ---------------------------------------------------------------------------------------------
// Validation, as the API does it (the SDK does not check what it sends)

const DATA_FIELDS = ['inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult'];

function partHasData(part: unknown): boolean {
  if (!isJson(part)) return false;
  if (typeof part.text === 'string' && part.text !== '') return true;
  // Gemini sends a signature on an empty text part, and takes it back so.
  if (typeof part.thoughtSignature === 'string' && part.thoughtSignature !== '') return true;
  return DATA_FIELDS.some((field) => part[field] !== null && part[field] !== undefined);
}

const partsOf = (content: unknown): unknown[] => listOf(isJson(content) ? content.parts : undefined);
const isCallPart = (part: unknown) => isJson(part) && isJson(part.functionCall);
const isResponsePart = (part: unknown) => isJson(part) && isJson(part.functionResponse);

/**
 * The 400 message the real API gives when the calls of a request are not answered as it
 * requires: each function call turn followed by as many function responses, and responses only
 * after calls. `signatures` are the thought signatures this server sent with calls (by call
 * name and arguments): a call sent back without its signature is refused, as Gemini 3 does.
 */
export function callsError(body: unknown, signatures: ReadonlyMap<string, string> = new Map()): string | undefined {
  const contents = listOf(isJson(body) ? body.contents : undefined);
  for (let i = 0; i < contents.length; i++) {
    const parts = partsOf(contents[i]);
    const calls = parts.filter(isCallPart);
    if (calls.length > 0) {
      const previous = partsOf(contents[i - 1]);
      if (i > 0 && previous.some(isCallPart)) return MESSAGES.callTurnOrder;
      const next = contents[i + 1];
      if (next !== undefined && partsOf(next).filter(isResponsePart).length !== calls.length) return MESSAGES.responseCount;
      for (const [position, call] of calls.entries()) {
        const functionCall = (call as Json).functionCall as Json;
        const issued = signatures.get(callKey(functionCall.name, functionCall.args));
        if (issued !== undefined && (call as Json).thoughtSignature !== issued) return MESSAGES.missingSignature(String(functionCall.name), position + 1);
      }
    }
    if (parts.some(isResponsePart) && !partsOf(contents[i - 1]).some(isCallPart)) return MESSAGES.responseTurnOrder;
  }
  return undefined;
}

/** How the server recognizes a call it sent: its name and arguments. */
export function callKey(name: unknown, args: unknown): string {
  return JSON.stringify([name, args ?? {}]);
}

/** The 400 message the real API gives for this generate request, or undefined when it is valid. */
export function validationError(body: unknown): string | undefined {
  const contents = isJson(body) ? body.contents : undefined;
  if (!Array.isArray(contents) || contents.length === 0) return MESSAGES.contentsMissing;
  let previous: unknown;
  for (let i = 0; i < contents.length; i++) {
    const content: unknown = contents[i];
    const role = (isJson(content) ? content.role : undefined) ?? 'user';
    if (role !== 'user' && role !== 'model') return MESSAGES.validRole;
    const parts = isJson(content) ? content.parts : undefined;
    if (!Array.isArray(parts) || parts.length === 0) {
      return `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.\n`;
    }
    const empty = (parts as unknown[]).findIndex((part) => !partHasData(part));
    if (empty >= 0) {
      return `* GenerateContentRequest.contents[${i}].parts[${empty}].data: required oneof field 'data' must have one initialized field\n`;
    }
    if (i === 0 && role !== 'user') return MESSAGES.firstTurnUser;
    if (role === previous) return MESSAGES.alternate;
    previous = role;
  }
  const system = isJson(body) ? body.systemInstruction : undefined;
  const systemParts = isJson(system) ? system.parts : undefined;
  if (Array.isArray(systemParts)) {
    const empty = (systemParts as unknown[]).findIndex((part) => !partHasData(part));
    if (empty >= 0) {
      return `* GenerateContentRequest.system_instruction.parts[${empty}].data: required oneof field 'data' must have one initialized field\n`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Response bodies

/** Splits text into at most `count` chunks at word starts; joining them gives the text back. */
export function splitWords(text: string, count: number): string[] {
  const words = text.split(/(?<=\s)(?=\S)/);
  const n = Math.max(1, Math.min(count, words.length));
  const chunks: string[] = [];
  for (let i = 0; i < n; i++) {
    chunks.push(words.slice(Math.floor((i * words.length) / n), Math.floor(((i + 1) * words.length) / n)).join(''));
  }
  return chunks;
}

export interface AnswerMeta {
  model: string;
  responseId: string;
  promptTokenCount: number;
}

const textTokens = (tokenCount: number) => [{ modality: 'TEXT', tokenCount }];

/** usageMetadata for the final chunk (or the whole answer): estimates overridden by `usage`; `thoughts` (the thought text) adds thoughtsTokenCount. */
export function finalUsage(meta: AnswerMeta, answer: string, usage: Usage = {}, shape: WireShape = {}, thoughts = ''): Usage {
  const merged: Usage = {
    promptTokenCount: meta.promptTokenCount,
    candidatesTokenCount: estimateTokens(answer),
    ...(thoughts ? { thoughtsTokenCount: estimateTokens(thoughts) } : {}),
    ...usage,
  };
  merged.totalTokenCount =
    usage.totalTokenCount ?? (merged.promptTokenCount ?? 0) + (merged.candidatesTokenCount ?? 0) + (merged.thoughtsTokenCount ?? 0) + (merged.toolUsePromptTokenCount ?? 0);
  if (shape.detailedUsage) {
    merged.promptTokensDetails ??= textTokens(merged.promptTokenCount ?? 0);
    merged.candidatesTokensDetails ??= textTokens(merged.candidatesTokenCount ?? 0);
  }
  return merged;
}

/** usageMetadata of a chunk that is not the last: prompt count only, as the API sends it. */
export function partialUsage(meta: AnswerMeta, usage: Usage = {}, shape: WireShape = {}): Usage {
  const promptTokenCount = usage.promptTokenCount ?? meta.promptTokenCount;
  return { promptTokenCount, totalTokenCount: promptTokenCount, ...(shape.detailedUsage ? { promptTokensDetails: textTokens(promptTokenCount) } : {}) };
}

const RATING_CATEGORIES = ['HARM_CATEGORY_HATE_SPEECH', 'HARM_CATEGORY_DANGEROUS_CONTENT', 'HARM_CATEGORY_HARASSMENT', 'HARM_CATEGORY_SEXUALLY_EXPLICIT'];

/** Safety ratings with one category rated HIGH and blocked. */
export function blockingRatings(): Record<string, unknown>[] {
  return RATING_CATEGORIES.map((category) =>
    category === 'HARM_CATEGORY_DANGEROUS_CONTENT' ? { category, probability: 'HIGH', blocked: true } : { category, probability: 'NEGLIGIBLE' },
  );
}

/** Where a chunk stands in its answer, for the metadata that goes on some chunks only. */
export interface ChunkPlace {
  first: boolean;
  /** The last chunk: finishReason (and finishMessage) go here. */
  finishReason?: string;
}

/** One GenerateContentResponse carrying `parts` (a chunk of a stream, or the whole answer). */
export function answerBody(meta: AnswerMeta, parts: Record<string, unknown>[] | undefined, usage: Usage, place: ChunkPlace, shape: WireShape = {}): Record<string, unknown> {
  const candidate: Record<string, unknown> = {};
  if (parts) candidate.content = parts.length > 0 ? { parts, role: 'model' } : { role: 'model' };
  const { finishReason } = place;
  if (finishReason) candidate.finishReason = finishReason;
  if (finishReason && shape.finishMessage) candidate.finishMessage = shape.finishMessage;
  if (finishReason === 'SAFETY') candidate.safetyRatings = blockingRatings();
  if (shape.citations && finishReason) candidate.citationMetadata = { citationSources: [{ startIndex: 0, endIndex: 12, uri: 'https://example.com/cited' }] };
  if (shape.grounding) {
    candidate.groundingMetadata = {
      webSearchQueries: ['local test query'],
      searchEntryPoint: { renderedContent: '<div class="container">search</div>' },
      groundingChunks: [{ web: { uri: 'https://example.com/source', title: 'example.com' } }],
      groundingSupports: [{ segment: { startIndex: 0, endIndex: 5, text: 'Hello' }, groundingChunkIndices: [0] }],
    };
  }
  if (shape.urlContext && place.first)
    candidate.urlContextMetadata = { urlMetadata: [{ retrievedUrl: 'https://example.com/', urlRetrievalStatus: 'URL_RETRIEVAL_STATUS_SUCCESS' }] };
  if (!shape.withoutIndex) candidate.index = 0;
  return { candidates: [candidate], usageMetadata: usage, modelVersion: meta.model, ...(shape.withoutResponseId ? {} : { responseId: meta.responseId }) };
}

/** The parts of a text chunk. */
export const textPart = (text: string): Record<string, unknown>[] => [{ text }];

/** A blocked prompt: promptFeedback and usage, no candidates. */
export function blockedBody(meta: AnswerMeta, blockReason: string, blockReasonMessage?: string): Record<string, unknown> {
  const promptFeedback: Record<string, unknown> = { blockReason, ...(blockReasonMessage ? { blockReasonMessage } : {}) };
  if (blockReason === 'SAFETY') promptFeedback.safetyRatings = blockingRatings();
  return {
    promptFeedback,
    usageMetadata: { promptTokenCount: meta.promptTokenCount, totalTokenCount: meta.promptTokenCount },
    modelVersion: meta.model,
    responseId: meta.responseId,
  };
}

/**
 * One SSE event. The SDK matches events with /^data\: (.*)(?:\n\n|\r\r|\r\n\r\n)/, so the JSON
 * must stay on one line: JSON.stringify escapes \n and \r but not U+2028/U+2029, which `.` does
 * not match either, so those are escaped here (still the same JSON value).
 */
export function sseEvent(json: unknown): string {
  return `data: ${JSON.stringify(json)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}\r\n\r\n`;
}

/** Non-streamed bodies: Google pretty-prints them with two spaces. */
export function jsonBody(json: unknown): string {
  return JSON.stringify(json, null, 2) + '\n';
}
