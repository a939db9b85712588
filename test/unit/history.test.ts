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
    assert.equal(historyProblem([model('a')]), 'message 1 is from the model: a chat begins with a message from the user');
    assert.equal(historyProblem([user('a'), user('b')]), 'message 1 and message 2 are both from the user: messages must alternate between user and model');
    assert.equal(historyProblem([user('a'), { role: 'model', parts: [] }]), 'message 2 has no parts (a message holds what it says as "parts": [{"text": "..."}])');
    assert.equal(historyProblem([user('')]), 'part 1 of message 1 is empty or of an unknown kind (a part holds non-empty "text", or data Gemini sent such as a "functionCall")');
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
