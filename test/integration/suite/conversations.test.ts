// A workspace's conversations in a real VS Code, through the commands: New Chat keeps the old
// one, Switch opens it (and the next request carries its history), Rename, Delete, Import as a
// new conversation, a reload keeps the open one; globalState holds only the index and the open
// conversation, the others are files in global storage.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GeminiAssistantTestApi } from '../../../src/extension';
import { CONVERSATIONS_KEY_PREFIX } from '../../../src/host/ids';
import { activateApi, useLocalGemini } from './helpers';

describe('Conversations of a workspace', () => {
  const server = useLocalGemini();
  let api: GeminiAssistantTestApi;

  before(async () => {
    api = await activateApi();
  });

  const ask = async (text: string) => {
    server.script({ text: `Answer to ${text}` });
    await api.send(text);
  };
  const listed = () => api.conversations().map((c) => `${c.open ? '*' : ''}${c.title}`);
  const idOf = (title: string) => api.conversations().find((c) => c.title === title)!.id;

  it('New Chat keeps the old conversation; Switch opens it again and the next request carries its history', async () => {
    await ask('Where is the leak?');
    await vscode.commands.executeCommand('geminiAssistant.newChat');
    await ask('Why is the build slow?');
    assert.deepEqual(listed().slice(0, 2), ['*Why is the build slow?', 'Where is the leak?']);

    await vscode.commands.executeCommand('geminiAssistant.switchConversation', { id: idOf('Where is the leak?') });
    assert.deepEqual(listed().slice(0, 2), ['*Where is the leak?', 'Why is the build slow?']);
    await ask('And the fix?');
    assert.deepEqual(
      server.requests.at(-1)!.body.contents.map((c) => c.parts[0]!.text),
      ['Where is the leak?', 'Answer to Where is the leak?', 'And the fix?'],
    );

    api.reloadFromStorage();
    assert.equal(api.chat().history[0]!.parts[0]!.text, 'Where is the leak?', 'the open conversation is restored after a reload');
    assert.equal(listed()[0], '*Where is the leak?');
  });

  it('keeps the open conversation and a small index in globalState, the others as files in global storage', async () => {
    await ask('stored as a file');
    const fileId = api.chat().chatId!;
    await vscode.commands.executeCommand('geminiAssistant.newChat');
    await ask('the open one');
    const state = api.globalState();
    const index = Object.entries(state).find(([key]) => key.startsWith(CONVERSATIONS_KEY_PREFIX))![1] as { entries: { id: string }[] };
    assert.ok(index.entries.some((e) => e.id === fileId));
    assert.ok(!JSON.stringify(state).includes('Answer to stored as a file'), 'a closed conversation is not in globalState');
    const folders = readdirSync(join(api.globalStorageUri.fsPath, 'conversations'));
    const files = folders.flatMap((folder) => readdirSync(join(api.globalStorageUri.fsPath, 'conversations', folder)));
    assert.ok(files.includes(`${fileId}.json`), files.join(', '));
    assert.ok(!files.some((f) => f.endsWith('.tmp')), 'no temporary file is left behind');
  });

  it('Rename names a conversation; Delete removes it and opens the newest other', async () => {
    await ask('to be renamed');
    await vscode.commands.executeCommand('geminiAssistant.renameConversation', { title: 'Renamed in VS Code' });
    assert.equal(listed()[0], '*Renamed in VS Code');
    await vscode.commands.executeCommand('geminiAssistant.newChat');
    await ask('to be deleted');
    await vscode.commands.executeCommand('geminiAssistant.deleteConversation');
    assert.equal(listed()[0], '*Renamed in VS Code');
    assert.ok(!listed().includes('to be deleted'));
    assert.equal(api.chat().history[0]!.parts[0]!.text, 'to be renamed');
  });

  it('Import opens the file as a new conversation and keeps the open one', async () => {
    await ask('before the import');
    const file = join(mkdtempSync(join(tmpdir(), 'gda-import-')), 'chat.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        history: [
          { role: 'user', parts: [{ text: 'imported question' }] },
          { role: 'model', parts: [{ text: 'imported answer' }] },
        ],
      }),
    );
    await vscode.commands.executeCommand('geminiAssistant.importChat', { uri: vscode.Uri.file(file) });
    assert.deepEqual(listed().slice(0, 2), ['*imported question', 'before the import']);
    await ask('after the import');
    assert.deepEqual(
      server.requests.at(-1)!.body.contents.map((c) => c.parts[0]!.text),
      ['imported question', 'imported answer', 'after the import'],
    );
  });
});
