// GET /v1beta/models as Google pages it: `pageSize` (default 50, at most 1000) models a page and
// an opaque `nextPageToken` while more remain; a token the server did not hand out is a 400.
import type { ErrorReply } from './wire';

/** One entry of the list, in the API's shape (`name` is `models/<id>`). */
export interface ListedModel {
  name: string;
  displayName?: string;
  description?: string;
  supportedGenerationMethods: string[];
}

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const TOKEN_PREFIX = 'page-';

export function listPage(models: readonly ListedModel[], query: Record<string, string>): { models: ListedModel[]; nextPageToken?: string } | ErrorReply {
  const asked = query.pageSize === undefined ? DEFAULT_PAGE_SIZE : Number(query.pageSize);
  if (!Number.isInteger(asked) || asked < 0) return { error: { status: 400, message: `Invalid value at 'page_size' (TYPE_INT32), "${query.pageSize}"` } };
  const size = Math.min(asked || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const token = query.pageToken ?? '';
  const start = token === '' ? 0 : token.startsWith(TOKEN_PREFIX) ? Number(token.slice(TOKEN_PREFIX.length)) : NaN;
  if (!Number.isInteger(start) || start < 0 || start > models.length) return { error: { status: 400, message: 'Invalid page token.' } };
  const end = start + size;
  return { models: models.slice(start, end).map((m) => structuredClone(m)), ...(end < models.length ? { nextPageToken: `${TOKEN_PREFIX}${end}` } : {}) };
}
