// The real SDK against the local Gemini server: small helpers shared by the server's tests.
import * as assert from 'node:assert/strict';
import { GoogleGenerativeAI, GoogleGenerativeAIFetchError } from '@google/generative-ai';
import type { EnhancedGenerateContentResponse, GenerateContentStreamResult, GenerativeModel } from '@google/generative-ai';
import type { FakeGemini } from '../gemini-server/server';

export const MODEL = 'gemini-2.5-flash';

export function modelOf(server: FakeGemini, options: { key?: string; model?: string; systemInstruction?: string } = {}): GenerativeModel {
  return new GoogleGenerativeAI(options.key ?? 'test-key').getGenerativeModel(
    { model: options.model ?? MODEL, systemInstruction: options.systemInstruction },
    { baseUrl: server.url },
  );
}

/** chunk.text(), or null where the SDK throws (blocked chunks). */
export function textOrNull(chunk: EnhancedGenerateContentResponse): string | null {
  try {
    return chunk.text();
  } catch {
    return null;
  }
}

/** Reads the whole stream. A catch is attached to `response` first, so a failing stream is never unhandled. */
export async function readAll(result: GenerateContentStreamResult) {
  result.response.catch(() => {});
  const chunks: EnhancedGenerateContentResponse[] = [];
  for await (const chunk of result.stream) chunks.push(chunk);
  return { chunks, texts: chunks.map(textOrNull), response: await result.response };
}

/** Iterates the stream until it fails; returns the texts seen before the failure. */
export async function readUntilRejected(result: GenerateContentStreamResult, expected: RegExp): Promise<string[]> {
  result.response.catch(() => {});
  const seen: string[] = [];
  await assert.rejects(async () => {
    for await (const chunk of result.stream) seen.push(chunk.text());
  }, expected);
  await assert.rejects(result.response, expected);
  return seen;
}

export async function fetchError(promise: Promise<unknown>): Promise<GoogleGenerativeAIFetchError> {
  const error = await promise.then(
    () => assert.fail('expected the request to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof GoogleGenerativeAIFetchError, `not a fetch error: ${String(error)}`);
  return error;
}

export const user = (text: string) => ({ role: 'user', parts: [{ text }] });
export const modelTurn = (text: string) => ({ role: 'model', parts: [{ text }] });
