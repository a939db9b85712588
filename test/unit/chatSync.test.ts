// Merging a stored chat that another writer changed with this session's own turns.
import assert from 'node:assert/strict';
import { mergeChats, readStamp } from '../../src/core/chat/chatSync';
import { historyProblem } from '../../src/core/chat/history';
import type { Content, StoredChat } from '../../src/core/types';

const u = (...texts: string[]): Content => ({ role: 'user', parts: texts.map((text) => ({ text })) });
const m = (...texts: string[]): Content => ({ role: 'model', parts: texts.map((text) => ({ text })) });
const chat = (history: Content[], extra: Partial<StoredChat> = {}): StoredChat => ({ version: 1, history, ...extra });
const turns = (history: readonly Content[]) => history.map((c) => `${c.role}: ${c.parts.map((p) => p.text).join(' + ')}`);

describe('stored chat stamps', () => {
  it('reads revision and writer, and treats anything else as revision 0', () => {
    assert.deepEqual(readStamp({ revision: 7, writer: 'w1', history: [] }), { revision: 7, writer: 'w1' });
    for (const junk of [undefined, null, 3, 'x', [], { revision: -1 }, { revision: 1.5 }, { revision: '2', writer: 5 }]) {
      assert.deepEqual(readStamp(junk), { revision: 0, writer: '' }, JSON.stringify(junk));
    }
  });
});

describe('merging with another window (three-way, against what this window last stored)', () => {
  it('adopts the stored chat when only the other window added to it', () => {
    const base = chat([u('q1'), m('a1')]);
    const { chat: merged, added } = mergeChats(chat([u('q1'), m('a1'), u('q2'), m('a2')]), base, base);
    assert.deepEqual(turns(merged.history), ['user: q1', 'model: a1', 'user: q2', 'model: a2']);
    assert.equal(added, 2);
  });

  it('puts our new turns after theirs', () => {
    const base = chat([u('q1'), m('a1')]);
    const { chat: merged, added } = mergeChats(chat([u('q1'), m('a1'), u('theirs'), m('their answer')]), chat([u('q1'), m('a1'), u('ours'), m('our answer')]), base);
    assert.deepEqual(turns(merged.history), ['user: q1', 'model: a1', 'user: theirs', 'model: their answer', 'user: ours', 'model: our answer']);
    assert.equal(added, 2);
  });

  it('joins questions both added to an unanswered one, each text once', () => {
    const { chat: merged } = mergeChats(chat([u('old', 'theirs')]), chat([u('old', 'ours')]), chat([u('old')]));
    assert.deepEqual(turns(merged.history), ['user: old + theirs + ours']);
  });

  it('keeps both answers to a question both windows sent, in one model turn', () => {
    const { chat: merged } = mergeChats(chat([u('q'), m('their answer')]), chat([u('q'), m('our answer')]), chat([u('q')]));
    assert.deepEqual(turns(merged.history), ['user: q', 'model: their answer + our answer']);
  });

  it('answers the joined question with our answer to the part we saw', () => {
    const { chat: merged } = mergeChats(chat([u('q', 'theirs')]), chat([u('q'), m('our answer')]), chat([u('q')]));
    assert.deepEqual(turns(merged.history), ['user: q + theirs', 'model: our answer']);
  });

  it('keeps a new turn of ours even when its text equals one of theirs', () => {
    const { chat: merged } = mergeChats(chat([u('hi'), m('hello')]), chat([u('hi')]), chat([]));
    assert.deepEqual(turns(merged.history), ['user: hi', 'model: hello', 'user: hi']);
  });

  it('keeps what we added to a question the other window has archived since', () => {
    const base = chat([u('q2')], { archived: 2 });
    const theirs = chat([u('q3'), m('a3')], { archived: 4 }); // q2 was answered and archived there
    const { chat: merged } = mergeChats(theirs, chat([u('q2', 'more')], { archived: 2 }), base);
    assert.deepEqual(turns(merged.history), ['user: q3', 'model: a3', 'user: more']);
    assert.equal(merged.archived, 4);
  });

  it('does not bring back turns the other window archived', () => {
    const base = chat([u('q1'), m('a1'), u('q2'), m('a2')]);
    const theirs = chat([u('q2'), m('a2'), u('q3'), m('a3')], { archived: 2 });
    const { chat: merged } = mergeChats(theirs, chat([u('q1'), m('a1'), u('q2'), m('a2'), u('mine')]), base);
    assert.deepEqual(turns(merged.history), ['user: q2', 'model: a2', 'user: q3', 'model: a3', 'user: mine']);
    assert.equal(merged.archived, 2);
  });

  it('moves answer details along with our turns', () => {
    const base = chat([u('q'), m('a')], { answers: { 1: { finishReason: 'STOP' } } });
    const ours = chat([u('q'), m('a'), u('q2'), m('cut')], { answers: { 1: { finishReason: 'STOP' }, 3: { finishReason: 'MAX_TOKENS' } } });
    const theirs = chat([u('q'), m('a'), u('x'), m('y')], { answers: { 1: { finishReason: 'STOP' } } });
    const { chat: merged } = mergeChats(theirs, ours, base);
    assert.deepEqual(merged.answers, { 1: { finishReason: 'STOP' }, 5: { finishReason: 'MAX_TOKENS' } });
    assert.equal(historyProblem(merged.history), undefined);
  });
});
