// Bounded chat lifetime: which turns move to the archive, and a session that archives them.
import assert from 'node:assert/strict';
import { appendToArchive, dropArchived, turnsToArchive } from '../../src/core/chat/chatArchive';
import type { SaveNotice } from '../../src/core/chat/chatRepository';
import { ChatSession } from '../../src/core/chat/chatSession';
import { historyProblem } from '../../src/core/chat/history';
import { exportArchive, parseArchiveFile } from '../../src/core/chat/storedChat';
import type { Content, ContextCard, PersistedChat, StoredChat } from '../../src/core/types';
import { presentArchive, presentChat } from '../../src/host/chatPresenter';
import { echoModel } from '../support/echoModel';
import { MemoryFiles } from '../support/memoryFiles';
import { MemoryStore } from '../support/memoryStore';

const u = (text: string): Content => ({ role: 'user', parts: [{ text }] });
const m = (text: string): Content => ({ role: 'model', parts: [{ text }] });
const pairs = (n: number, size = 1) => Array.from({ length: n }, (_, i) => [u(`q${i}` + 'x'.repeat(size)), m(`a${i}` + 'y'.repeat(size))]).flat();
const chat = (history: Content[], extra: Partial<StoredChat> = {}): StoredChat => ({ version: 1, history, ...extra });
const texts = (history: readonly Content[]) => history.map((c) => c.parts.map((p) => p.text).join('+'));
const card: ContextCard = { kind: 'exception', title: 'TypeError: x is undefined', question: 'Why?' };

describe('which turns to archive', () => {
  const roomy = { maxTurns: 50, maxBytes: 1e9 };

  it('archives nothing within the limits', () => {
    assert.equal(turnsToArchive(chat(pairs(25)), roomy), 0);
  });

  it('archives the oldest whole pairs past maxTurns', () => {
    assert.equal(turnsToArchive(chat(pairs(26)), { maxTurns: 9, maxBytes: 1e9 }), 44);
    assert.equal(turnsToArchive(chat([...pairs(4), u('pending')]), { maxTurns: 8, maxBytes: 1e9 }), 2, '9 turns: one pair goes, the rest starts with the user');
    assert.equal(turnsToArchive(chat(pairs(30)), { maxTurns: 5, maxBytes: 1e9 }), 56);
  });

  it('past a maxTurns of 10 or more, archives a tenth more so that archive steps (and summaries) are rare', () => {
    assert.equal(turnsToArchive(chat(pairs(26)), roomy), 12, '52 turns past 50: down to 40');
    assert.equal(turnsToArchive(chat([...pairs(25), u('pending')]), roomy), 12, '51 turns: 39 stay, starting with the user');
    assert.equal(turnsToArchive(chat(pairs(20)), roomy), 0, 'at the limit nothing moves');
    assert.equal(turnsToArchive(chat(pairs(11)), { maxTurns: 20, maxBytes: 1e9 }), 6, '22 turns past 20: down to 16');
  });

  it('archives the oldest pairs past the size limit', () => {
    const big = chat(pairs(10, 10_000)); // about 200 KB
    const count = turnsToArchive(big, { maxTurns: 50, maxBytes: 64 * 1024 });
    assert.ok(count > 0 && count % 2 === 0);
    const rest = dropArchived(big, count);
    assert.ok(JSON.stringify(rest).length <= 64 * 1024, 'what stays fits');
    assert.ok(JSON.stringify(dropArchived(big, count - 2)).length > 64 * 1024, 'and no more than needed was archived');
  });

  it('always keeps the newest pair, or the unanswered question, however large', () => {
    assert.equal(turnsToArchive(chat([u('x'.repeat(500_000)), m('y'.repeat(500_000))]), { maxTurns: 2, maxBytes: 1000 }), 0);
    assert.equal(turnsToArchive(chat([...pairs(3), u('x'.repeat(500_000))]), { maxTurns: 2, maxBytes: 1000 }), 6);
    assert.equal(turnsToArchive(chat([u('only')]), { maxTurns: 0, maxBytes: 0 }), 0);
  });

  it('drops archived turns, renumbering answer details and counting what is archived', () => {
    const before = chat(pairs(3), { answers: { 1: { finishReason: 'STOP' }, 5: { finishReason: 'MAX_TOKENS' } }, archived: 4 });
    const after = dropArchived(before, 4);
    assert.deepEqual(texts(after.history), ['q2x', 'a2y']);
    assert.deepEqual(after.answers, { 1: { finishReason: 'MAX_TOKENS' } });
    assert.equal(after.archived, 8);
    assert.throws(() => dropArchived(before, 3), /pairs/);
  });
});

describe('the archive file', () => {
  it('appends pairs, and skips pairs already archived at their place', () => {
    const first = appendToArchive({ history: [] }, 0, { history: pairs(2) });
    assert.equal(first.appended, 4);
    const again = appendToArchive(first, 2, { history: pairs(3).slice(2) });
    assert.deepEqual([again.appended, texts(again.history)], [2, ['q0x', 'a0y', 'q1x', 'a1y', 'q2x', 'a2y']]);
  });

  it('appends a different pair found at an archived place instead of dropping it', () => {
    const archive = appendToArchive({ history: [] }, 0, { history: pairs(1) });
    const { history, appended } = appendToArchive(archive, 0, { history: [u('other'), m('answer')] });
    assert.equal(appended, 2);
    assert.deepEqual(texts(history), ['q0x', 'a0y', 'other', 'answer']);
    assert.equal(historyProblem(history), undefined);
    const sameQuestion = appendToArchive(archive, 0, { history: [u('q0x'), m('another answer')] });
    assert.deepEqual(texts(sameQuestion.history), ['q0x', 'a0y', 'q0x', 'another answer'], 'a pair is skipped only when both turns match');
  });

  it('keeps the cards of context messages, keyed by their place in the archive', () => {
    const first = appendToArchive({ history: [] }, 0, { history: pairs(1) });
    const second = appendToArchive(first, 2, { history: [u('context'), m('answer'), u('q'), m('a')], cards: { 0: { 0: card } } });
    assert.deepEqual(second.cards, { 2: { 0: card } });
    const again = appendToArchive(second, 2, { history: [u('context'), m('answer')], cards: { 0: { 0: card } } });
    assert.deepEqual([again.appended, again.cards], [0, { 2: { 0: card } }], 'a pair already archived brings nothing twice');
  });

  it('keeps the times of the turns it appends, keyed by their place in the archive', () => {
    const first = appendToArchive({ history: [] }, 0, { history: pairs(1), times: { 0: 10, 1: 11 } });
    const second = appendToArchive(first, 2, { history: [u('q'), m('a')], times: { 1: 21 } });
    assert.deepEqual(second.times, { 0: 10, 1: 11, 3: 21 });
  });
});

describe('a session past its limits', () => {
  function open(store: MemoryStore, files: MemoryFiles, maxTurns: number) {
    const notices: SaveNotice[] = [];
    const session = new ChatSession({
      store,
      files,
      connect: () => Promise.resolve(echoModel()),
      retryPolicy: () => ({ maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 }),
      tokenBudget: () => 1e9,
      limits: () => ({ maxTurns, maxBytes: 256 * 1024 }),
      listener: { changed: () => undefined, delta: () => undefined, saveFailed: (e) => assert.fail(String(e)), notice: (n) => notices.push(n) },
    });
    return { session, notices };
  }

  it('moves the oldest pairs to the archive file, and the view says how many and where', async () => {
    const store = new MemoryStore();
    const files = new MemoryFiles();
    const { session, notices } = open(store, files, 4);
    for (let i = 1; i <= 5; i++) await session.send(`q${i}`);
    const stored = store.value as PersistedChat;
    assert.deepEqual(texts(stored.history), ['q4', 're: q4', 'q5', 're: q5']);
    assert.equal(stored.archived, 6);
    assert.deepEqual(texts(files.archives.get(session.chatId)!.history), ['q1', 're: q1', 'q2', 're: q2', 'q3', 're: q3']);
    assert.deepEqual(
      notices.filter((n) => n.kind === 'archived').map((n) => n.kind === 'archived' && n.total),
      [2, 4, 6],
    );
    const view = presentChat(session, { hasApiKey: true, demo: false, model: 'm', maxRetries: 0, archiveLocation: 'archive/x.json' });
    assert.equal(view.notices.length, 1);
    assert.match(view.notices[0]!.text, /^6 older messages were moved to the archive(;| and)/);
    // The notice carries its action as data: the view never reads the path back out of the text.
    assert.deepEqual(view.notices[0]!.action, { label: 'Open Archive', command: 'openArchive' });
    assert.deepEqual(
      view.messages.map((msg) => msg.text),
      ['q4', 're: q4', 'q5', 're: q5'],
    );
  });

  it('archives a context message with its card, so that the archived messages show it as a card', async () => {
    const store = new MemoryStore();
    const files = new MemoryFiles();
    const { session } = open(store, files, 2);
    await session.send({ text: 'The exception TypeError: x is undefined at app.js:3. Why?', card });
    await session.send('q2');
    const archive = files.archives.get(session.chatId)!;
    assert.deepEqual(archive.cards, { 0: { 0: card } });
    assert.deepEqual(presentArchive(archive)[0], { id: 'a0', role: 'user', text: 'The exception TypeError: x is undefined at app.js:3. Why?', card, time: archive.times?.[0] });
    assert.equal((store.value as PersistedChat).cards, undefined, 'the card left the live chat with its message');
  });

  it('archives the messages with their times, which the archive file keeps and the archived messages show', async () => {
    const store = new MemoryStore();
    const files = new MemoryFiles();
    const { session } = open(store, files, 2);
    const before = Date.now();
    await session.send('q1');
    await session.send('q2');
    const archive = files.archives.get(session.chatId)!;
    assert.deepEqual(Object.keys(archive.times ?? {}), ['0', '1']);
    for (const time of Object.values(archive.times!)) assert.ok(time >= before && time <= Date.now());
    assert.deepEqual(Object.keys((store.value as PersistedChat).times ?? {}), ['0', '1'], 'the live turns keep theirs, renumbered');
    const read = parseArchiveFile(exportArchive(archive));
    assert.deepEqual(read.times, archive.times);
    assert.deepEqual(
      presentArchive(read).map((message) => message.time),
      [archive.times![0], archive.times![1]],
    );
    // A time of no turn, or one that is not a time, is left out; the turns are read all the same.
    const damaged = JSON.parse(exportArchive(archive)) as { times: Record<string, unknown> };
    damaged.times = { 0: 'yesterday', 1: archive.times![1], 7: archive.times![1] };
    assert.deepEqual(parseArchiveFile(JSON.stringify(damaged)).times, { 1: archive.times![1] });
  });

  it('keeps the turns in the chat when the archive cannot be written, and says so once', async () => {
    const store = new MemoryStore();
    const files = new MemoryFiles();
    files.failArchive = new Error('read-only file system');
    const { session, notices } = open(store, files, 2);
    for (let i = 1; i <= 3; i++) await session.send(`q${i}`);
    assert.equal((store.value as PersistedChat).history.length, 6);
    assert.deepEqual(
      notices.map((n) => n.kind),
      ['archiveFailed'],
    );
  });

  it('starts a new archive for a new chat', async () => {
    const store = new MemoryStore();
    const files = new MemoryFiles();
    const { session } = open(store, files, 2);
    for (let i = 1; i <= 2; i++) await session.send(`old${i}`);
    const oldId = session.chatId;
    await session.reset();
    for (let i = 1; i <= 2; i++) await session.send(`new${i}`);
    assert.notEqual(session.chatId, oldId);
    assert.deepEqual(texts(files.archives.get(oldId)!.history), ['old1', 're: old1']);
    assert.deepEqual(texts(files.archives.get(session.chatId)!.history), ['new1', 're: new1']);
  });
});
