// A damaged stored chat is backed up before anything overwrites it; a closing session (a window
// reload) keeps every word it was given and then writes nothing more.
import assert from 'node:assert/strict';
import type { SaveNotice } from '../../src/core/chat/chatRepository';
import { ChatSession } from '../../src/core/chat/chatSession';
import type { Content, PersistedChat } from '../../src/core/types';
import { echoModel } from '../support/echoModel';
import { MemoryFiles } from '../support/memoryFiles';
import { MemoryStore } from '../support/memoryStore';

const texts = (history: readonly Content[]) => history.map((c) => `${c.role}: ${c.parts.map((p) => p.text).join(' + ')}`);
const damaged = { version: 1, history: [{ role: 'model', parts: [{ text: 'orphan' }] }, { role: 'user', parts: [{ text: 'kept' }] }, 42] };

function open(store: MemoryStore, files: MemoryFiles | undefined, delayMs = 0) {
  const notices: SaveNotice[] = [];
  const session = new ChatSession({
    store,
    files,
    connect: () => Promise.resolve(echoModel(() => delayMs)),
    retryPolicy: () => ({ maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 }),
    tokenBudget: () => 1e9,
    listener: { changed: () => undefined, delta: () => undefined, saveFailed: (e) => assert.fail(String(e)), notice: (n) => notices.push(n) },
  });
  return { session, notices };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('a damaged stored chat', () => {
  it('is backed up as it was before the repaired chat replaces it, and the user is told where', async () => {
    const store = new MemoryStore(structuredClone(damaged));
    const files = new MemoryFiles();
    const backupsAtSave: number[] = [];
    const save = store.save.bind(store);
    store.save = async (chat) => {
      backupsAtSave.push(files.backups.length);
      await save(chat);
    };
    const { session, notices } = open(store, files);
    assert.deepEqual(texts(session.history), ['user: kept']);
    await settle();
    assert.deepEqual(
      files.backups.map((b) => [b.label, b.value]),
      [['damaged', damaged]],
    );
    assert.deepEqual(backupsAtSave, [1], 'the repaired chat is stored once, after the backup');
    assert.deepEqual(texts((store.value as PersistedChat).history), ['user: kept']);
    assert.equal(notices.length, 1);
    const notice = notices[0]!;
    assert.ok(notice.kind === 'repaired' && notice.backup === files.backups[0]!.where && notice.problems.length === 2);
  });

  it('stays stored when the backup fails, and the user is told it was not backed up', async () => {
    const store = new MemoryStore(structuredClone(damaged));
    const files = new MemoryFiles();
    files.failBackup = new Error('no space left on device');
    const { session, notices } = open(store, files);
    await settle();
    assert.deepEqual(store.value, damaged, 'nothing overwrote the damaged value');
    assert.ok(notices[0]?.kind === 'repaired' && notices[0].backup === undefined && /no space/.test(String(notices[0].error)));
    await session.send('next');
    assert.deepEqual(texts((store.value as PersistedChat).history), ['user: kept + next', 'model: re: kept | next']);
  });

  it('is neither backed up nor rewritten when it is healthy', async () => {
    const healthy = { version: 1, history: [{ role: 'user', parts: [{ text: 'q' }] }], revision: 3, writer: 'w' };
    const store = new MemoryStore(structuredClone(healthy));
    const files = new MemoryFiles();
    const { notices } = open(store, files);
    await settle();
    assert.deepEqual([files.backups.length, store.saves.length, notices.length], [0, 0, 0]);
  });
});

describe('closing a session (window reload)', () => {
  it('abandons the answer in flight, keeps queued messages as part of the unanswered question, then writes nothing', async () => {
    const store = new MemoryStore();
    const { session } = open(store, new MemoryFiles(), 10_000);
    void session.send('first');
    void session.send('queued');
    await settle();
    assert.deepEqual(
      session.queued.map((m) => m.text),
      ['queued'],
    );
    session.close();
    await settle();
    assert.deepEqual(texts((store.value as PersistedChat).history), ['user: first + queued']);
    const saves = store.saves.length;
    await session.send('after close');
    await session.retry();
    assert.equal(store.saves.length, saves, 'a closed session writes nothing');
    const reopened = open(store, new MemoryFiles());
    await reopened.session.retry();
    assert.deepEqual(texts(reopened.session.history), ['user: first + queued', 'model: re: first | queued']);
  });
});
