// The chat repository: the one owner of a conversation's stored state. It changes only through
// its methods, tells its listeners about every change, and keeps cards and answer details with
// their turns through merges with another window and replacements.
import assert from 'node:assert/strict';
import { ChatRepository, type ChatChange, type SaveNotice } from '../../src/core/chat/chatRepository';
import type { ContextCard, PersistedChat } from '../../src/core/types';
import { MemoryFiles } from '../support/memoryFiles';
import { MemoryStore } from '../support/memoryStore';

const card: ContextCard = { kind: 'exception', title: 'TypeError: boom', question: 'Why?' };

function open(store: MemoryStore, writer: string, files = new MemoryFiles()) {
  const changes: ChatChange[] = [];
  const notices: SaveNotice[] = [];
  const repository = new ChatRepository({ store, files, writer, notify: (n) => notices.push(n), saveFailed: (e) => assert.fail(String(e)) });
  repository.onChange((change) => changes.push(change));
  return { repository, changes, notices };
}

describe('chat repository', () => {
  it('changes only through its methods, tells its listeners each time, and stores on save', async () => {
    const store = new MemoryStore();
    const { repository, changes } = open(store, 'A');
    repository.addUserMessage({ text: 'why?', card });
    repository.addAnswer([{ text: 'Because.' }, { functionCall: { name: 'debugger_state', args: {} }, thoughtSignature: 'sig' }], { finishReason: 'STOP' });
    assert.deepEqual(
      changes.map((c) => c.kind),
      ['edited', 'edited'],
    );
    assert.equal(store.saves.length, 0, 'nothing stored before save()');
    await repository.save();
    const stored = store.value as PersistedChat;
    assert.deepEqual(stored.history[1]!.parts[1], { functionCall: { name: 'debugger_state', args: {} }, thoughtSignature: 'sig' });
    assert.deepEqual(stored.cards, { 0: { 0: card } });
    assert.deepEqual(stored.answers, { 1: { finishReason: 'STOP' } });
    assert.equal(stored.writer, 'A');
  });

  it("merges another window's turns on save and keeps each card with its message", async () => {
    const store = new MemoryStore();
    const a = open(store, 'A');
    const b = open(store, 'B');
    a.repository.addUserMessage({ text: 'from A' });
    await a.repository.save();
    b.repository.addUserMessage({ text: 'exception from B', card });
    await b.repository.save();
    assert.deepEqual(
      b.repository.chat.history.map((t) => t.parts.map((p) => p.text)),
      [['from A', 'exception from B']],
    );
    assert.deepEqual(b.repository.chat.cards, { 0: { 1: card } }, 'the card moved with its part');
    assert.deepEqual(b.notices, [{ kind: 'merged', added: 1 }]);
    assert.ok(b.changes.some((c) => c.kind === 'edited'));
  });

  it("follows another window's new chat, handing back the messages it had not stored, cards included", async () => {
    const store = new MemoryStore();
    const files = new MemoryFiles();
    const a = open(store, 'A', files);
    const b = open(store, 'B', files);
    a.repository.addUserMessage({ text: 'old question' });
    await a.repository.save();
    b.repository.replace({ version: 1, history: [], chatId: 'new-chat' });
    await b.repository.save();
    a.repository.addUserMessage({ text: 'asked meanwhile', card });
    await a.repository.save();
    assert.equal(a.repository.chatId, 'new-chat');
    const replaced = a.changes.find((c) => c.kind === 'replaced');
    assert.deepEqual(replaced, { kind: 'replaced', resend: [{ text: 'asked meanwhile', card }] }, 'only what this window had not stored');
    assert.ok(a.notices.some((n) => n.kind === 'replacedElsewhere'));
  });

  it('gives the archived turns no summary covers, from the archive file after a reload', async () => {
    const store = new MemoryStore();
    const files = new MemoryFiles();
    const history = [
      { role: 'user' as const, parts: [{ text: 'Q1' }] },
      { role: 'model' as const, parts: [{ text: 'A1' }] },
      { role: 'user' as const, parts: [{ text: 'Q2' }] },
      { role: 'model' as const, parts: [{ text: 'A2' }] },
    ];
    await files.archive('c1', 0, { history });
    store.value = {
      version: 1,
      history: [{ role: 'user', parts: [{ text: 'Q3' }] }],
      chatId: 'c1',
      archived: 4,
      summary: { text: 'Q1 and A1', turns: 2 },
      revision: 3,
      writer: 'A',
    };
    const { repository } = open(store, 'B', files);
    assert.deepEqual(await repository.unsummarized(), history.slice(2));
    assert.equal(repository.setSummary('c1', 2, 'All four.', 4), true);
    assert.deepEqual(await repository.unsummarized(), []);
    assert.equal(repository.setSummary('c1', 2, 'stale', 4), false, 'a summary based on an older one is refused');
  });
});
