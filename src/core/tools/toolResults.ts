// What a tool call returns to Gemini: the functionResponse `response` object. Every result goes
// through here: redacted by the same rules as context messages (redaction.ts), and bounded to
// about 2,000 tokens, so that no debuggee value can flood the conversation.
import { isSecretName, REDACTED, redactSecretsInText } from '../context/redaction';
import type { Part } from '../types';

/** About 2,000 tokens at four characters a token. */
export const MAX_RESULT_CHARS = 8_000;
const MAX_STRING = 1_000;

/** How a call ended: answered, or not run (and why). */
export type CallStatus = 'ok' | 'error' | 'denied' | 'cancelled' | 'refused' | 'notRun';

/** The `response` of a functionResponse part. */
export type ToolResponse = { status: 'ok'; result: unknown; truncated?: true } | { status: Exclude<CallStatus, 'ok'>; error: string };

/** Values of secret-looking names redacted (an object key, or a `{ name, value }` entry), secrets in free text redacted, at any depth. */
export function redactResult(value: unknown, key?: string): unknown {
  if (key !== undefined && isSecretName(key) && value !== null && value !== undefined && typeof value !== 'boolean') return REDACTED;
  if (typeof value === 'string') return redactSecretsInText(value);
  if (Array.isArray(value)) return value.map((item) => redactResult(item));
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const secretEntry = typeof record.name === 'string' && isSecretName(record.name);
    return Object.fromEntries(
      Object.entries(record).map(([k, v]) => [
        k,
        secretEntry && (k === 'value' || k === 'children') ? (k === 'value' ? REDACTED : []) : redactResult(v, k === 'name' ? undefined : k),
      ]),
    );
  }
  return value;
}

/** Strings cut to `max` characters (saying how long they were). */
function cutStrings(value: unknown, max: number): unknown {
  if (typeof value === 'string') return value.length > max ? `${value.slice(0, max)}\u2026 (${value.length} characters)` : value;
  if (Array.isArray(value)) return value.map((item) => cutStrings(item, max));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutStrings(v, max)]));
  return value;
}

/** Lists cut to their first `max` items (saying how many were left out). */
function cutLists(value: unknown, max: number): unknown {
  if (Array.isArray(value)) {
    const kept = value.slice(0, max).map((item) => cutLists(item, max));
    return value.length > max ? [...kept, `\u2026 ${value.length - max} more`] : kept;
  }
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutLists(v, max)]));
  return value;
}

const size = (value: unknown) => JSON.stringify(value)?.length ?? 0;

/** A result as it goes to Gemini: redacted, then made to fit MAX_RESULT_CHARS. */
export function okResponse(result: unknown): ToolResponse {
  let value = cutStrings(redactResult(result), MAX_STRING);
  if (size(value) <= MAX_RESULT_CHARS) return { status: 'ok', result: value };
  for (const [strings, lists] of [
    [300, 50],
    [200, 20],
    [100, 10],
    [60, 5],
  ] as const) {
    value = cutLists(cutStrings(value, strings), lists);
    if (size(value) <= MAX_RESULT_CHARS) return { status: 'ok', result: value, truncated: true };
  }
  return { status: 'ok', result: `${JSON.stringify(value).slice(0, MAX_RESULT_CHARS - 100)}\u2026 (cut to fit)`, truncated: true };
}

export function failedResponse(status: Exclude<CallStatus, 'ok'>, error: string): ToolResponse {
  return { status, error: redactSecretsInText(error).slice(0, MAX_STRING) };
}

/** The functionResponse part that answers a call (with the call's id, when it had one). */
export function responsePart(name: string, response: ToolResponse, id?: string): Part {
  return { functionResponse: { name, response: response as unknown as Record<string, unknown>, ...(id ? { id } : {}) } };
}
