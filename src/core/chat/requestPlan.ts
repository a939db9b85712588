// What the next request sends: the summary of the archived turns, then the newest live turns that
// fit the token budget. The session sends exactly this plan, and the status bar shows it.
import type { Content, StoredChat } from '../types';
import { estimateTokens, fitToBudget } from './budget';
import { summaryPreamble } from './chatSummary';
import { archivedOf } from './chatSync';

export interface RequestPlan {
  /** What goes to Gemini: the summary's user/model pair (if any), then the live turns sent. */
  history: Content[];
  /** Live turns sent. */
  sent: number;
  /** Oldest live turns left out to stay within the budget. */
  omitted: number;
  /** Archived turns the summary covers: Gemini gets them as the summary. */
  summarized: number;
  /** Archived turns no summary covers yet: not sent at all. */
  unsummarized: number;
  /** Estimated tokens of `history`. */
  tokens: number;
  /** The budget the plan was made for. */
  budget: number;
}

/**
 * The request for `chat` as it is now; the summary counts against the budget. Its `history`
 * shares the chat's turns (read them only): the adapter sends a copy.
 */
export function planRequest(chat: StoredChat, budget: number): RequestPlan {
  const archived = archivedOf(chat);
  const preamble = summaryPreamble(chat.summary, archived);
  const fitted = fitToBudget(chat.history, budget - estimateTokens(preamble));
  const history = [...preamble, ...fitted.history];
  const summarized = Math.min(chat.summary?.turns ?? 0, archived);
  return { history, sent: fitted.history.length, omitted: fitted.omitted, summarized, unsummarized: archived - summarized, tokens: estimateTokens(history), budget };
}

/** Above this share of the budget, the estimate is checked with Gemini's own count. */
export const NEAR_BUDGET = 0.8;

/**
 * The plan, checked with `count` (Gemini's countTokens) when its estimate is near the budget: if
 * the real count is over, the plan is made again for the budget scaled by estimate/real. A count
 * that fails leaves the estimate's plan: it never fails the request.
 */
export async function checkedPlan(chat: StoredChat, budget: number, count: (history: Content[]) => Promise<number>): Promise<RequestPlan> {
  const plan = planRequest(chat, budget);
  if (plan.tokens <= budget * NEAR_BUDGET) return plan;
  let real: number;
  try {
    real = await count(plan.history);
  } catch {
    return plan;
  }
  if (real <= budget) return plan;
  return { ...planRequest(chat, Math.floor((budget * plan.tokens) / real)), budget };
}
