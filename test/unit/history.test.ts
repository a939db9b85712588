import assert from 'node:assert/strict';
import { fitToBudget, estimateTokens } from '../../src/core/chat/budget';
import { appendModelParts, appendUserText, historyProblem } from '../../src/core/chat/history';
import type { Content } from '../../src/core/types';

const user = (text: string): Content => ({ role: 'user', parts: [{ text }] });
const model = (text: string): Content => ({ role: 'model', parts: [{ text }] });

describe('history rules', () => {
  it('adds a user turn after a model turn', () => {
    assert.deepEqual(appendUserText([user('a'), model('b')], 'c'), [user('a'), model('b'), user('c')]);
  });

  it('joins a new message to an unanswered user turn, so roles still alternate', () => {
    const history = appendUserText([user('a')], 'b');
    assert.deepEqual(history, [{ role: 'user', parts: [{ text: 'a' }, { text: 'b' }] }]);
    assert.equal(historyProblem(history), undefined);
  });

  it('does not mutate the history it is given', () => {
    const original = [user('a')];
    appendUserText(original, 'b');
    assert.deepEqual(original, [user('a')]);
  });

  it('refuses a model turn that does not answer a user turn', () => {
    assert.throws(() => appendModelParts([user('a'), model('b')], [{ text: 'c' }]));
    assert.throws(() => appendModelParts([], [{ text: 'c' }]));
  });

  it('names what makes a history invalid', () => {
    assert.equal(historyProblem([user('a'), model('b')]), undefined);
    assert.match(historyProblem([model('a')])!, /turn 1 should be from user/);
    assert.match(historyProblem([user('a'), user('b')])!, /turn 2 should be from model/);
    assert.match(historyProblem([user('a'), { role: 'model', parts: [] }])!, /turn 2 has no parts/);
    assert.match(historyProblem([user('')])!, /empty/);
  });
});

describe('token budget', () => {
  const long = 'x'.repeat(400); // 100 tokens
  const history = [user(long), model(long), user(long), model(long), user(long)];

  it('sends everything that fits', () => {
    assert.equal(estimateTokens(history), 500);
    assert.deepEqual(fitToBudget(history, 500), { history, omitted: 0 });
  });

  it('leaves out the oldest user/model pairs first, starting again with a user turn', () => {
    const fitted = fitToBudget(history, 300);
    assert.equal(fitted.omitted, 2);
    assert.deepEqual(fitted.history, history.slice(2));
    assert.equal(fitted.history[0]!.role, 'user');
  });

  it('always sends the last user turn, even alone over the budget', () => {
    const fitted = fitToBudget(history, 10);
    assert.deepEqual(fitted.history, [user(long)]);
    assert.equal(fitted.omitted, 4);
  });
});
