// The next request's plan in words: the status-bar text and the lines of "Show What the Next
// Request Sends". Pure (no `vscode`), so it is unit-tested in Node.
import type { RequestPlan } from '../core/chat/requestPlan';

const numberFormat = new Intl.NumberFormat('en-US');
const n = (value: number) => numberFormat.format(value);
/** "1 message", "3 archived messages" */
const messages = (count: number, kind = '') => `${n(count)} ${kind ? `${kind} ` : ''}message${count === 1 ? '' : 's'}`;

/** 950, 3.2k, 32k, 1.2M: short enough for the status bar. */
export function compactTokens(value: number): string {
  const short = (scaled: number, unit: string) => `${scaled < 10 ? (Math.floor(scaled * 10) / 10).toString() : Math.floor(scaled).toString()}${unit}`;
  if (value < 1000) return String(Math.round(value));
  if (value < 1_000_000) return short(value / 1000, 'k');
  return short(value / 1_000_000, 'M');
}

/** "Gemini: 3.2k / 32k tokens" */
export function planStatusText(plan: RequestPlan): string {
  return `Gemini: ${compactTokens(plan.tokens)} / ${compactTokens(plan.budget)} tokens`;
}

/** What is sent, what the budget leaves out, and what the summary covers, one line each. */
export function planLines(plan: RequestPlan): string[] {
  const lines = [
    `Sends ${messages(plan.sent)}${plan.summarized > 0 ? ' after the summary' : ''}, about ${n(plan.tokens)} tokens of the ${n(plan.budget)}-token budget.`,
    plan.omitted > 0
      ? `Leaves out the ${messages(plan.omitted, 'oldest')}: they are over geminiAssistant.contextTokenBudget (they stay in the chat).`
      : 'Leaves out nothing for the budget.',
  ];
  if (plan.summarized > 0) lines.push(`Summarizes ${messages(plan.summarized, 'archived')}: Gemini gets the summary instead.`);
  if (plan.unsummarized > 0) lines.push(`${messages(plan.unsummarized, 'archived')} ${plan.unsummarized === 1 ? 'is' : 'are'} not in the summary yet: not sent.`);
  return lines;
}
