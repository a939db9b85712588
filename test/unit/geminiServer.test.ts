// The local Gemini server, driven by the REAL @google/generative-ai SDK: what the SDK makes of
// each reply is what it would make of the same bytes from Google.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { GoogleGenerativeAI, type GenerateContentRequest } from '@google/generative-ai';
import { demoReply, startFakeGemini } from '../gemini-server/server';
import type { FakeGemini, RecordedRequest, WireContent } from '../gemini-server/server';
import { MODEL, fetchError, modelOf, modelTurn, readAll, user } from '../support/sdkStreams';

describe('local Gemini server, through the real SDK', () => {
  let server: FakeGemini;
  before(async () => {
    server = await startFakeGemini();
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  describe('answers', () => {
    it('streams a string[] as one chunk per element; response.text() is the joined text', async () => {
      server.script({ text: ['Hello', ' from', ' the server.'] });
      const { texts, response } = await readAll(await modelOf(server).generateContentStream('hi'));
      assert.deepEqual(texts, ['Hello', ' from', ' the server.']);
      assert.equal(response.text(), 'Hello from the server.');
    });

    it('splits a single string into a few chunks of words that join back to it', async () => {
      const text = 'One two three four five six seven eight.';
      server.script({ text });
      const { texts, response } = await readAll(await modelOf(server).generateContentStream('hi'));
      assert.ok(texts.length >= 3, `only ${texts.length} chunk(s)`);
      assert.equal(texts.join(''), text);
      assert.equal(response.text(), text);
    });

    it('estimates usage (ceil(chars/4)) and sends finishReason and candidatesTokenCount on the last chunk only', async () => {
      server.script({ text: ['0123456789', 'abcde'] }); // 15 chars -> 4 tokens
      const model = modelOf(server, { systemInstruction: 'abcd' }); // 4 + 12 chars -> 4 tokens
      const { chunks, response } = await readAll(await model.generateContentStream('hello world!'));
      assert.equal(chunks.length, 2);
      assert.deepEqual(chunks[0]!.usageMetadata, { promptTokenCount: 4, totalTokenCount: 4 });
      assert.equal(chunks[0]!.candidates![0]!.finishReason, undefined);
      assert.equal(chunks[1]!.candidates![0]!.finishReason, 'STOP');
      assert.deepEqual(response.usageMetadata, { promptTokenCount: 4, candidatesTokenCount: 4, totalTokenCount: 8 });
      assert.equal(response.candidates![0]!.finishReason, 'STOP');
      const raw = chunks as unknown as Array<{ modelVersion: string; responseId: string }>;
      assert.equal(raw[0]!.modelVersion, MODEL);
      assert.ok(raw[0]!.responseId && raw[0]!.responseId === raw[1]!.responseId, 'one responseId per answer');
    });

    it('lets a reply override usage; the total adds thoughts', async () => {
      server.script({ text: 'ok', usage: { promptTokenCount: 100, thoughtsTokenCount: 7 } });
      const { response } = await readAll(await modelOf(server).generateContentStream('hi'));
      assert.deepEqual(response.usageMetadata, {
        promptTokenCount: 100,
        candidatesTokenCount: 1,
        thoughtsTokenCount: 7,
        totalTokenCount: 108,
      });
    });

    it('MAX_TOKENS: the cut answer is still returned by text()', async () => {
      server.script({ text: ['The answer is cut', ' right'], finishReason: 'MAX_TOKENS' });
      const { response } = await readAll(await modelOf(server).generateContentStream('hi'));
      assert.equal(response.candidates![0]!.finishReason, 'MAX_TOKENS');
      assert.equal(response.text(), 'The answer is cut right');
    });

    it('answers generateContent with one JSON body holding the joined text', async () => {
      server.script({ text: ['a ', 'b ', 'c'] });
      const { response } = await modelOf(server).generateContent('hi');
      assert.equal(response.text(), 'a b c');
      assert.equal(response.candidates![0]!.finishReason, 'STOP');
      assert.deepEqual(response.usageMetadata, { promptTokenCount: 1, candidatesTokenCount: 2, totalTokenCount: 3 });
      assert.equal(server.requests[0]!.action, 'generateContent');
    });

    it('keeps U+2028 inside one SSE event (the SDK regex does not match it unescaped)', async () => {
      server.script({ text: ['line\u2028sep', 'aration\u2029end'] });
      const { response } = await readAll(await modelOf(server).generateContentStream('hi'));
      assert.equal(response.text(), 'line\u2028separation\u2029end');
    });

    it('answers countTokens with the same estimate and never uses a scripted reply for it', async () => {
      server.script({ text: 'scripted' });
      const model = modelOf(server, { systemInstruction: 'abcd' });
      assert.deepEqual(await model.countTokens('hello world!'), { totalTokens: 4 });
      assert.equal((await model.generateContent('hi')).response.text(), 'scripted');
      assert.deepEqual(
        server.requests.map((r) => r.action),
        ['countTokens', 'generateContent'],
      );
    });
  });

  describe('input limit and scripted counts', () => {
    it('refuses a generate request over maxInputTokens with the body Gemini sends, and counts it all the same', async () => {
      const limited = await startFakeGemini({ maxInputTokens: 5 });
      try {
        const model = modelOf(limited);
        limited.script({ text: 'short answer' });
        assert.equal((await model.generateContent('tiny')).response.text(), 'short answer');
        const long = 'x'.repeat(40);
        const error = await fetchError(model.generateContent(long));
        assert.equal(error.status, 400);
        assert.match(error.message, /The input token count \(10\) exceeds the maximum number of tokens allowed \(5\)\./);
        assert.deepEqual(await model.countTokens(long), { totalTokens: 10 });
      } finally {
        await limited.close();
      }
    });

    it('answers countTokens from scripted counts and errors first', async () => {
      server.scriptCount(42, { error: { status: 500 } });
      const model = modelOf(server);
      assert.deepEqual(await model.countTokens('hello'), { totalTokens: 42 });
      await assert.rejects(model.countTokens('hello'), /500/);
      assert.deepEqual(await model.countTokens('hello world!'), { totalTokens: 3 });
    });
  });

  describe('recording', () => {
    it('records model, action, api key, SDK headers, ?alt=sse and the whole re-sent history', async () => {
      server.script({ text: 'fine' });
      const history = [user('first question'), modelTurn('first answer')];
      const chat = modelOf(server, { key: 'my-key', systemInstruction: 'be brief' }).startChat({ history: [...history] });
      await readAll(await chat.sendMessageStream('second question'));
      const [req] = server.requests as [RecordedRequest];
      assert.equal(req.method, 'POST');
      assert.equal(req.path, `/v1beta/models/${MODEL}:streamGenerateContent`);
      assert.equal(req.model, MODEL);
      assert.equal(req.action, 'streamGenerateContent');
      assert.deepEqual(req.query, { alt: 'sse' });
      assert.equal(req.apiKey, 'my-key');
      assert.equal(req.headers['x-goog-api-key'], 'my-key');
      assert.match(req.headers['x-goog-api-client'] ?? '', /^genai-js\//);
      assert.deepEqual(req.body.contents, [...history, user('second question')]);
      assert.deepEqual(req.body.systemInstruction, { role: 'system', parts: [{ text: 'be brief' }] });
    });

    it('waitForRequests resolves from the request handler once enough generate requests arrived', async () => {
      server.script({ text: 'one' }, { text: 'two' });
      const waiting = server.waitForRequests(2, 2000);
      const model = modelOf(server);
      await model.countTokens('not counted');
      await model.generateContent('first');
      await readAll(await model.generateContentStream('second'));
      const seen = await waiting;
      assert.deepEqual(
        seen.map((r) => r.body.contents[0]!.parts[0]!.text!),
        ['first', 'second'],
      );
    });

    it('waitForRequests rejects with a clear message on timeout', async () => {
      await modelOf(server).generateContent('only one');
      await assert.rejects(server.waitForRequests(2, 30), /waitForRequests\(2\): only 1 generate\/stream request\(s\) arrived within 30 ms/);
    });
  });

  describe('HTTP errors', () => {
    it('429 with QuotaFailure and RetryInfo -> GoogleGenerativeAIFetchError carrying the details', async () => {
      server.script({ error: { status: 429, retryDelay: '15s', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' } });
      const error = await fetchError(modelOf(server).generateContentStream('hi'));
      assert.equal(error.status, 429);
      assert.equal(error.statusText, 'Too Many Requests');
      const details = error.errorDetails as { '@type'?: string; retryDelay?: string; violations?: { quotaId?: string }[] }[];
      const retry = details.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.RetryInfo');
      assert.equal(retry?.retryDelay, '15s');
      const quota = details.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.QuotaFailure');
      assert.equal(quota?.violations?.[0]?.quotaId, 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier');
      assert.match(error.message, /\[429 Too Many Requests\] You exceeded your current quota/);
    });

    it('sends Google error bodies with the status name for each code', async () => {
      const expected: Array<[number, string, RegExp]> = [
        [400, 'INVALID_ARGUMENT', /invalid argument/],
        [403, 'PERMISSION_DENIED', /permission/],
        [404, 'NOT_FOUND', /not found/],
        [429, 'RESOURCE_EXHAUSTED', /exhausted/],
        [500, 'INTERNAL', /internal error/],
        [503, 'UNAVAILABLE', /^The model is overloaded\. Please try again later\.$/],
        [504, 'DEADLINE_EXCEEDED', /Deadline/],
      ];
      for (const [status, name, message] of expected) {
        server.script({ error: { status } });
        const res = await fetch(`${server.url}/v1beta/models/${MODEL}:generateContent`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' },
          body: JSON.stringify({ contents: [user('hi')] }),
        });
        assert.equal(res.status, status);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
        const body = (await res.json()) as { error: { code: number; status: string; message: string; details?: unknown } };
        assert.equal(body.error.code, status);
        assert.equal(body.error.status, name);
        assert.match(body.error.message, message);
        assert.equal(body.error.details, undefined, 'no details unless asked for');
      }
    });

    it('validKeys: another key gets 400 API_KEY_INVALID, a missing key 403, a valid key an answer', async () => {
      const strict = await startFakeGemini({ validKeys: ['good-key'], responder: () => ({ text: 'welcome' }) });
      try {
        const bad = await fetchError(modelOf(strict, { key: 'bad-key' }).generateContentStream('hi'));
        assert.equal(bad.status, 400);
        assert.match(bad.message, /API key not valid\. Please pass a valid API key\./);
        assert.deepEqual(bad.errorDetails?.[0], {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'API_KEY_INVALID',
          domain: 'googleapis.com',
          metadata: { service: 'generativelanguage.googleapis.com' },
        });
        const missing = await fetchError(modelOf(strict, { key: '' }).generateContent('hi'));
        assert.equal(missing.status, 403);
        assert.match(missing.message, /unregistered callers/);
        assert.equal((await modelOf(strict, { key: 'good-key' }).generateContent('hi')).response.text(), 'welcome');
      } finally {
        await strict.close();
      }
    });

    it('models: an unknown model id gets 404 NOT_FOUND with the real message', async () => {
      const limited = await startFakeGemini({ models: [MODEL] });
      try {
        const error = await fetchError(modelOf(limited, { model: 'gemini-0-nope' }).generateContentStream('hi'));
        assert.equal(error.status, 404);
        assert.match(error.message, /models\/gemini-0-nope is not found for API version v1beta, or is not supported for generateContent/);
        assert.equal(limited.requests[0]!.model, 'gemini-0-nope');
      } finally {
        await limited.close();
      }
    });

    it('consecutive user turns -> 400 "alternate" (the SDK accepts them); the scripted reply is kept', async () => {
      server.script({ text: 'kept for later' });
      const chat = modelOf(server).startChat({ history: [user('one')] });
      const error = await fetchError(chat.sendMessage('two'));
      assert.equal(error.status, 400);
      assert.match(error.message, /Please ensure that multiturn requests alternate between user and model\./);
      assert.equal((await modelOf(server).generateContent('hi')).response.text(), 'kept for later');
    });

    it('rejects other invalid contents like the API', async () => {
      const cases: Array<[unknown[], RegExp]> = [
        [[], /contents is not specified/],
        [[modelTurn('hi'), user('x')], /start with a user turn/],
        [[{ role: 'system', parts: [{ text: 'x' }] }], /valid role: user, model/],
        [[user('')], /contents\[0\]\.parts\[0\]\.data: required oneof field 'data'/],
        [[{ role: 'user', parts: [] }], /contents\[0\]\.parts: contents\.parts must not be empty/],
      ];
      for (const [contents, message] of cases) {
        const error = await fetchError(modelOf(server).generateContent({ contents } as unknown as GenerateContentRequest));
        assert.equal(error.status, 400);
        assert.match(error.message, message);
      }
    });

    it('unknown paths and non-POST methods get 404 NOT_FOUND in the JSON error shape', async () => {
      for (const [method, url] of [
        ['POST', '/v1beta/models/x:embedSomething'],
        ['POST', '/nothing/here'],
        ['GET', `/v1beta/models/${MODEL}:generateContent`],
      ] as const) {
        const res = await fetch(server.url + url, { method, headers: { 'x-goog-api-key': 'k' } });
        assert.equal(res.status, 404, `${method} ${url}`);
        assert.deepEqual(await res.json(), { error: { code: 404, message: 'Method not found.', status: 'NOT_FOUND' } });
      }
    });
  });

  describe('demo responder', () => {
    const request = (contents: WireContent[]): RecordedRequest => ({
      method: 'POST',
      path: `/v1beta/models/${MODEL}:streamGenerateContent`,
      model: MODEL,
      action: 'streamGenerateContent',
      query: { alt: 'sse' },
      headers: {},
      apiKey: 'k',
      body: { contents },
      json: true,
    });
    const joined = (contents: WireContent[]) => {
      const reply = demoReply(request(contents));
      assert.ok('text' in reply && Array.isArray(reply.text));
      return reply.text.join('');
    };

    it('is labelled, quotes the first line, counts the re-sent turns, and is deterministic', () => {
      const contents = [user('a'), modelTurn('b'), user('Why is x undefined?\nmore detail')];
      const text = joined(contents);
      assert.match(text, /^\*Demo model \(local, not Gemini\)\*/);
      assert.match(text, /> Why is x undefined\?\n/);
      assert.match(text, /carried 3 turns: 2 earlier turns/);
      assert.doesNotMatch(text, /checklist:/);
      assert.equal(joined(contents), text);
    });

    it('adds a debugging checklist and a fenced snippet when the message has a code block', () => {
      const text = joined([user('It crashes:\n```python\nprint(x)\n```')]);
      assert.match(text, /debugging checklist:\n\n1\. /);
      assert.match(text, /```python\n[^`]+```/);
    });

    it('investigates while a debug session exists: asks for the state and the variables, then answers from them', () => {
      const tools = [{ functionDeclarations: ['debugger_state', 'debugger_variables'].map((name) => ({ name, description: name })) }];
      const asked = demoReply({ ...request([user('Why does it crash?')]), body: { contents: [user('Why does it crash?')], tools } });
      assert.ok('functionCalls' in asked);
      assert.deepEqual(
        asked.functionCalls?.map((c) => c.name),
        ['debugger_state', 'debugger_variables'],
      );
      const results: WireContent = {
        role: 'user',
        parts: [
          {
            functionResponse: {
              name: 'debugger_state',
              response: { status: 'ok', result: { state: 'stopped', reason: 'exception', topFrame: { name: 'sum', path: 'a.js', line: 9 } } },
            },
          },
          { functionResponse: { name: 'debugger_variables', response: { status: 'ok', result: { variables: [{ name: 'i', value: '3' }] } } } },
        ],
      };
      const answer = joined([
        user('Why does it crash?'),
        { role: 'model', parts: [{ functionCall: { name: 'debugger_state' } }, { functionCall: { name: 'debugger_variables' } }] },
        results,
      ]);
      assert.match(answer, /stopped \(exception\) in `sum` at `a\.js:9`/);
      assert.match(answer, /`i` = `3`/);
      const noCalls = demoReply({ ...request([user('x')]), body: { contents: [user('x')], tools, toolConfig: { functionCallingConfig: { mode: 'NONE' } } } });
      assert.ok(!('functionCalls' in noCalls), 'no calls when calls are not allowed');
    });

    it('streams through the SDK in several paced chunks', async () => {
      const { chunks, response } = await readAll(await modelOf(server).generateContentStream('Hello demo'));
      assert.ok(chunks.length >= 5, `only ${chunks.length} chunks`);
      assert.match(response.text(), /^\*Demo model \(local, not Gemini\)\*[\s\S]*> Hello demo/);
    });
  });

  describe('cli', () => {
    it('prints the listening line, serves the demo model and exits cleanly on SIGTERM', async () => {
      const child = spawn(process.execPath, [path.join(__dirname, '../gemini-server/cli.js'), '--port', '0'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const line = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (data: Buffer) => {
            out += data.toString();
            if (out.includes('\n')) resolve(out);
          });
          child.on('exit', () => reject(new Error(`cli exited early: ${out}`)));
        });
        const match = /^Gemini demo server listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(line);
        assert.ok(match, `unexpected output: ${JSON.stringify(line)}`);
        const model = new GoogleGenerativeAI('any').getGenerativeModel({ model: MODEL }, { baseUrl: match[1] });
        assert.match((await model.generateContent('ping')).response.text(), /Demo model/);
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0);
    });
  });
});
