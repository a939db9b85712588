// The Gemini adapter: the only module that imports @google/generative-ai. It streams one
// answer for a history we own (sent whole, as Gemini chats are stateless), and turns every SDK, HTTP and stream failure into a
// GeminiError. SDK traps it works around are listed in shared/design/gemini-notes.md.
import { GoogleGenerativeAI, GoogleGenerativeAIAbortError, GoogleGenerativeAIFetchError, type EnhancedGenerateContentResponse, type GenerationConfig } from '@google/generative-ai';
import { GeminiError, cancelledError } from './errors';
import { cloneHistory, endsWithUser } from '../chat/history';
import type { ModelAnswer, ModelClient, ModelRequest } from '../ports';
import type { FinishReason, UsageMetadata } from '../types';

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
      if (request.signal.aborted) throw cancelledError('');
      const timeout = AbortSignal.timeout(settings.timeoutMs);
      const signal = AbortSignal.any([request.signal, timeout]);
      // Each request carries a copy of our own history. The SDK's ChatSession is not used: it
      // mutates the history it is given, and logs every stream failure with console.error.
      const contents = cloneHistory(request.history);
      let text = '';
      let finishReason: FinishReason | undefined;
      let usage: UsageMetadata | undefined;
      try {
        const result = await model.generateContentStream({ contents }, { signal });
        // A failed stream also rejects `response`; we read the stream, so silence the twin.
        result.response.catch(() => undefined);
        for await (const chunk of result.stream) {
          inStreamError(chunk);
          const candidate = chunk.candidates?.[0];
          const delta = candidate?.content?.parts?.map((p) => p.text ?? '').join('') ?? '';
          if (delta) {
            text += delta;
            request.onText(delta);
          }
          finishReason = candidate?.finishReason ?? finishReason;
          usage = chunk.usageMetadata ?? usage;
          const blockReason = chunk.promptFeedback?.blockReason;
          if (blockReason) {
            throw new GeminiError('blocked', `Gemini refused the question (${blockReason}). Rephrase it or remove the flagged content, then send again.`);
          }
        }
      } catch (error) {
        if (request.signal.aborted) throw cancelledError(text);
        if (timeout.aborted) {
          throw new GeminiError(
            'timeout',
            `Gemini did not finish answering within ${Math.round(settings.timeoutMs / 1000)} s. Retry, ask a shorter question, or raise geminiAssistant.requestTimeoutSeconds.`,
            { partialText: text, setting: 'requestTimeoutSeconds' },
          );
        }
        throw toGeminiError(error, text, settings.model, where);
      }
      if (finishReason === 'SAFETY' || finishReason === 'RECITATION' || finishReason === 'PROHIBITED_CONTENT' || finishReason === 'BLOCKLIST' || finishReason === 'SPII') {
        throw new GeminiError('blocked', `Gemini stopped its answer (${finishReason}). Rephrase the question and send again.`, { partialText: text });
      }
      if (!finishReason) {
        throw new GeminiError('brokenStream', 'The connection to Gemini ended before the answer was finished. The partial text is kept; Retry to ask again.', {
          partialText: text,
        });
      }
      if (!text && finishReason === 'MAX_TOKENS') {
        // Thinking models can spend the whole output budget before writing a word.
        throw new GeminiError('emptyAnswer', 'Gemini reached the output token limit before writing any answer. Raise geminiAssistant.maxOutputTokens (or clear it), then Retry.', {
          setting: 'maxOutputTokens',
        });
      }
      if (!text) {
        throw new GeminiError('emptyAnswer', 'Gemini sent an empty answer. Retry, or rephrase the question.', { cause: `finishReason=${finishReason}` });
      }
      return { text, finishReason, usage };
    },
  };
}

/** The SDK passes `{"error": …}` events inside an SSE stream through as empty chunks. */
function inStreamError(chunk: EnhancedGenerateContentResponse): void {
  const error = (chunk as unknown as { error?: { code?: number; message?: string; status?: string } }).error;
  if (error) {
    throw new GeminiError(
      error.code && error.code >= 500 ? 'serverError' : 'brokenStream',
      'Gemini reported an error in the middle of its answer. The partial text is kept; Retry to ask again.',
      { status: error.code, cause: `${error.status ?? ''} ${error.message ?? ''}`.trim() },
    );
  }
}

interface Detail {
  '@type'?: string;
  reason?: string;
  retryDelay?: string;
  violations?: { quotaId?: string }[];
}

function toGeminiError(error: unknown, partialText: string, model: string, where: string): GeminiError {
  if (error instanceof GeminiError) return withPartial(error, partialText);
  const cause = error instanceof Error ? error.message : String(error);
  if (error instanceof GoogleGenerativeAIFetchError && error.status) {
    return httpError(error.status, (error.errorDetails ?? []) as Detail[], serverMessage(cause), model, partialText);
  }
  if (error instanceof GoogleGenerativeAIAbortError)
    return new GeminiError('timeout', 'The request to Gemini was aborted before an answer arrived. Retry.', { cause, partialText });
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|ECONNRESET|EAI_AGAIN|network/i.test(cause + String((error as { cause?: unknown })?.cause ?? ''))) {
    return new GeminiError('network', `Could not reach Gemini at ${where}. Check your connection or the geminiAssistant.apiBaseUrl setting, then Retry.`, {
      cause,
      partialText,
      setting: 'apiBaseUrl',
    });
  }
  if (/reading from the stream|parsing JSON response/i.test(cause)) {
    return new GeminiError('brokenStream', 'The connection to Gemini broke off in the middle of the answer. The partial text is kept; Retry to ask again.', { cause, partialText });
  }
  return new GeminiError('unknown', 'The request to Gemini failed unexpectedly. Retry; if it keeps failing, see the "Gemini Debug Assistant" output channel.', {
    cause,
    partialText,
  });
}

function withPartial(error: GeminiError, partialText: string): GeminiError {
  return error.details.partialText !== undefined || !partialText ? error : new GeminiError(error.kind, error.message, { ...error.details, partialText });
}

/** The server's own sentence from the SDK's message "…: [429 Too Many Requests] <message> [details]". */
function serverMessage(sdkMessage: string): string {
  const match = /\[\d{3}[^\]]*\]\s*(.*?)(?:\s*\[\{.*)?$/s.exec(sdkMessage);
  return (match?.[1] ?? '').trim();
}

function httpError(status: number, details: Detail[], message: string, model: string, partialText: string): GeminiError {
  const info = { status, partialText, cause: message };
  const said = message ? ` Gemini said: "${message}"` : '';
  const has = (type: string) => details.find((d) => d['@type']?.endsWith(type));
  switch (status) {
    case 400:
      if (details.some((d) => d.reason === 'API_KEY_INVALID')) {
        return new GeminiError('invalidApiKey', 'Gemini rejected the API key. Set a valid key with "Gemini: Set API Key" and Retry.', info);
      }
      return new GeminiError('badRequest', `Gemini could not accept this request.${said}`, info);
    case 401:
    case 403:
      return new GeminiError(
        'permissionDenied',
        `The API key is not allowed to use Gemini (HTTP ${status}). Check that the Generative Language API is enabled for it, or set another key.`,
        info,
      );
    case 404:
      return new GeminiError('modelNotFound', `The model "${model}" was not found. Choose an available model in the geminiAssistant.model setting.`, { ...info, setting: 'model' });
    case 429: {
      const quotaIds = has('QuotaFailure')?.violations?.map((v) => v.quotaId ?? '') ?? [];
      if (quotaIds.some((id) => /PerDay/i.test(id))) {
        return new GeminiError('quotaExhausted', "You have used today's Gemini quota for this key. Try again tomorrow, use a key with a higher quota, or switch models.", info);
      }
      const retryAfterMs = parseDuration(has('RetryInfo')?.retryDelay);
      return new GeminiError('rateLimited', 'Gemini is rate limiting this key (too many requests a minute).', { ...info, retryAfterMs });
    }
    case 500:
      return new GeminiError('serverError', 'Gemini had an internal error.', info);
    case 503:
      return new GeminiError('overloaded', 'Gemini is overloaded right now.', info);
    case 504:
      return new GeminiError('deadlineExceeded', 'Gemini took too long to answer. A shorter question may help.', info);
    default:
      return new GeminiError(status >= 500 ? 'serverError' : 'badRequest', `Gemini answered with HTTP ${status}.${said}`, info);
  }
}

/** Google's protobuf Duration as JSON: "15s", "1.5s". */
function parseDuration(value: string | undefined): number | undefined {
  const match = value ? /^(\d+(?:\.\d+)?)s$/.exec(value.trim()) : null;
  return match ? Math.round(parseFloat(match[1]) * 1000) : undefined;
}
