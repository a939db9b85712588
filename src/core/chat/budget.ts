// Cost control: the whole history is re-sent (and re-billed) every turn, so a request
// carries only the newest turns that fit the token budget. Nothing is deleted from the chat.
import type { Content } from '../types';
import { sentText } from '../parts';
import { answersCalls } from './calls';

/** Gemini's rule of thumb for English and code: about four characters a token. Text parts and the data of function calls and responses (not signatures). */
export function estimateTokens(history: readonly Content[]): number {
  let chars = 0;
  for (const turn of history) {
    chars += sentText(turn).length;
    for (const part of turn.parts) {
      if (part.functionCall) chars += JSON.stringify(part.functionCall).length;
      if (part.functionResponse) chars += JSON.stringify(part.functionResponse).length;
    }
  }
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
  // A call and its response go together: start no later than the question of an investigation.
  while (start > 0 && answersCalls(history[start])) start -= 2;
  return { history: history.slice(start), omitted: start };
}
