// The API key never leaves SecretStorage or the environment: with a fake key in GEMINI_API_KEY,
// drive the errors a user meets (bad key, rate limit, server error, no network) and an export,
// then look for the key everywhere the extension writes or shows text.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { GeminiAssistantTestApi } from '../../../src/extension';
import type { ViewState } from '../../../src/shared/protocol';
import { startFakeGemini, type FakeGemini } from '../../gemini-server/server';
import { activateApi, askAboutSelection, filesUnder, settings, until } from './helpers';

const Global = vscode.ConfigurationTarget.Global;

describe('security: the API key is never stored, logged, exported or shown', () => {
  const fakeKey = `AIzaSyFAKE-gda-${randomBytes(12).toString('hex')}`;
  let server: FakeGemini;
  let api: GeminiAssistantTestApi;
  let savedEnv: string | undefined;
  const shown: ViewState[] = [];
  let exported = '';

  before(async () => {
    savedEnv = process.env.GEMINI_API_KEY;
    process.env.GEMINI_API_KEY = fakeKey; // read by the extension at every request (same process)
    server = await startFakeGemini();
    await settings().update('apiBaseUrl', server.url, Global);
    await settings().update('maxRetries', 0, Global);
    api = await activateApi();
    await vscode.commands.executeCommand('geminiAssistant.newChat');
  });

  after(async () => {
    if (savedEnv === undefined) delete process.env.GEMINI_API_KEY;
    else process.env.GEMINI_API_KEY = savedEnv;
    await settings().update('apiBaseUrl', undefined, Global);
    await settings().update('maxRetries', undefined, Global);
    await server.close();
  });

  const errors: [string, () => Promise<void>, RegExp][] = [
    ['a rejected key (400 API_KEY_INVALID)', () => Promise.resolve(server.script({ error: { status: 400, reason: 'API_KEY_INVALID' } })), /rejected the API key/],
    [
      'a rate limit (429)',
      () => Promise.resolve(server.script({ error: { status: 429, retryDelay: '20s', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' } })),
      /rate limiting/,
    ],
    ['a server error (500)', () => Promise.resolve(server.script({ error: { status: 500 } })), /internal error/],
    ['no network', () => Promise.resolve(settings().update('apiBaseUrl', 'http://127.0.0.1:9', Global)), /Could not reach Gemini/],
  ];
  for (const [what, arrange, message] of errors) {
    it(`shows ${what} in plain words`, async () => {
      await arrange();
      await askAboutSelection(`What about ${what}?`);
      const state = await until(() => {
        const last = api.viewState()?.messages.at(-1);
        return last?.role === 'error' && message.test(last.text) ? api.viewState() : undefined;
      }, `the error for ${what}`);
      shown.push(state);
    });
  }

  it('answers with the key, and exports the chat', async () => {
    await settings().update('apiBaseUrl', server.url, Global);
    server.script({ text: 'Fine now.' });
    await askAboutSelection('And now?');
    assert.equal(api.chat().history.at(-1)?.parts[0]?.text, 'Fine now.');
    shown.push(api.viewState());
    const file = vscode.Uri.file(join(mkdtempSync(join(tmpdir(), 'gda-export-')), 'chat.json'));
    await vscode.commands.executeCommand('geminiAssistant.exportChat', { uri: file });
    exported = file.fsPath;
  });

  it('sent the key to the server, and it appears nowhere the extension writes or shows text', async () => {
    assert.ok(
      server.requests.some((r) => r.apiKey === fakeKey),
      'the fake key was the one in use',
    );
    const found = (text: string) => text.includes(fakeKey);

    // globalState (the stored chat) and what the chat view was shown, errors included.
    assert.ok(!found(JSON.stringify(api.globalState())), 'globalState');
    assert.equal(shown.length, 5);
    assert.ok(!found(JSON.stringify(shown)), 'the chat view state');
    // The exported chat.
    assert.ok(readFileSync(exported, 'utf8').includes('Fine now.'));
    assert.ok(!found(readFileSync(exported, 'utf8')), 'the exported file');

    // The user data folder: settings.json, global storage (backups, archives), and more.
    const userDir = dirname(dirname(api.globalStorageUri.fsPath)); // <user data>/User
    const userFiles = filesUnder(dirname(userDir));
    const settingsFile = userFiles.find((f) => f.path === join(userDir, 'settings.json'));
    assert.ok(settingsFile?.text.includes('geminiAssistant.maxRetries'), 'settings.json is among the files searched');
    // The extension's log (the "Gemini Debug Assistant" output channel's file) and every other log.
    let logsRoot = api.logUri.fsPath;
    while (!/^logs$/i.test(logsRoot.split(/[\\/]/).at(-1) ?? '') && dirname(logsRoot) !== logsRoot) logsRoot = dirname(logsRoot);
    const logFiles = await until(() => {
      const files = filesUnder(logsRoot);
      return files.some((f) => f.text.includes('Request failed (invalidApiKey')) ? files : undefined;
    }, "the extension's log file, with the failed requests logged");
    const leaks = [...userFiles, ...logFiles].filter((f) => found(f.text)).map((f) => f.path);
    assert.deepEqual(leaks, [], 'files that contain the key');
    console.log(`      searched ${userFiles.length + logFiles.length} files (settings, global storage, logs), the export, globalState and ${shown.length} view states: no key`);
  });
});
