// The models the API key may chat with: GET {base}/v1beta/models, page by page. The SDK has no
// listModels, so this is plain fetch, with the adapter's base URL and key handling and its
// error mapping (one user-facing wording for every HTTP and network failure).
import { GeminiError, cancelledError } from './errors';
import { httpError, toGeminiError, type Detail } from './geminiClient';

export interface ModelInfo {
  /** What requests name: `gemini-2.5-flash` (the API's `models/` prefix taken off). */
  id: string;
  displayName: string;
  description?: string;
}

export interface ListSettings {
  apiKey: string;
  /** Empty for Google's endpoint. */
  baseUrl: string;
  timeoutMs: number;
}

const GOOGLE_BASE_URL = 'https://generativelanguage.googleapis.com';
const PAGE_SIZE = 1000;
/** Far more than Google has ever listed; a server that keeps handing out tokens cannot loop us forever. */
const MAX_PAGES = 50;

/** Every model whose supportedGenerationMethods include generateContent, in the API's order; rejects with a GeminiError. */
export async function listModels(settings: ListSettings, signal?: AbortSignal): Promise<ModelInfo[]> {
  const base = settings.baseUrl.trim().replace(/\/+$/, '');
  const where = base || 'Google (generativelanguage.googleapis.com)';
  const failure = { model: '', where, parts: [] };
  if (signal?.aborted) throw cancelledError([]);
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const models: ModelInfo[] = [];
  let token = '';
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL(`${base || GOOGLE_BASE_URL}/v1beta/models`);
    url.searchParams.set('pageSize', String(PAGE_SIZE));
    if (token) url.searchParams.set('pageToken', token);
    let body: unknown;
    try {
      const response = await fetch(url, { headers: { 'x-goog-api-key': settings.apiKey }, signal: both });
      body = await response.json().catch(() => undefined);
      if (!response.ok) {
        const error = isRecord(body) && isRecord(body.error) ? body.error : {};
        const details = Array.isArray(error.details) ? (error.details as Detail[]) : [];
        throw httpError(response.status, details, typeof error.message === 'string' ? error.message : '', failure);
      }
    } catch (error) {
      if (signal?.aborted) throw cancelledError([]);
      if (timeout.aborted)
        throw new GeminiError('timeout', `${where} did not list its models within ${Math.round(settings.timeoutMs / 1000)} s.`, { setting: 'requestTimeoutSeconds' });
      throw toGeminiError(error, failure);
    }
    if (!isRecord(body) || (body.models !== undefined && !Array.isArray(body.models))) {
      throw new GeminiError('wrongEndpoint', `${where} did not answer with a list of models. Correct geminiAssistant.apiBaseUrl (empty means Google's endpoint).`, {
        setting: 'apiBaseUrl',
      });
    }
    for (const entry of (body.models as unknown[] | undefined) ?? []) {
      const model = chatModel(entry);
      if (model) models.push(model);
    }
    token = typeof body.nextPageToken === 'string' ? body.nextPageToken : '';
    if (!token) return models;
  }
  return models;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The entry as a model to chat with, or undefined when it cannot generate content (embeddings, say) or is malformed. */
function chatModel(entry: unknown): ModelInfo | undefined {
  if (!isRecord(entry) || typeof entry.name !== 'string' || !Array.isArray(entry.supportedGenerationMethods)) return undefined;
  if (!entry.supportedGenerationMethods.includes('generateContent')) return undefined;
  const id = entry.name.replace(/^models\//, '');
  if (!id) return undefined;
  const displayName = typeof entry.displayName === 'string' && entry.displayName.trim() ? entry.displayName.trim() : id;
  const description = typeof entry.description === 'string' && entry.description.trim() ? entry.description.trim() : undefined;
  return { id, displayName, ...(description ? { description } : {}) };
}
