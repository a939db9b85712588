// Backoff for retryable Gemini errors: exponential with jitter, capped, and the server's
// own RetryInfo delay honoured when it gives one. Waits are cancellable.
import type { GeminiError } from './errors';

export interface RetryPolicy {
  maxRetries: number;
  /** First backoff step; doubles each attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The backoff steps (how many retries is a setting: geminiAssistant.maxRetries). */
export const RETRY_BACKOFF: Omit<RetryPolicy, 'maxRetries'> = { baseDelayMs: 2_000, maxDelayMs: 60_000 };

/** How long to wait before retry number `attempt` (0 = the first retry). */
export function retryDelayMs(error: GeminiError, attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const serverDelay = error.details.retryAfterMs;
  // The server knows when its quota window reopens: wait that long, plus a little spread.
  if (serverDelay !== undefined) return serverDelay + Math.round(random() * Math.min(1_000, policy.baseDelayMs));
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  // "Equal jitter": at least half the step, so retries never bunch up at zero.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Resolves after `ms`, or rejects with the signal's reason (an Error) as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  const reason = () => (signal.reason instanceof Error ? signal.reason : new Error(`aborted: ${String(signal.reason)}`));
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(reason());
    const onAbort = () => {
      clearTimeout(timer);
      reject(reason());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
