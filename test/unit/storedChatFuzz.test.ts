// Fuzzing the stored-chat loader (repairStoredChat) and the import parser (parseChatFile) with
// random, mutated and truncated JSON from a seeded generator (a failure names its seed).
// Loading never throws and always yields a valid history; importing yields a valid history or an
// ImportError with a message, nothing else.
import assert from 'node:assert/strict';
import { historyProblem } from '../../src/core/chat/history';
import { exportChat, ImportError, parseChatFile, repairStoredChat } from '../../src/core/chat/storedChat';
import { prng, type Prng } from '../support/prng';

const INPUTS = Number(process.env.GDA_FUZZ_INPUTS) || 3000;
const KEYS = [
  'version',
  'history',
  'answers',
  'role',
  'parts',
  'text',
  'chatId',
  'archived',
  'revision',
  'writer',
  'finishReason',
  'usage',
  'incomplete',
  '__proto__',
  'constructor',
  '0',
  '1',
];
const STRINGS = ['', 'user', 'model', 'system', 'x', ' ', '\u0000', '\ud800', '😀', '<script>', 'STOP', 'MAX_TOKENS', 'stopped', 'failed', '__proto__', 'a'.repeat(300)];

function randomValue(r: Prng, depth = 0): unknown {
  const kind = r.int(depth > 3 ? 5 : 8);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, 1, -1, 2, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2]);
    case 3:
    case 4:
      return r.pick(STRINGS);
    case 5:
      return Array.from({ length: r.int(5) }, () => randomValue(r, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = r.int(5); i > 0; i--) object[r.pick(KEYS)] = randomValue(r, depth + 1);
      return object;
    }
  }
}

function validChat(r: Prng): Record<string, unknown> {
  const history = Array.from({ length: r.int(8) }, (_, i) => ({
    role: i % 2 === 0 ? 'user' : 'model',
    parts: Array.from({ length: 1 + r.int(2) }, () => ({ text: r.pick(STRINGS.filter(Boolean)) })),
  }));
  const answers = Object.fromEntries(
    history.flatMap((t, i) => (t.role === 'model' && r.chance(0.5) ? [[String(i), { finishReason: 'STOP', usage: { totalTokenCount: r.int(100) } }]] : [])),
  );
  return {
    version: 1,
    history,
    answers,
    ...(r.chance(0.3) ? { chatId: 'c' + r.int(1000), archived: 2 * r.int(5) } : {}),
    ...(r.chance(0.3) ? { revision: r.int(9), writer: 'w' } : {}),
  };
}

/** Replaces, deletes or duplicates something somewhere inside `value`. */
function mutate(r: Prng, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || r.chance(0.15)) return randomValue(r);
  if (Array.isArray(value)) {
    const copy: unknown[] = [...(value as unknown[])];
    if (copy.length === 0) return r.chance(0.5) ? copy : randomValue(r);
    const at = r.int(copy.length);
    const action = r.int(4);
    if (action === 0) copy.splice(at, 1);
    else if (action === 1) copy.splice(r.int(copy.length + 1), 0, structuredClone(copy[at]));
    else copy[at] = mutate(r, copy[at]);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return r.chance(0.5) ? copy : randomValue(r);
  const key = r.pick(keys);
  if (r.int(4) === 0) delete copy[key];
  else copy[key] = mutate(r, copy[key]);
  return copy;
}

function input(r: Prng): { value: unknown; text: string } {
  const chat = validChat(r);
  const choice = r.int(4);
  if (choice === 0) return { value: randomValue(r), text: JSON.stringify(randomValue(r)) ?? 'undefined' };
  let value: unknown = chat;
  for (let i = 1 + r.int(3); i > 0; i--) value = mutate(r, value);
  const text = JSON.stringify(choice === 1 ? chat : value) ?? '';
  // Truncated files: cut anywhere; stored values: what still parses of a cut, else the raw text.
  if (choice === 3) {
    const cut = text.slice(0, r.int(text.length + 1));
    let parsed: unknown = cut;
    try {
      parsed = JSON.parse(cut);
    } catch {
      // keep the string
    }
    return { value: parsed, text: cut };
  }
  return { value, text };
}

describe('fuzz: stored chats and import files', () => {
  it(`loading repairs ${INPUTS} random, mutated and truncated stored values into valid chats without throwing`, () => {
    for (let seed = 1; seed <= INPUTS; seed++) {
      const generated = input(prng(seed)).value;
      // globalState keeps JSON: what comes back has been through JSON.stringify.
      const value: unknown = generated === undefined ? undefined : JSON.parse(JSON.stringify(generated) ?? 'null');
      let loaded;
      try {
        assert.equal(historyProblem(repairStoredChat(generated).chat.history), undefined);
        loaded = repairStoredChat(value);
      } catch (error) {
        assert.fail(`seed ${seed}: repairStoredChat threw ${String(error)} for ${JSON.stringify(value)}`);
      }
      const { chat } = loaded;
      const where = `seed ${seed}: ${JSON.stringify(value)?.slice(0, 300)}`;
      assert.equal(historyProblem(chat.history), undefined, where);
      assert.equal(chat.version, 1, where);
      for (const index of Object.keys(chat.answers ?? {})) assert.equal(chat.history[Number(index)]?.role, 'model', where);
      if (chat.archived !== undefined) assert.ok(Number.isSafeInteger(chat.archived) && chat.archived > 0 && chat.archived % 2 === 0, where);
      assert.deepEqual(JSON.parse(JSON.stringify(chat)), chat, `${where}: the repaired chat survives storage`);
      assert.deepEqual(repairStoredChat(chat), { chat, problems: [] }, `${where}: repairing is idempotent`);
    }
    console.log(`      stored values fuzzed: ${INPUTS}`);
  });

  it(`importing ${INPUTS} random, mutated and truncated files gives a valid chat or an ImportError, nothing else`, () => {
    let accepted = 0;
    for (let seed = 1; seed <= INPUTS; seed++) {
      const { text } = input(prng(seed + 7_777_777));
      const where = `seed ${seed}: ${text.slice(0, 300)}`;
      try {
        const chat = parseChatFile(text);
        accepted++;
        assert.equal(historyProblem(chat.history), undefined, where);
        assert.deepEqual(Object.keys(chat), ['version', 'history'], where);
        assert.deepEqual(parseChatFile(exportChat(chat)), chat, `${where}: export and import round-trip`);
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
        assert.ok(error instanceof ImportError, `${where}: threw ${String(error)}`);
        assert.ok(error.message.length > 0, where);
      }
    }
    assert.ok(accepted > INPUTS / 20, `the generator also makes valid files (${accepted})`);
    console.log(`      import files fuzzed: ${INPUTS} (${accepted} valid)`);
  });
});
