import assert from 'node:assert/strict';
import { isSecretName, nameWords, redactSecretsInText } from '../../src/core/context/redaction';

describe('redaction of secrets', () => {
  it('splits names into words', () => {
    assert.deepEqual(nameWords('apiToken'), ['api', 'token']);
    assert.deepEqual(nameWords('GEMINI_API_KEY'), ['gemini', 'api', 'key']);
    assert.deepEqual(nameWords('x-auth-key'), ['x', 'auth', 'key']);
    assert.deepEqual(nameWords('HTTPAuthHeader'), ['http', 'auth', 'header']);
    assert.deepEqual(nameWords('customer.password'), ['customer', 'password']);
  });

  it('knows secret-looking names, in any case and as nested properties', () => {
    for (const name of [
      'apiKey',
      'api_key',
      'APIKEY',
      'apiToken',
      'token',
      'password',
      'PASSWORD',
      'dbPassword',
      'passwd',
      'secret',
      'clientSecret',
      'client_secret',
      'auth',
      'authToken',
      'Authorization',
      'credentials',
      'awsAccessKeyId',
      'privateKey',
      'cookie',
      'jwt',
      'sessionId',
      'customer.password',
      'headers.Authorization',
      'GEMINI_API_KEY',
      'key',
    ]) {
      assert.equal(isSecretName(name), true, name);
    }
  });

  it('leaves ordinary names alone', () => {
    for (const name of ['author', 'authorName', 'monkey', 'keyboard', 'total', 'items', 'order.items', 'retries', 'tokenizer', 'passenger', 'i', 'this', '0']) {
      assert.equal(isSecretName(name), false, name);
    }
  });

  it('redacts string literals assigned to secret names in code and previews', () => {
    assert.equal(redactSecretsInText("const apiToken = 'sk-123';"), "const apiToken = '<redacted>';");
    assert.equal(redactSecretsInText('{"password": "hunter2", "user": "ada"}'), '{"password": "<redacted>", "user": "ada"}');
    assert.equal(redactSecretsInText("{name: 'Ada', password: 'hunter2'}"), "{name: 'Ada', password: '<redacted>'}");
    assert.equal(redactSecretsInText('let secret = `a\\`b`;'), 'let secret = `<redacted>`;');
    assert.equal(redactSecretsInText("config.apiKey='x'"), "config.apiKey='<redacted>'");
  });

  it('keeps comparisons, arrow functions and ordinary assignments', () => {
    for (const text of ["if (token === 'abc') {}", "if (password == 'x')", 'token => token.trim()', "const name = 'Ada';", 'apiKey: string']) {
      assert.equal(redactSecretsInText(text), text);
    }
  });

  it('redacts NAME=value pairs, --flag=value and bearer credentials', () => {
    assert.equal(redactSecretsInText('GEMINI_API_KEY=abc123 npm test'), 'GEMINI_API_KEY=<redacted> npm test');
    assert.equal(redactSecretsInText('export DB_PASSWORD=s3cr3t; run'), 'export DB_PASSWORD=<redacted>; run');
    assert.equal(redactSecretsInText('cli --token=abc --retries=3'), 'cli --token=<redacted> --retries=3');
    assert.equal(redactSecretsInText('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.x'), 'Authorization: Bearer <redacted>');
    assert.equal(redactSecretsInText('PATH=/usr/bin HOME=/root'), 'PATH=/usr/bin HOME=/root');
  });

  it('is idempotent', () => {
    const once = redactSecretsInText("apiKey = 'x'; TOKEN=y; Bearer abcdefghijkl");
    assert.equal(redactSecretsInText(once), once);
  });
});

describe('redaction of secrets in long text', () => {
  // How its time grows is measured in npm run bench (BENCHMARKS.md); backtracking that blew up would time this test out.
  it('leaves long runs of name characters alone (minified code, base64, dashes)', () => {
    for (const text of ['a'.repeat(200_000), 'a-'.repeat(100_000), '-'.repeat(200_000), 'a.'.repeat(100_000), 'x '.repeat(100_000)]) {
      assert.equal(redactSecretsInText(text), text);
    }
  });
});
