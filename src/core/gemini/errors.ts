// Our own error type: every failure the user can meet, in words they can act on.
// The adapter turns SDK and network errors into these; raw SDK strings never reach the view.
import { answerText } from '../parts';
import type { Part } from '../types';

export type ErrorKind =
  | 'noApiKey'
  | 'invalidApiKey'
  | 'permissionDenied'
  | 'modelNotFound'
  /** The base URL answered, but not as the Gemini API (an HTML 404, say). */
  | 'wrongEndpoint'
  | 'badRequest'
  /** The request holds more tokens than the model takes (a 400 that names both counts). */
  | 'tooLong'
  | 'rateLimited'
  | 'quotaExhausted'
  | 'serverError'
  | 'overloaded'
  | 'deadlineExceeded'
  | 'timeout'
  | 'network'
  | 'blocked'
  | 'emptyAnswer'
  | 'brokenStream'
  | 'cancelled'
  | 'unknown';

/** What the user can do about it; the view turns these into buttons. */
export type ErrorRemedy = 'retry' | 'setApiKey' | 'openSettings' | 'chooseModel';

/** The setting an `openSettings` remedy should open. */
export type SettingName = 'model' | 'apiBaseUrl' | 'requestTimeoutSeconds' | 'maxOutputTokens' | 'contextTokenBudget';

const RETRYABLE: ReadonlySet<ErrorKind> = new Set(['rateLimited', 'serverError', 'overloaded', 'deadlineExceeded']);
const KEY_KINDS: ReadonlySet<ErrorKind> = new Set(['noApiKey', 'invalidApiKey', 'permissionDenied']);

export class GeminiError extends Error {
  override readonly name = 'GeminiError';
  constructor(
    readonly kind: ErrorKind,
    /** Plain words for the user: what happened and what to do. */
    message: string,
    readonly details: {
      status?: number;
      /** Server-requested wait before retrying (RetryInfo), in ms. */
      retryAfterMs?: number;
      /** Text that streamed in before the failure. */
      partialText?: string;
      /** Every part that streamed in before the failure (the text joined), to keep as the incomplete answer. */
      partialParts?: Part[];
      setting?: SettingName;
      /** Technical detail for the output log (never contains the API key). */
      cause?: string;
    } = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }

  /** Key problems offer Set API Key; an unknown model offers Choose Model; errors about a setting offer to open it; every failed turn can be retried. */
  get remedies(): ErrorRemedy[] {
    const remedies: ErrorRemedy[] = KEY_KINDS.has(this.kind) ? ['setApiKey'] : [];
    if (this.kind === 'modelNotFound') remedies.push('chooseModel');
    else if (this.details.setting) remedies.push('openSettings');
    remedies.push('retry');
    return remedies;
  }
}

export function noApiKeyError(): GeminiError {
  return new GeminiError('noApiKey', 'No Gemini API key is set. Run "Gemini: Set API Key", or set the GEMINI_API_KEY environment variable. Nothing was sent.');
}

/** Stopped by the user; `partial` is what had arrived. */
export function cancelledError(partial: readonly Part[]): GeminiError {
  return new GeminiError('cancelled', 'Stopped.', { partialText: answerText(partial), partialParts: [...partial] });
}
