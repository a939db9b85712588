// Cost control: the whole history is re-sent (and re-billed) every turn, so a request
// carries only the newest turns that fit the token budget. Nothing is deleted from the chat.
import type { Content } from '../types';
import { sentText } from '../parts';

/** Gemini's rule of thumb for English and code: about four characters a token. Text parts only. */
export function estimateTokens(history: readonly Content[]): number {
  let chars = 0;
  for (const turn of history) chars += sentText(turn).length;
  return Math.ceil(chars / 4);
}

export interface BudgetedHistory {
  history: Content[];
  /** How many of the oldest turns were left out of the request. */
  omitted: number;
}

/**
 * Drops the oldest user/model pairs until the estimate fits `budget`, so the request
 * still starts with a user turn. The last user turn is always sent, even if alone it is over.
 */
export function fitToBudget(history: readonly Content[], budget: number): BudgetedHistory {
  let start = 0;
  let tokens = estimateTokens(history);
  while (tokens > budget && history.length - start > 2) {
    tokens -= estimateTokens(history.slice(start, start + 2));
    start += 2;
  }
  return { history: history.slice(start), omitted: start };
}
