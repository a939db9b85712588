// The plan of the next request: the summary, then the newest live turns within the budget, and
// the check of a plan near the budget against a count (Gemini's countTokens in the session).
import assert from 'node:assert/strict';
import { estimateTokens } from '../../src/core/chat/budget';
import { SUMMARY_ACK } from '../../src/core/chat/chatSummary';
import { checkedPlan, planRequest } from '../../src/core/chat/requestPlan';
import type { Content, StoredChat } from '../../src/core/types';

const say = (role: Content['role'], chars: number, tag: string): Content => ({ role, parts: [{ text: tag + 'x'.repeat(chars - tag.length) }] });
/** Pairs of 100-token turns and a short question. */
function chat(pairs: number, extra: Partial<StoredChat> = {}): StoredChat {
  const history: Content[] = [];
  for (let i = 0; i < pairs; i++) history.push(say('user', 400, `Q${i}`), say('model', 400, `A${i}`));
  history.push({ role: 'user', parts: [{ text: 'now?' }] });
  return { version: 1, history, ...extra };
}
const tags = (history: Content[]) => history.map((turn) => /^\w\d+|^now\?|^Summary|^Understood/.exec(turn.parts[0]!.text!)?.[0]);

describe('request plan', () => {
  it('sends the whole live history when it fits, with its estimate', () => {
    const plan = planRequest(chat(2), 1000);
    assert.deepEqual(
      { sent: plan.sent, omitted: plan.omitted, summarized: plan.summarized, unsummarized: plan.unsummarized, budget: plan.budget },
      { sent: 5, omitted: 0, summarized: 0, unsummarized: 0, budget: 1000 },
    );
    assert.equal(plan.tokens, estimateTokens(chat(2).history));
  });

  it('leaves out the oldest pairs past the budget', () => {
    const plan = planRequest(chat(4), 250);
    assert.deepEqual(tags(plan.history), ['Q3', 'A3', 'now?']);
    assert.deepEqual([plan.sent, plan.omitted], [3, 6]);
    assert.ok(plan.tokens <= 250);
  });

  it('starts with the summary, which counts against the budget, and says what it covers', () => {
    const summary = { text: 'y'.repeat(380), turns: 4 };
    const plan = planRequest(chat(2, { archived: 6, summary }), 330);
    assert.deepEqual(tags(plan.history), ['Summary', 'Understood', 'Q1', 'A1', 'now?']);
    assert.equal(plan.history[1]!.parts[0]!.text, SUMMARY_ACK);
    assert.deepEqual({ omitted: plan.omitted, summarized: plan.summarized, unsummarized: plan.unsummarized }, { omitted: 2, summarized: 4, unsummarized: 2 });
  });

  it('never leaves a call out without its response', () => {
    const history: Content[] = [
      say('user', 400, 'Q0'),
      { role: 'model', parts: [{ functionCall: { name: 'debugger_state', args: {} } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'debugger_state', response: { status: 'ok', result: 'z'.repeat(400) } } }] },
      say('model', 400, 'A0'),
      { role: 'user', parts: [{ text: 'now?' }] },
    ];
    const plan = planRequest({ version: 1, history }, 250);
    assert.deepEqual([plan.sent, plan.omitted], [5, 0]);
  });

  describe('checked against a count near the budget', () => {
    const counting = (real: (history: Content[]) => number) => {
      const counted: number[] = [];
      const count = (history: Content[]) => {
        counted.push(history.length);
        return Promise.resolve(real(history));
      };
      return { counted, count };
    };

    it('is not counted far from the budget', async () => {
      const { counted, count } = counting(() => 1_000_000);
      const plan = await checkedPlan(chat(2), 1000, count);
      assert.deepEqual(counted, []);
      assert.equal(plan.sent, 5);
    });

    it('stays as it is when the count is within the budget', async () => {
      const { counted, count } = counting(estimateTokens);
      const plan = await checkedPlan(chat(4), 900, count);
      assert.deepEqual(counted, [9]);
      assert.deepEqual([plan.sent, plan.omitted], [9, 0]);
    });

    it('is made again for the budget scaled by estimate/real when the count is over it', async () => {
      const { count } = counting((history) => 2 * estimateTokens(history));
      const plan = await checkedPlan(chat(4), 900, count);
      // 801 estimated, 1602 counted: fitted to 900 × 801 / 1602 = 450.
      assert.deepEqual(tags(plan.history), ['Q2', 'A2', 'Q3', 'A3', 'now?']);
      assert.equal(plan.budget, 900);
    });

    it('keeps the estimate when the count fails', async () => {
      const plan = await checkedPlan(chat(4), 900, () => Promise.reject(new Error('503')));
      assert.equal(plan.sent, 9);
    });
  });
});
