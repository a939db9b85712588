// The stored chat in a real VS Code: a reload in the middle of a stream, a damaged stored value,
// the archive of a long chat, and another window writing the same chat.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { INITIAL_CHAT_ID, type PersistedChat, type StoredChat } from '../../../src/core/types';
import type { GeminiAssistantTestApi } from '../../../src/extension';
import { activateApi, askAboutSelection, filesUnder, lastQuestion, settings, until, useLocalGemini } from './helpers';

const Global = vscode.ConfigurationTarget.Global;

describe('reliability of the stored chat', () => {
  const server = useLocalGemini();
  let api: GeminiAssistantTestApi;
  const stored = () => api.globalState()[api.storageKey] as PersistedChat;

  before(async () => {
    api = await activateApi();
  });

  after(async () => {});

  afterEach(async () => {
    await settings().update('maxChatTurns', undefined, Global);
  });

  it('keeps the question once, unanswered, across a reload during a stream; Retry sends it once', async () => {
    server.script({ fault: 'stall', afterChunks: 1, ms: Infinity, text: ['Half an ', 'answer'] });
    const asking = askAboutSelection('Will this survive a reload?');
    await until(() => api.viewState()?.messages.some((m) => m.streaming && m.text === 'Half an '), 'the first chunk to stream in');

    api.reloadFromStorage();
    await asking;
    const history = api.chat().history;
    assert.equal(history.length, 1, 'one turn: the question, no partial answer');
    assert.equal(history[0]!.role, 'user');
    assert.match(history[0]!.parts[0]!.text!, /Will this survive a reload\?$/);
    assert.deepEqual(stored().history, history, 'storage holds the same');
    const shown = api.viewState().messages;
    assert.deepEqual(
      shown.map((m) => m.role),
      ['user', 'error'],
    );
    assert.deepEqual([shown[1]!.note, shown[1]!.actions], ['Not answered yet', ['retry']]);

    server.script({ text: 'Yes, it did.' });
    await api.retry();
    const requests = await server.waitForRequests(2);
    assert.equal(requests.length, 2, 'Retry sent exactly one request');
    assert.equal(requests[1]!.body.contents.length, 1, 'the question is sent once, not duplicated');
    assert.equal(lastQuestion(requests[1]!), history[0]!.parts[0]!.text);
    assert.deepEqual(
      api.chat().history.map((c) => c.role),
      ['user', 'model'],
    );
    assert.equal(api.chat().history[1]!.parts[0]!.text, 'Yes, it did.');
  });

  it('backs up a damaged stored chat to the global storage folder before repairing it', async () => {
    const damaged = { version: 1, history: [{ role: 'model', parts: [{ text: 'orphan' }] }, { role: 'user', parts: [{ text: 'kept question' }] }, 'junk'], revision: 'x' };
    const backups = vscode.Uri.joinPath(api.globalStorageUri, 'backups').fsPath;
    const before = new Set(filesUnder(backups).map((f) => f.path));
    await api.writeStoredValue(damaged);

    api.reloadFromStorage();
    const backup = await until(() => filesUnder(backups).find((f) => !before.has(f.path) && f.path.endsWith('-damaged.json')), 'a backup file');
    assert.deepEqual(JSON.parse(backup.text), damaged, 'the backup holds the raw value as it was');
    assert.deepEqual(api.chat().history, [{ role: 'user', parts: [{ text: 'kept question' }] }]);
    await until(() => stored().revision > 0, 'the repaired chat to be stored');
    assert.deepEqual(stored().history, api.chat().history);
  });

  it('moves the oldest turns to an archive file past geminiAssistant.maxChatTurns, and the view says so and offers Open Archive', async () => {
    await settings().update('maxChatTurns', 4, Global);
    server.script({ text: 'A1' }, { text: 'A2' }, { text: 'A3' }, { text: 'Earlier: Q1, answered A1.' });
    for (const question of ['Q1', 'Q2', 'Q3']) await askAboutSelection(question);
    const chat = api.chat();
    assert.equal(chat.archived, 2);
    assert.deepEqual(
      chat.history.map((c) => c.parts[0]!.text!.split('\n').at(-1)),
      ['Q2', 'A2', 'Q3', 'A3'],
    );
    const archive = filesUnder(vscode.Uri.joinPath(api.globalStorageUri, 'archive').fsPath).find((f) => f.path.endsWith(`-${chat.chatId}.json`));
    assert.ok(archive, 'the archive file of this chat exists');
    const archived = JSON.parse(readFileSync(archive.path, 'utf8')) as StoredChat;
    assert.deepEqual(
      archived.history.map((c) => c.parts[0]!.text!.split('\n').at(-1)),
      ['Q1', 'A1'],
    );
    const notice = api.viewState().notices.find((n) => n.id === 'archived');
    assert.match(notice?.text ?? '', /^2 older messages were moved to the archive/);
    assert.deepEqual(notice?.action, { label: 'Open Archive', command: 'openArchive' });
    const [, , third] = await server.waitForRequests(3);
    assert.equal(third!.body.contents.length, 3, 'archived turns are no longer sent');
    // Then one request summarizes the archived pair; the summary is stored and shown.
    const [, , , summarizing] = await server.waitForRequests(4);
    assert.equal(summarizing!.body.contents.length, 1);
    assert.match(lastQuestion(summarizing!), /Gemini: A1$/);
    await until(() => api.chat().summary, 'the summary to be stored');
    assert.deepEqual(api.chat().summary, { text: 'Earlier: Q1, answered A1.', turns: 2 });
    await until(() => api.viewState()?.summary === 'Earlier: Q1, answered A1.', 'the view to show the summary');
    assert.equal(api.viewState().summaryTurns, 2);
  });

  it('shows the archived turns on "Show N earlier messages", read back from the archive file, and says so when the file is damaged or missing', async () => {
    await settings().update('maxChatTurns', 4, Global);
    server.script({ text: 'A1' }, { text: 'A2' }, { text: 'A3' }, { text: 'Earlier: Q1, answered A1.' });
    for (const question of ['Q1', 'Q2', 'Q3']) await askAboutSelection(question);
    await until(() => api.chat().summary, 'the summary to be stored');
    assert.deepEqual(api.viewState().archive, { count: 2 });

    await api.showArchive();
    const { archive } = api.viewState();
    assert.deepEqual(
      archive!.messages!.map((m) => [m.id, m.role, m.card?.question ?? m.text]),
      [
        ['a0', 'user', 'Q1'],
        ['a1', 'model', 'A1'],
      ],
      'the archived question shows as its card, as it did in the live chat',
    );
    assert.equal(archive!.divider, 'Archived: covered by the summary');
    assert.deepEqual(
      api.viewState().messages.map((m) => m.id),
      ['t0', 't1', 't2', 't3'],
    );

    const file = filesUnder(vscode.Uri.joinPath(api.globalStorageUri, 'archive').fsPath).find((f) => f.path.endsWith(`-${api.chat().chatId ?? INITIAL_CHAT_ID}.json`))!.path;
    writeFileSync(file, '{"version": 1, "history": [');
    // Read once when asked: later renders (here a whole new session, as after a reload) show what was read.
    api.reloadFromStorage();
    assert.deepEqual(api.viewState().archive, archive);
    api.hideArchive();
    assert.deepEqual(api.viewState().archive, { count: 2 });
    await api.showArchive();
    assert.ok(
      api.viewState().archive!.error!.startsWith(`The archive file could not be read: ${file}. This is not a Gemini chat export (it is not valid JSON: `),
      api.viewState().archive!.error,
    );
    assert.equal(api.viewState().archive!.messages, undefined);
    assert.equal(api.viewState().messages.length, 4, 'the live chat is shown as before');

    rmSync(file);
    api.hideArchive();
    await api.showArchive();
    assert.equal(api.viewState().archive!.error, `The archive file is missing or empty: ${file}.`);

    // The archived turns belong to their conversation.
    await vscode.commands.executeCommand('geminiAssistant.newChat');
    assert.equal(api.viewState().archive, undefined);
  });

  it('merges what another window stored meanwhile instead of overwriting it', async () => {
    server.script({ text: 'A1' }, { text: 'A2' });
    await askAboutSelection('Q1');
    const mine = stored();
    const other = [
      { role: 'user' as const, parts: [{ text: 'asked in the other window' }] },
      { role: 'model' as const, parts: [{ text: 'answered there' }] },
    ];
    await api.writeStoredValue({ ...mine, history: [...mine.history, ...other], revision: mine.revision + 1, writer: 'another-window' });

    await askAboutSelection('Q2');
    const [, second] = await server.waitForRequests(2);
    assert.deepEqual(second!.body.contents.slice(2, 4), other, "the other window's turns are part of the conversation");
    assert.deepEqual(
      stored().history.map((c) => c.role),
      ['user', 'model', 'user', 'model', 'user', 'model'],
    );
    assert.deepEqual(stored().history.slice(2, 4), other);
    assert.deepEqual(api.chat().history, stored().history, 'this window shows what is stored');
  });
});
