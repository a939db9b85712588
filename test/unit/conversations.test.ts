// A workspace's conversations: the index (bounded, repaired), the files of the conversations
// that are not open (atomic, a damaged one set aside), and New Chat / Switch / Rename / Delete /
// Undo / Import / a branch kept as its own conversation, over a real chat session and the real
// SDK against the local Gemini server.
import assert from 'node:assert/strict';
import { ChatSession } from '../../src/core/chat/chatSession';
import { writeAtomically } from '../../src/core/conversations/atomicFiles';
import { ConversationFileError, ConversationFiles } from '../../src/core/conversations/conversationFiles';
import { MAX_INDEXED, repairIndex, titleFrom, withEntry, emptyIndex } from '../../src/core/conversations/conversationIndex';
import { Conversations, type ConversationNotice } from '../../src/core/conversations/conversations';
import { createGeminiClient } from '../../src/core/gemini/geminiClient';
import type { StoredChat } from '../../src/core/types';
import { startFakeGemini, type FakeGemini } from '../gemini-server/server';
import { MemoryFiles } from '../support/memoryFiles';
import { MemoryFileSystem } from '../support/memoryFileSystem';
import { MemoryStore } from '../support/memoryStore';

const FOLDER = 'conversations/ws';

describe('conversations', () => {
  describe('the index', () => {
    it('keeps at most MAX_INDEXED entries, the most recently used, however many conversations exist', () => {
      let index = emptyIndex();
      for (let i = 0; i < MAX_INDEXED + 50; i++) index = withEntry(index, { id: `c${i}`, title: `question ${i}`, lastUsed: i, messages: 2 });
      assert.equal(index.entries.length, MAX_INDEXED);
      assert.equal(index.entries[0]!.id, `c${MAX_INDEXED + 49}`, 'newest first');
      assert.ok(!index.entries.some((e) => e.id === 'c0'), 'the least recently used left the list');
      const bytes = JSON.stringify(index).length;
      for (let i = 0; i < 1000; i++) index = withEntry(index, { id: `d${i}`, title: `another question ${i}`, lastUsed: 10_000 + i, messages: 400 });
      assert.ok(JSON.stringify(index).length < bytes * 1.2, 'its size stays flat as conversations are added');
    });

    it('keeps the valid entries of a damaged index and says what it dropped', () => {
      const { index, problems } = repairIndex({
        version: 1,
        entries: [
          { id: 'a', title: 'ok', lastUsed: 5, messages: 2 },
          { id: '../evil', title: 'x', lastUsed: 1, messages: 2 },
          'junk',
          { id: 'a', title: 'older copy', lastUsed: 1, messages: 2 },
        ],
      });
      assert.deepEqual(index.entries, [{ id: 'a', title: 'ok', lastUsed: 5, messages: 2 }]);
      assert.deepEqual(problems, ['dropped entry 2 of the list of conversations', 'dropped entry 3 of the list of conversations']);
      assert.deepEqual(repairIndex('not an index').problems, ['the list of conversations is not readable']);
    });

    it('names a conversation by its first question, or by the card of a context message', () => {
      assert.equal(titleFrom({ version: 1, history: [{ role: 'user', parts: [{ text: 'Why does\nsum() fail?' }] }] }), 'Why does sum() fail?');
      const card: StoredChat = {
        version: 1,
        history: [{ role: 'user', parts: [{ text: '**Exception** …long prompt…' }] }],
        cards: { 0: { 0: { kind: 'exception', title: 'TypeError: x is undefined', question: 'Why?' } } },
      };
      assert.equal(titleFrom(card), 'TypeError: x is undefined: Why?');
      assert.equal(titleFrom({ version: 1, history: [] }), '');
    });
  });

  describe('the files', () => {
    it('a crash between the write and the rename leaves the previous version whole', async () => {
      const fs = new MemoryFileSystem();
      const files = new ConversationFiles(fs, FOLDER);
      const first: StoredChat & { chatId: string } = { version: 1, chatId: 'c1', history: [{ role: 'user', parts: [{ text: 'first' }] }] };
      await files.save(first);
      fs.crashBeforeRename = true;
      await assert.rejects(files.save({ ...first, history: [...first.history, { role: 'model', parts: [{ text: 'second' }] }] }), /crashed/);
      // Read back by a new window, as after the crash.
      assert.deepEqual((await new ConversationFiles(fs, FOLDER).load('c1'))?.chat, first);
      // A temporary file a dead process left behind disturbs nothing.
      await fs.write(`${FOLDER}/c1.json.dead.tmp`, new TextEncoder().encode('{"version": 1, "hist'));
      assert.deepEqual((await files.load('c1'))?.chat, first);
      // The next save succeeds.
      await files.save({ ...first, title: 'renamed' });
      assert.equal((await files.load('c1'))?.chat.title, 'renamed');
    });

    it('writes through a temporary file, renamed over the target', async () => {
      const fs = new MemoryFileSystem();
      const renames: string[] = [];
      const rename = fs.rename.bind(fs);
      fs.rename = (from, to) => {
        renames.push(`${from} -> ${to}`);
        return rename(from, to);
      };
      await writeAtomically(fs, 'a/b.json', '{}');
      assert.equal(renames.length, 1);
      assert.match(renames[0]!, /^a\/b\.json\.\w+\.tmp -> a\/b\.json$/);
      assert.deepEqual([...fs.files.keys()], ['a/b.json']);
    });

    it('sets an unreadable file aside and says where; a partly damaged one opens repaired, its original kept', async () => {
      const fs = new MemoryFileSystem();
      const files = new ConversationFiles(fs, FOLDER);
      await fs.write(`${FOLDER}/bad.json`, new TextEncoder().encode('{"version": 1, "history": [tru'));
      const error = await files.load('bad').then(
        () => assert.fail('a file that is not JSON cannot be opened'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof ConversationFileError);
      assert.ok(error.backup?.startsWith(`/storage/${FOLDER}/bad.damaged-`), error.backup);
      assert.ok(!fs.files.has(`${FOLDER}/bad.json`));
      assert.equal([...fs.files.keys()].filter((p) => p.includes('bad.damaged-')).length, 1, 'nothing is lost: the file is kept under another name');

      const raw = JSON.stringify({
        version: 1,
        history: [
          { role: 'user', parts: [{ text: 'kept' }] },
          { role: 'model', parts: 'not parts' },
        ],
      });
      await fs.write(`${FOLDER}/half.json`, new TextEncoder().encode(raw));
      const loaded = await files.load('half');
      assert.deepEqual(loaded?.chat.history, [{ role: 'user', parts: [{ text: 'kept' }] }]);
      assert.deepEqual(loaded?.problems, ['dropped turn 2: no valid parts']);
      assert.equal(fs.text(String(loaded?.backup).replace('/storage/', '')), raw);
    });
  });

  describe('New Chat, Switch, Rename, Delete and Undo', () => {
    let server: FakeGemini;
    before(async () => {
      server = await startFakeGemini();
    });
    after(() => server.close());
    beforeEach(() => server.reset());

    function workspace() {
      const store = new MemoryStore();
      const index = new MemoryStore();
      const fs = new MemoryFileSystem();
      const archives = new MemoryFiles();
      const notices: ConversationNotice[] = [];
      let clock = 1_000;
      const session = new ChatSession({
        store,
        connect: () => Promise.resolve(createGeminiClient({ apiKey: 'k', model: 'gemini-2.5-flash', baseUrl: server.url, systemInstruction: '', timeoutMs: 5000 })),
        retryPolicy: () => ({ maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 }),
        tokenBudget: () => 1_000_000,
        files: archives,
        listener: { changed: () => undefined, delta: () => undefined, saveFailed: (e) => assert.fail(String(e)) },
      });
      const conversations = new Conversations({
        index: { load: () => index.load(), save: (v) => index.save(v as StoredChat) },
        files: new ConversationFiles(fs, FOLDER),
        archives,
        current: () => session.chat,
        open: (chat) => session.reset(chat),
        retitle: (title) => void session.rename(title),
        park: () => session.park(),
        notify: (n) => notices.push(n),
        now: () => (clock += 1_000),
      });
      const ask = async (text: string) => {
        server.script({ text: `Answer to ${text}` });
        await session.send(text);
        await conversations.touch();
      };
      const titles = () => conversations.list().map((c) => `${c.open ? '*' : ''}${c.title} (${c.messages})`);
      return { session, conversations, ask, titles, fs, index, store, notices, archives };
    }

    it('New Chat keeps the old one; Switch opens it with its history, which the next request carries', async () => {
      const { session, conversations, ask, titles } = workspace();
      await ask('first question');
      await conversations.startNew();
      assert.deepEqual(session.history, []);
      assert.deepEqual(titles(), ['first question (2)'], 'a conversation with no question yet is not listed');
      await ask('second question');
      assert.deepEqual(titles(), ['*second question (2)', 'first question (2)']);

      const first = conversations.list()[1]!.id;
      await conversations.switchTo(first);
      assert.deepEqual(titles(), ['*first question (2)', 'second question (2)']);
      server.script({ text: 'Follow-up answer' });
      await session.send('follow-up');
      const contents = server.requests.at(-1)!.body.contents.map((c) => c.parts[0]!.text);
      assert.deepEqual(contents, ['first question', 'Answer to first question', 'follow-up']);
    });

    it('Rename names the open or another conversation; the name stays after more messages and a switch', async () => {
      const { conversations, ask, titles } = workspace();
      await ask('alpha');
      await conversations.startNew();
      await ask('beta');
      await conversations.rename(conversations.openId, 'Beta renamed');
      const alpha = conversations.list().find((c) => c.title === 'alpha')!.id;
      await conversations.rename(alpha, 'Alpha renamed');
      await ask('more beta');
      assert.deepEqual(titles(), ['*Beta renamed (4)', 'Alpha renamed (2)']);
      await conversations.switchTo(alpha);
      assert.deepEqual(titles(), ['*Alpha renamed (2)', 'Beta renamed (4)']);
    });

    it('Delete of the open conversation opens the newest other; Undo brings it back with its archive, open again', async () => {
      const { session, conversations, ask, titles, archives } = workspace();
      await ask('one');
      await conversations.startNew();
      await ask('two');
      await conversations.startNew();
      await ask('three');
      const three = conversations.openId;
      await archives.archive(three, 0, {
        history: [
          { role: 'user', parts: [{ text: 'archived q' }] },
          { role: 'model', parts: [{ text: 'archived a' }] },
        ],
      });
      const before = structuredClone(session.chat);
      const deleted = await conversations.delete(three);
      assert.deepEqual(titles(), ['*two (2)', 'one (2)']);
      assert.deepEqual(await archives.readArchive(three), { history: [] }, 'its archive is deleted with it');
      await conversations.restore(deleted);
      assert.deepEqual(titles(), ['*three (2)', 'two (2)', 'one (2)']);
      assert.deepEqual(session.chat.history, before.history);
      assert.equal((await archives.readArchive(three)).history.length, 2);
    });

    it('a message still queued when another conversation opens stays in its own, unanswered, never lost', async () => {
      const { session, conversations, ask } = workspace();
      await ask('streaming one');
      server.script({ text: ['slow ', 'answer'], chunkDelayMs: 200 });
      const answering = session.send('being answered');
      void session.send('typed meanwhile');
      await conversations.startNew();
      await answering;
      const old = conversations.list().find((c) => c.title === 'streaming one')!.id;
      await conversations.switchTo(old);
      assert.deepEqual(session.history.at(-1), { role: 'user', parts: [{ text: 'being answered' }, { text: 'typed meanwhile' }] });
    });

    it('deleting the only conversation leaves an empty chat', async () => {
      const { session, conversations, ask, titles } = workspace();
      await ask('alone');
      await conversations.delete(conversations.openId);
      assert.deepEqual(titles(), []);
      assert.deepEqual(session.history, []);
    });

    it('an imported chat becomes a new conversation; the open one is kept', async () => {
      const { session, conversations, ask, titles } = workspace();
      await ask('mine');
      await conversations.openAsNew({
        version: 1,
        history: [
          { role: 'user', parts: [{ text: 'imported question' }] },
          { role: 'model', parts: [{ text: 'imported answer' }] },
        ],
      });
      assert.deepEqual(titles(), ['*imported question (2)', 'mine (2)']);
      server.script({ text: 'ok' });
      await session.send('next');
      assert.deepEqual(
        server.requests.at(-1)!.body.contents.map((c) => c.parts[0]!.text),
        ['imported question', 'imported answer', 'next'],
      );
    });

    it('a damaged conversation file is reported and set aside, the open one stays, and the list forgets it', async () => {
      const { session, conversations, ask, titles, fs, notices } = workspace();
      await ask('good');
      await conversations.startNew();
      await ask('current');
      const good = conversations.list()[1]!.id;
      await fs.write(`${FOLDER}/${good}.json`, new TextEncoder().encode('garbage'));
      await assert.rejects(conversations.switchTo(good), /not valid JSON; it was moved to \/storage\/conversations\/ws\//);
      assert.deepEqual(titles(), ['*current (2)']);
      assert.equal(session.history[0]!.parts[0]!.text, 'current');
      assert.deepEqual(notices, []);
    });

    it('search finds conversations by title and by the text of their messages', async () => {
      const { conversations, ask } = workspace();
      await ask('about sockets');
      await conversations.startNew();
      await ask('about parsing');
      assert.deepEqual(
        (await conversations.search('Answer to about sockets')).map((c) => c.title),
        ['about sockets'],
      );
      assert.deepEqual(
        (await conversations.search('ABOUT')).map((c) => c.title),
        ['about parsing', 'about sockets'],
      );
      assert.deepEqual(await conversations.search('nowhere'), []);
    });

    it('Edit forks at the question: the conversation goes on from there, the old branch is kept whole as its own', async () => {
      const { session, conversations, ask, titles } = workspace();
      await ask('q1');
      await ask('q2');
      await ask('q3');
      const before = structuredClone(session.chat);
      await conversations.keepCopy(before, 'q1 (before edit)');
      server.script({ text: 'Answer to the new q2' });
      await session.editQuestion(2, 'q2, asked better');
      assert.deepEqual(
        server.requests.at(-1)!.body.contents.map((c) => c.parts[0]!.text),
        ['q1', 'Answer to q1', 'q2, asked better'],
        'the request carries the history up to the edited question',
      );
      await conversations.touch();
      assert.deepEqual(titles(), ['*q1 (4)', 'q1 (before edit) (6)']);
      const branch = conversations.list()[1]!.id;
      await conversations.switchTo(branch);
      assert.deepEqual(session.chat.history, before.history);
    });

    it('Regenerate asks again for the last answer, its debugger calls and results dropped', async () => {
      const { session, ask } = workspace();
      await ask('q1');
      server.script({ text: 'first try' });
      await session.send('q2');
      server.script({ text: 'second try' });
      await session.regenerate();
      assert.deepEqual(
        session.history.map((t) => t.parts[0]!.text),
        ['q1', 'Answer to q1', 'q2', 'second try'],
      );
      assert.deepEqual(
        server.requests.at(-1)!.body.contents.map((c) => c.parts[0]!.text),
        ['q1', 'Answer to q1', 'q2'],
      );
    });

    it('keeps a branch as its own conversation, with a copy of its archive', async () => {
      const { session, conversations, ask, titles, archives } = workspace();
      await ask('root');
      await archives.archive(conversations.openId, 0, {
        history: [
          { role: 'user', parts: [{ text: 'old q' }] },
          { role: 'model', parts: [{ text: 'old a' }] },
        ],
      });
      const id = await conversations.keepCopy({ ...structuredClone(session.chat), archived: 2 }, 'root (before edit)');
      assert.deepEqual(titles(), ['*root (2)', 'root (before edit) (4)']);
      assert.deepEqual(
        (await archives.readArchive(id)).history.map((t) => t.parts[0]!.text),
        ['old q', 'old a'],
      );
    });
  });
});
