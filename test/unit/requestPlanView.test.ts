// The next request's plan in words: the status-bar text and the lines its command shows.
import assert from 'node:assert/strict';
import { planRequest } from '../../src/core/chat/requestPlan';
import type { Content } from '../../src/core/types';
import { compactTokens, planLines, planStatusText } from '../../src/host/requestPlanView';

const turn = (role: Content['role'], chars: number): Content => ({ role, parts: [{ text: 'x'.repeat(chars) }] });

describe('request plan in words', () => {
  it('writes token counts short for the status bar', () => {
    assert.deepEqual([950, 3200, 32_000, 200_000, 1_048_576, 2_500_000].map(compactTokens), ['950', '3.2k', '32k', '200k', '1M', '2.5M']);
  });

  it('shows the estimate against the budget, and what is sent, left out and summarized', () => {
    const history = [turn('user', 60_000), turn('model', 60_000), turn('user', 8_000), turn('model', 4_800)];
    const plan = planRequest({ version: 1, history, archived: 6, summary: { text: 'so far', turns: 4 } }, 32_000);
    assert.equal(planStatusText(plan), `Gemini: ${compactTokens(plan.tokens)} / 32k tokens`);
    assert.match(planStatusText(plan), /^Gemini: 3\.2k \/ 32k tokens$/);
    assert.deepEqual(planLines(plan), [
      `Sends 2 messages after the summary, about ${plan.tokens.toLocaleString('en-US')} tokens of the 32,000-token budget.`,
      'Leaves out the 2 oldest messages: they are over geminiAssistant.contextTokenBudget (they stay in the chat).',
      'Summarizes 4 archived messages: Gemini gets the summary instead.',
      '2 archived messages are not in the summary yet: not sent.',
    ]);
  });

  it('says nothing is left out of a chat within the budget', () => {
    const plan = planRequest({ version: 1, history: [turn('user', 40)] }, 200_000);
    assert.equal(planStatusText(plan), 'Gemini: 10 / 200k tokens');
    assert.deepEqual(planLines(plan), ['Sends 1 message, about 10 tokens of the 200,000-token budget.', 'Leaves out nothing for the budget.']);
  });
});
