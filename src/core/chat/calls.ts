// Function calls in the history: a model turn with `functionCall` parts is followed by a user
// turn that starts with one `functionResponse` part per call, in order. A call and its response
// are one unit: the archive and the token budget never split them, and user text never comes
// between them. Pure functions over plain data.
import type { Content, Part } from '../types';
import { failedResponse, responsePart } from '../tools/toolResults';

export const isCall = (part: Part): boolean => typeof part.functionCall === 'object' && part.functionCall !== null;
export const isResponse = (part: Part): boolean => typeof part.functionResponse === 'object' && part.functionResponse !== null;

export function callsOf(turn: Content | undefined): Part[] {
  return turn?.role === 'model' ? turn.parts.filter(isCall) : [];
}

export function responsesOf(turn: Content | undefined): Part[] {
  return turn?.role === 'user' ? turn.parts.filter(isResponse) : [];
}

/** A user turn that answers calls (it may carry the user's next message after the responses). */
export function answersCalls(turn: Content | undefined): boolean {
  return turn?.role === 'user' && turn.parts[0] !== undefined && isResponse(turn.parts[0]);
}

/** The calls of the last turn that have no response yet (the last turn is the model's and has calls). */
export function unansweredCalls(history: readonly Content[]): Part[] {
  return callsOf(history[history.length - 1]);
}

/** Responses for calls that will not run (the conversation moved on, or the window reloaded). */
export function notRunResponses(calls: readonly Part[], why: string): Part[] {
  return calls.map((call) => responsePart(call.functionCall!.name, failedResponse('notRun', why), call.functionCall!.id));
}

/** Why the calls of a history are not answered as the API requires (in words for a user, as historyProblem), or undefined. */
export function callProblem(history: readonly Content[]): string | undefined {
  for (let i = 0; i < history.length; i++) {
    const turn = history[i]!;
    const calls = callsOf(turn);
    const next = history[i + 1];
    if (calls.length > 0 && next) {
      const responses = responsesOf(next);
      const leading = next.parts.slice(0, calls.length);
      if (responses.length !== calls.length || !leading.every(isResponse)) {
        const what = calls.length === 1 ? 'the function call' : `the ${calls.length} function calls`;
        return `message ${i + 2} must begin with the answers to ${what} of message ${i + 1}, one "functionResponse" each, in order`;
      }
      const names = calls.map((c) => c.functionCall!.name);
      const answered = leading.map((r) => r.functionResponse!.name);
      if (names.some((name, j) => name !== answered[j]))
        return `message ${i + 2} answers ${answered.join(', ')}, but message ${i + 1} called ${names.join(', ')} (each answer names the function it answers, in order)`;
    }
    if (turn.role === 'user' && responsesOf(turn).length > 0 && callsOf(history[i - 1]).length === 0) {
      return `message ${i + 1} holds function responses, but ${i === 0 ? 'no function call comes before it' : `message ${i} made no function call`}`;
    }
  }
  return undefined;
}

/**
 * The history with its calls answered as the API requires: a response that answers no call is
 * dropped, and calls without their responses get "not run" ones. What the user wrote is kept.
 * Turns stay where they are; `repaired` lists the user turns that changed.
 */
export function repairCalls(history: readonly Content[]): { history: Content[]; repaired: number[] } {
  const repaired: number[] = [];
  const result: Content[] = [];
  history.forEach((turn, i) => {
    if (turn.role === 'model') {
      result.push(turn);
      return;
    }
    const calls = callsOf(history[i - 1]);
    const others = turn.parts.filter((p) => !isResponse(p));
    const responses = turn.parts.filter(isResponse);
    if (calls.length === 0) {
      if (responses.length === 0) return void result.push(turn);
      // Responses that answer no call: dropped (a turn of nothing but them says so, to keep the turns alternating).
      repaired.push(i);
      result.push({ role: 'user', parts: others.length > 0 ? others : [{ text: '(Function responses that answered no call were dropped here.)' }] });
      return;
    }
    const matching = calls.every((call, j) => turn.parts[j] !== undefined && isResponse(turn.parts[j]) && turn.parts[j].functionResponse!.name === call.functionCall!.name);
    if (matching && responses.length === calls.length) {
      result.push(turn);
      return;
    }
    repaired.push(i);
    result.push({ role: 'user', parts: [...notRunResponses(calls, 'Not run: this response was lost.'), ...others] });
  });
  return { history: result, repaired };
}
