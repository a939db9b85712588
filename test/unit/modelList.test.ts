// Listing the models a key may chat with, against the local server's GET /v1beta/models.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GeminiError } from '../../src/core/gemini/errors';
import { listModels } from '../../src/core/gemini/modelList';
import { DEMO_MODELS, startFakeGemini, type FakeGemini, type ListedModel } from '../gemini-server/server';

const chat = (id: string, displayName = id): ListedModel => ({ name: `models/${id}`, displayName, supportedGenerationMethods: ['generateContent', 'countTokens'] });

async function rejection(promise: Promise<unknown>): Promise<GeminiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GeminiError, `expected a GeminiError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the listing to fail');
}

describe('model list (GET /v1beta/models, local server)', () => {
  let server: FakeGemini;
  // More than one page of 1,000, with an embedding model on the second page.
  const many = [...Array.from({ length: 2100 }, (_, i) => chat(`model-${i}`, `Model ${i}`))];
  many.splice(1500, 0, { name: 'models/text-embedding-004', displayName: 'Embedding', supportedGenerationMethods: ['embedContent'] });
  before(async () => {
    server = await startFakeGemini({ validKeys: ['good-key'], modelList: many });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  const settings = (overrides: Partial<Parameters<typeof listModels>[0]> = {}) => ({ apiKey: 'good-key', baseUrl: `${server.url}/`, timeoutMs: 5000, ...overrides });

  it('follows nextPageToken across pages and keeps only models that support generateContent', async () => {
    const models = await listModels(settings());
    assert.equal(models.length, 2100);
    assert.deepEqual(models[0], { id: 'model-0', displayName: 'Model 0' });
    assert.equal(models.at(-1)!.id, 'model-2099');
    assert.ok(!models.some((m) => m.id === 'text-embedding-004'));
    const pages = server.requests.filter((r) => r.path === '/v1beta/models');
    assert.deepEqual(
      pages.map((r) => r.query.pageToken ?? ''),
      ['', 'page-1000', 'page-2000'],
    );
    assert.ok(pages.every((r) => r.method === 'GET' && r.apiKey === 'good-key' && r.query.pageSize === '1000'));
  });

  it("a bad key is the adapter's invalidApiKey error (with Set API Key)", async () => {
    const error = await rejection(listModels(settings({ apiKey: 'wrong' })));
    assert.equal(error.kind, 'invalidApiKey');
    assert.ok(error.remedies.includes('setApiKey'));
  });

  it("a page that fails fails the listing with the server's status in plain words", async () => {
    server.scriptList({ error: { status: 503 } });
    assert.equal((await rejection(listModels(settings()))).kind, 'overloaded');
    server.scriptList({ error: { status: 403, message: 'Generative Language API has not been used in project 1.' } });
    const denied = await rejection(listModels(settings()));
    assert.equal(denied.kind, 'permissionDenied');
    assert.match(denied.message, /has not been used in project 1/);
  });

  it('an unreachable server is a network error naming the base URL', async () => {
    const closed = await startFakeGemini();
    const url = closed.url;
    await closed.close();
    const error = await rejection(listModels(settings({ baseUrl: url })));
    assert.equal(error.kind, 'network');
    assert.match(error.message, new RegExp(url.replace(/[.]/g, '\\.')));
  });

  it('a server that answers 200 with something else than a list is a wrong endpoint', async () => {
    const other = http.createServer((_req, res) => res.end('<html>hello</html>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const error = await rejection(listModels(settings({ baseUrl: `http://127.0.0.1:${(other.address() as AddressInfo).port}` })));
      assert.equal(error.kind, 'wrongEndpoint');
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('Stop (an aborted signal) is a cancellation, not a failure', async () => {
    const controller = new AbortController();
    controller.abort();
    assert.equal((await rejection(listModels(settings(), controller.signal))).kind, 'cancelled');
  });
});

describe('local server: GET /v1beta/models', () => {
  it('pages by pageSize, rejects a token it did not hand out, and the demo lists its models', async () => {
    const server = await startFakeGemini();
    try {
      const get = async (query: string) => {
        const res = await fetch(`${server.url}/v1beta/models${query}`, { headers: { 'x-goog-api-key': 'k' } });
        return { status: res.status, body: (await res.json()) as { models?: ListedModel[]; nextPageToken?: string } };
      };
      const first = await get('?pageSize=2');
      assert.deepEqual(first.body.models, DEMO_MODELS.slice(0, 2));
      const second = await get(`?pageSize=2&pageToken=${first.body.nextPageToken}`);
      assert.deepEqual(second.body, { models: DEMO_MODELS.slice(2, 4) });
      assert.equal((await get('?pageToken=forged')).status, 400);
      const demo = await listModels({ apiKey: 'k', baseUrl: server.url, timeoutMs: 5000 });
      assert.deepEqual(
        demo.map((m) => m.id),
        ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.5-flash-lite'],
      );
      const unauthenticated = await fetch(`${server.url}/v1beta/models`);
      assert.equal(unauthenticated.status, 403);
    } finally {
      await server.close();
    }
  });
});
