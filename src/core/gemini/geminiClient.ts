// The Gemini adapter: the only module that imports @google/generative-ai. It streams one
// answer for a history we own (sent whole, as Gemini chats are stateless), and turns every SDK, HTTP and stream failure into a
// GeminiError. SDK traps it works around are listed in shared/design/gemini-notes.md.
import {
  FunctionCallingMode,
  GoogleGenerativeAI,
  GoogleGenerativeAIAbortError,
  GoogleGenerativeAIFetchError,
  type Content as SdkContent,
  type EnhancedGenerateContentResponse,
  type FunctionDeclaration,
  type GenerateContentRequest,
  type GenerationConfig,
} from '@google/generative-ai';
import { cloneHistory, endsWithUser } from '../chat/history';
import { answerText, appendStreamedParts, hasAnswer, isPart, usageNumbers } from '../parts';
import type { ModelAnswer, ModelClient, ModelRequest } from '../ports';
import type { FinishReason, Part } from '../types';
import { GeminiError, cancelledError } from './errors';

export interface GeminiSettings {
  apiKey: string;
  model: string;
  /** Empty for Google's endpoint. */
  baseUrl: string;
  systemInstruction: string;
  temperature?: number;
  maxOutputTokens?: number;
  timeoutMs: number;
}

export function createGeminiClient(settings: GeminiSettings): ModelClient {
  const generationConfig: GenerationConfig = {};
  if (settings.temperature !== undefined) generationConfig.temperature = settings.temperature;
  if (settings.maxOutputTokens !== undefined) generationConfig.maxOutputTokens = settings.maxOutputTokens;
  const baseUrl = settings.baseUrl.trim().replace(/\/+$/, '');
  const model = new GoogleGenerativeAI(settings.apiKey).getGenerativeModel(
    {
      model: settings.model,
      ...(settings.systemInstruction.trim() ? { systemInstruction: settings.systemInstruction } : {}),
      ...(Object.keys(generationConfig).length ? { generationConfig } : {}),
    },
    // No SDK `timeout`: its timer is never cleared. We time out through our own signal.
    baseUrl ? { baseUrl } : {},
  );
  const where = baseUrl || 'Google (generativelanguage.googleapis.com)';

  return {
    async stream(request: ModelRequest): Promise<ModelAnswer> {
      if (!endsWithUser(request.history)) throw new Error('The history sent to Gemini must end with a user turn');
      // The SDK ignores an already-aborted signal.
      if (request.signal.aborted) throw cancelledError([]);
      const timeout = AbortSignal.timeout(settings.timeoutMs);
      const signal = AbortSignal.any([request.signal, timeout]);
      // Each request carries a copy of our own history. The SDK's ChatSession is not used: it
      // mutates the history it is given, and logs every stream failure with console.error.
      const contents = cloneHistory(request.history);
      const parts: Part[] = [];
      let finishReason: FinishReason | undefined;
      let finishMessage: string | undefined;
      let lastUsage: unknown;
      try {
        // Our parts are the wire's JSON, a superset of the SDK's part union (signatures, thought flags).
        const result = await model.generateContentStream(
          { contents: contents as SdkContent[], ...toolFields(request), ...noteField(settings.systemInstruction, request.note) },
          { signal },
        );
        // A failed stream also rejects `response`; we read the stream, so silence the twin.
        result.response.catch(() => undefined);
        for await (const chunk of result.stream) {
          inStreamError(chunk, { model: settings.model, where, parts });
          // Chunks are the parsed JSON: parts, signatures and fields the SDK's types lack are all there.
          const candidate = chunk.candidates?.[0];
          const incoming: unknown[] = Array.isArray(candidate?.content?.parts) ? candidate.content.parts : [];
          appendStreamedParts(parts, incoming);
          for (const part of incoming) {
            if (!isPart(part) || !part.text) continue;
            if (part.thought === true) request.onThought?.(part.text);
            else request.onText(part.text);
          }
          finishReason = candidate?.finishReason ?? finishReason;
          finishMessage = candidate?.finishMessage ?? finishMessage;
          // Every chunk carries the counts so far: only the last ones are read (once, after the stream).
          if (chunk.usageMetadata) lastUsage = chunk.usageMetadata;
          // A block comes with a reason, or (recorded) with only Gemini's words about it.
          const { blockReason, blockReasonMessage } = chunk.promptFeedback ?? {};
          if (blockReason || blockReasonMessage) {
            throw new GeminiError(
              'blocked',
              `Gemini refused the question${blockReason ? ` (${blockReason})` : ''}.${saidBy(blockReasonMessage)} Rephrase it or remove the flagged content, then send again.`,
            );
          }
        }
      } catch (error) {
        if (request.signal.aborted) throw cancelledError(parts);
        if (timeout.aborted) {
          throw new GeminiError(
            'timeout',
            `Gemini did not finish answering within ${Math.round(settings.timeoutMs / 1000)} s. Retry, ask a shorter question, or raise geminiAssistant.requestTimeoutSeconds.`,
            { ...partialOf(parts), setting: 'requestTimeoutSeconds' },
          );
        }
        throw toGeminiError(error, { model: settings.model, where, parts });
      }
      const said = saidBy(finishMessage);
      if (finishReason && BLOCKING_FINISH.has(finishReason)) {
        throw new GeminiError('blocked', `Gemini stopped its answer (${finishReason}).${said} Rephrase the question and send again.`, partialOf(parts));
      }
      if (!finishReason) {
        throw new GeminiError('brokenStream', 'The connection to Gemini ended before the answer was finished. The partial text is kept; Retry to ask again.', partialOf(parts));
      }
      if (!hasAnswer(parts) && finishReason === 'MAX_TOKENS') {
        // Thinking models can spend the whole output budget before writing a word.
        throw new GeminiError('emptyAnswer', 'Gemini reached the output token limit before writing any answer. Raise geminiAssistant.maxOutputTokens (or clear it), then Retry.', {
          setting: 'maxOutputTokens',
        });
      }
      if (!hasAnswer(parts)) {
        const why = finishReason === 'STOP' ? '' : ` (${finishReason})`;
        throw new GeminiError('emptyAnswer', `Gemini sent an empty answer${why}.${said} Retry, or rephrase the question.`, { cause: `finishReason=${finishReason}` });
      }
      const usage = usageNumbers(lastUsage);
      return { parts, text: answerText(parts), finishReason, ...(usage ? { usage } : {}) };
    },

    async countTokens(history, signal) {
      if (signal?.aborted) throw cancelledError([]);
      const timeout = AbortSignal.timeout(settings.timeoutMs);
      let totalTokens: unknown;
      try {
        ({ totalTokens } = await model.countTokens({ contents: cloneHistory(history) as SdkContent[] }, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout }));
      } catch (error) {
        if (signal?.aborted) throw cancelledError([]);
        throw toGeminiError(error, { model: settings.model, where, parts: [] });
      }
      if (typeof totalTokens !== 'number' || !Number.isFinite(totalTokens) || totalTokens < 0) {
        throw new GeminiError('unknown', 'Gemini did not say how many tokens the request holds.', { cause: `countTokens answered totalTokens=${String(totalTokens)}` });
      }
      return totalTokens;
    },
  };
}

/** The functions Gemini may call, declared per request (they come and go with debug sessions). */
function toolFields(request: ModelRequest): Pick<GenerateContentRequest, 'tools' | 'toolConfig'> {
  if (!request.tools?.length) return {};
  return {
    // Our schemas are the API's JSON (lowercase types), which the SDK's enum-typed schema describes.
    tools: [
      {
        functionDeclarations: request.tools.map((d) => ({
          name: d.name,
          description: d.description,
          ...(d.parameters ? { parameters: d.parameters } : {}),
        })) as FunctionDeclaration[],
      },
    ],
    toolConfig: { functionCallingConfig: { mode: request.toolMode === 'NONE' ? FunctionCallingMode.NONE : FunctionCallingMode.AUTO } },
  };
}

/** The system instruction with this request's note after it. */
function noteField(instruction: string, note: string | undefined): Pick<GenerateContentRequest, 'systemInstruction'> {
  if (!note) return {};
  return { systemInstruction: { role: 'system', parts: [{ text: [instruction.trim(), note].filter(Boolean).join('\n\n') }] } };
}

/** Finish reasons that mean the answer was withheld; the SDK itself treats the first three so. */
const BLOCKING_FINISH: ReadonlySet<string> = new Set(['SAFETY', 'RECITATION', 'LANGUAGE', 'PROHIBITED_CONTENT', 'BLOCKLIST', 'SPII', 'IMAGE_SAFETY']);

/** Gemini's own words about a block (finishMessage, blockReasonMessage), quoted; '' when it gave none. */
function saidBy(message: unknown): string {
  return typeof message === 'string' && message.trim() ? ` Gemini said: "${message.trim()}"` : '';
}

function partialOf(parts: Part[]): { partialText: string; partialParts: Part[] } {
  return { partialText: answerText(parts), partialParts: [...parts] };
}

/** The SDK passes `{"error": …}` events inside an SSE stream through as empty chunks: the server's own error, with what arrived before it. */
function inStreamError(chunk: EnhancedGenerateContentResponse, failure: Failure): void {
  const error = (chunk as unknown as { error?: { code?: unknown; message?: unknown; details?: unknown } }).error;
  if (!error) return;
  const status = typeof error.code === 'number' ? error.code : 500;
  const message = typeof error.message === 'string' ? error.message : '';
  throw httpError(status, Array.isArray(error.details) ? (error.details as Detail[]) : [], message, failure, true);
}

export interface Detail {
  '@type'?: string;
  reason?: string;
  retryDelay?: string;
  violations?: { quotaId?: string }[];
}

/** What an error message may name: the model, where the API is, and what had arrived. */
export interface Failure {
  model: string;
  where: string;
  parts: Part[];
}

export function toGeminiError(error: unknown, failure: Failure): GeminiError {
  const partial = partialOf(failure.parts);
  if (error instanceof GeminiError)
    return error.details.partialParts || !partial.partialText ? error : new GeminiError(error.kind, error.message, { ...error.details, ...partial });
  const cause = error instanceof Error ? error.message : String(error);
  if (error instanceof GoogleGenerativeAIFetchError && error.status) {
    return httpError(error.status, error.errorDetails ?? [], serverMessage(cause), failure);
  }
  if (error instanceof GoogleGenerativeAIAbortError) return new GeminiError('timeout', 'The request to Gemini was aborted before an answer arrived. Retry.', { cause, ...partial });
  const inner = (error as { cause?: unknown } | undefined)?.cause;
  const innerMessage = inner instanceof Error ? `${inner.message} ${(inner as { code?: string }).code ?? ''}` : typeof inner === 'string' ? inner : '';
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|ECONNRESET|EAI_AGAIN|network/i.test(`${cause} ${innerMessage}`)) {
    return new GeminiError('network', `Could not reach Gemini at ${failure.where}. Check your connection or the geminiAssistant.apiBaseUrl setting, then Retry.`, {
      cause,
      ...partial,
      setting: 'apiBaseUrl',
    });
  }
  if (/reading from the stream|parsing JSON response/i.test(cause)) {
    return new GeminiError('brokenStream', 'The connection to Gemini broke off in the middle of the answer. The partial text is kept; Retry to ask again.', { cause, ...partial });
  }
  if (/Failed to parse stream/i.test(cause)) {
    // The stream ended with data that is not a whole event: a last event cut short, or the JSON
    // error body Gemini sends when it fails part-way (the SDK does not let us read it).
    return new GeminiError(
      'brokenStream',
      "Gemini's answer ended in the middle of a message (Gemini may have failed part-way through). The partial text is kept; Retry to ask again.",
      { cause, ...partial },
    );
  }
  return new GeminiError('unknown', 'The request to Gemini failed unexpectedly. Retry; if it keeps failing, see the "Gemini Debug Assistant" output channel.', {
    cause,
    ...partial,
  });
}

/** The server's own sentence from the SDK's message "…: [429 Too Many Requests] <message> [details]". */
function serverMessage(sdkMessage: string): string {
  const match = /\[\d{3}[^\]]*\]\s*(.*?)(?:\s*\[\{.*)?$/s.exec(sdkMessage);
  return (match?.[1] ?? '').trim();
}

/** An HTTP error, or an error event inside the stream (`midAnswer`): Google's error body read into plain words. */
export function httpError(status: number, details: Detail[], message: string, failure: Failure, midAnswer = false): GeminiError {
  const info = { status, cause: message, ...partialOf(failure.parts) };
  const said = message ? ` Gemini said: "${message}"` : '';
  const has = (type: string) => details.find((d) => d['@type']?.endsWith(type));
  switch (status) {
    case 400:
      if (details.some((d) => d.reason === 'API_KEY_INVALID')) {
        return new GeminiError('invalidApiKey', 'Gemini rejected the API key. Set a valid key with "Gemini: Set API Key" and Retry.', info);
      }
      if (TOO_LONG.test(message)) return tooLongError(message, failure.model, info);
      return new GeminiError('badRequest', `Gemini could not accept this request.${said}`, info);
    case 401:
    case 403:
      return new GeminiError(
        'permissionDenied',
        `The API key is not allowed to use Gemini (HTTP ${status}). Check that the Generative Language API is enabled for it, or set another key.${said}`,
        info,
      );
    case 404:
      if (!message && details.length === 0) {
        // Not Google's JSON error (an HTML page, say): the URL is wrong, not the model.
        return new GeminiError(
          'wrongEndpoint',
          `${failure.where} answered 404 Not Found without a Gemini error: it does not serve the Gemini API. Correct geminiAssistant.apiBaseUrl (empty means Google's endpoint), then Retry.`,
          { ...info, setting: 'apiBaseUrl' },
        );
      }
      if (/\bmodels?\b|Requested entity was not found/i.test(message)) {
        return new GeminiError('modelNotFound', `The model "${failure.model}" was not found, or cannot chat. Choose Model picks another one for this conversation.${said}`, {
          ...info,
          setting: 'model',
        });
      }
      return new GeminiError('badRequest', `Gemini could not find something this request names (HTTP 404).${said}`, info);
    case 429: {
      const quotaIds = has('QuotaFailure')?.violations?.map((v) => v.quotaId ?? '') ?? [];
      if (quotaIds.some((id) => /PerDay/i.test(id))) {
        return new GeminiError('quotaExhausted', "You have used today's Gemini quota for this key. Try again tomorrow, use a key with a higher quota, or switch models.", info);
      }
      const retryAfterMs = parseDuration(has('RetryInfo')?.retryDelay);
      return new GeminiError('rateLimited', 'Gemini is rate limiting this key (too many requests a minute).', { ...info, retryAfterMs });
    }
    case 499:
      return new GeminiError('brokenStream', `Gemini cancelled the answer${midAnswer ? ' part-way' : ''} (HTTP 499).${said} The partial text is kept; Retry to ask again.`, info);
    case 500:
      return new GeminiError('serverError', `Gemini had an internal error${midAnswer ? ' in the middle of its answer' : ''}.`, info);
    case 503:
      return new GeminiError('overloaded', 'Gemini is overloaded right now.', info);
    case 504:
      return new GeminiError('deadlineExceeded', 'Gemini took too long to answer. A shorter question may help.', info);
    default:
      return new GeminiError(status >= 500 ? 'serverError' : 'badRequest', `Gemini answered with HTTP ${status}${midAnswer ? ' in the middle of its answer' : ''}.${said}`, info);
  }
}

/** Gemini's words for a request over the model's input limit: "The input token count (1234567) exceeds the maximum number of tokens allowed (1048576)." */
const TOO_LONG = /exceeds the maximum number of tokens allowed/i;

function tooLongError(message: string, model: string, info: GeminiError['details']): GeminiError {
  const counts = /token count \((\d+)\)[^(]*\((\d+)\)/i.exec(message);
  const n = (digits: string) => Number(digits).toLocaleString('en-US');
  const measured = counts ? `: Gemini counted ${n(counts[1]!)} input tokens, and the model takes at most ${n(counts[2]!)}` : '';
  return new GeminiError(
    'tooLong',
    `The conversation is too long for ${model}${measured}. Lower geminiAssistant.contextTokenBudget so that fewer older messages are sent, or start a New Chat.`,
    { ...info, setting: 'contextTokenBudget' },
  );
}

/** Google's protobuf Duration as JSON: "15s", "1.5s". */
function parseDuration(value: string | undefined): number | undefined {
  const match = value ? /^(\d+(?:\.\d+)?)s$/.exec(value.trim()) : null;
  return match?.[1] ? Math.round(parseFloat(match[1]) * 1000) : undefined;
}
