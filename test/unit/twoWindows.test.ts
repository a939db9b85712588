// Two windows on one workspace: two sessions on one shared store. Saves notice each other and
// merge; no turn is lost and the stored history always alternates.
import assert from 'node:assert/strict';
import type { ChatLimits } from '../../src/core/chat/chatArchive';
import type { SaveNotice } from '../../src/core/chat/chatRepository';
import { ChatSession } from '../../src/core/chat/chatSession';
import { historyProblem } from '../../src/core/chat/history';
import type { Content, PersistedChat } from '../../src/core/types';
import { echoModel } from '../support/echoModel';
import { MemoryFiles } from '../support/memoryFiles';
import { MemoryStore } from '../support/memoryStore';
import { prng } from '../support/prng';

const turns = (history: readonly Content[]) => history.map((c) => `${c.role}: ${c.parts.map((p) => p.text).join(' + ')}`);
const userTexts = (history: readonly Content[]) => history.flatMap((c) => (c.role === 'user' ? c.parts.map((p) => p.text) : []));

function openWindow(store: MemoryStore, files: MemoryFiles, name: string, opts: { delayMs?: () => number; limits?: ChatLimits } = {}) {
  const notices: SaveNotice[] = [];
  const saveErrors: unknown[] = [];
  const session = new ChatSession({
    store,
    files,
    connect: () => Promise.resolve(echoModel(opts.delayMs)),
    retryPolicy: () => ({ maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 }),
    tokenBudget: () => 1e9,
    listener: { changed: () => undefined, delta: () => undefined, saveFailed: (e) => saveErrors.push(e), notice: (n) => notices.push(n) },
    writer: name,
    ...(opts.limits ? { limits: () => opts.limits! } : {}),
  });
  return { session, notices, saveErrors };
}

const SEEDS = Number(process.env.GDA_SEEDS) || 200;
const stored = (store: MemoryStore) => store.value as PersistedChat;

describe('two windows on one stored chat', () => {
  it("stamps every save with a rising revision and the writer's id", async () => {
    const store = new MemoryStore();
    const a = openWindow(store, new MemoryFiles(), 'A');
    await a.session.send('q1');
    assert.deepEqual(
      store.saves.map((s) => [(s as PersistedChat).revision, (s as PersistedChat).writer]),
      [
        [1, 'A'],
        [2, 'A'],
      ],
    );
  });

  it("puts a second window's question after the first window's answer", async () => {
    const store = new MemoryStore();
    const files = new MemoryFiles();
    const a = openWindow(store, files, 'A');
    const b = openWindow(store, files, 'B'); // opened before A asked: it has not seen A's turns
    await a.session.send('from A');
    await b.session.send('from B');
    assert.deepEqual(turns(stored(store).history), ['user: from A', 'model: re: from A', 'user: from B', 'model: re: from B']);
    assert.deepEqual(turns(b.session.history), turns(stored(store).history), 'B shows what is stored');
    assert.deepEqual(b.notices, [{ kind: 'merged', added: 2 }]);
    // A catches up at its next save.
    await a.session.send('A again');
    assert.deepEqual(userTexts(stored(store).history), ['from A', 'from B', 'A again']);
    assert.equal(historyProblem(stored(store).history), undefined);
  });

  it('keeps both questions and both answers when both windows ask at once', async () => {
    const store = new MemoryStore();
    const files = new MemoryFiles();
    const a = openWindow(store, files, 'A', { delayMs: () => 5 });
    const b = openWindow(store, files, 'B', { delayMs: () => 10 });
    await Promise.all([a.session.send('qa'), b.session.send('qb')]);
    const history = stored(store).history;
    assert.equal(historyProblem(history), undefined);
    assert.deepEqual(userTexts(history).sort(), ['qa', 'qb']);
    assert.deepEqual(history.flatMap((c) => (c.role === 'model' ? c.parts.map((p) => p.text) : [])).length, 2, 'both answers are kept');
    await a.session.send('next');
    assert.deepEqual(turns(a.session.history), turns(stored(store).history));
  });

  it("follows another window's New Chat, keeps this window's copy in a backup, and sends the new question there", async () => {
    const store = new MemoryStore();
    const files = new MemoryFiles();
    const a = openWindow(store, files, 'A');
    await a.session.send('old question');
    const b = openWindow(store, files, 'B');
    await a.session.reset();
    await b.session.send('asked in B');
    assert.deepEqual(turns(stored(store).history), ['user: asked in B', 'model: re: asked in B']);
    assert.equal(stored(store).chatId, a.session.chatId);
    const notice = b.notices.find((n) => n.kind === 'replacedElsewhere');
    assert.ok(notice && notice.kind === 'replacedElsewhere' && notice.backup);
    assert.deepEqual(userTexts((files.backups[0]!.value as PersistedChat).history), ['old question', 'asked in B']);
  });

  it('backs up what another window added to the old chat when this window starts a new one', async () => {
    const store = new MemoryStore();
    const files = new MemoryFiles();
    const a = openWindow(store, files, 'A');
    const b = openWindow(store, files, 'B');
    await b.session.send('only B saw this');
    await a.session.reset();
    assert.deepEqual(stored(store).history, []);
    assert.equal(a.notices[0]?.kind, 'overwroteElsewhere');
    assert.deepEqual(userTexts((files.backups[0]!.value as PersistedChat).history), ['only B saw this']);
  });

  it(`never loses a question or stores an invalid history over ${SEEDS} random interleavings`, async function () {
    this.timeout(10_000 + SEEDS * 50);
    let checked = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const random = prng(seed);
      const store = new MemoryStore();
      const files = new MemoryFiles();
      const limits = { maxTurns: 2 + 2 * random.int(4), maxBytes: 1e9 };
      // Answer delays come from their own generators, so the actions above do not depend on timing.
      const delays = prng(seed + 1_000_000);
      const windows = ['A', 'B'].map((name) => openWindow(store, files, name, { delayMs: () => delays.int(4), limits }));
      const sent: string[] = [];
      const pending: Promise<void>[] = [];
      for (let step = 0; step < 12; step++) {
        const i = random.int(2);
        const w = windows[i]!;
        const action = random.next();
        if (action < 0.6) {
          const text = `s${seed}-q${step}`;
          sent.push(text);
          pending.push(w.session.send(text));
        } else if (action < 0.7) {
          w.session.stop();
        } else if (action < 0.8) {
          // A window reload: the old session stops writing; a new one reads the store.
          w.session.close();
          windows[i] = openWindow(store, files, `${i === 0 ? 'A' : 'B'}${step}`, { delayMs: () => delays.int(4), limits });
        } else {
          await new Promise((r) => setTimeout(r, random.int(6)));
        }
        if (historyProblem((store.value as PersistedChat | undefined)?.history ?? []) !== undefined) assert.fail(`seed ${seed}: invalid stored history`);
      }
      await Promise.all(pending);
      for (const w of windows) await w.session.retry();
      for (const w of windows) await w.session.send(`s${seed}-final`);
      const live = stored(store);
      assert.equal(historyProblem(live.history), undefined, `seed ${seed}`);
      const everywhere = [...(files.archives.get(windows[0]!.session.chatId)?.history ?? []), ...live.history];
      const seen = userTexts(everywhere);
      for (const text of sent) assert.equal(seen.filter((t) => t === text).length, 1, `seed ${seed}: "${text}" should be stored exactly once (${JSON.stringify(seen)})`);
      for (const w of windows) assert.deepEqual(w.saveErrors, [], `seed ${seed}`);
      checked++;
    }
    console.log(`      two-window interleavings checked: ${checked}`);
  });
});
