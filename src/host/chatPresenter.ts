// Turns the session's state into what the chat view shows. Pure (no `vscode`), so the
// rules for notes, actions and ids are unit-tested in Node.
import type { ChatSession } from '../core/chatSession';
import type { ErrorRemedy } from '../core/errors';
import { textOf } from '../core/history';
import type { MessageAction, UsageSummary, ViewMessage, ViewState } from '../shared/protocol';

export interface ViewContext {
  hasApiKey: boolean;
  demo: boolean;
  model: string;
  maxRetries: number;
  now?: number;
}

type SessionView = Pick<ChatSession, 'history' | 'answerInfo' | 'status' | 'lastError' | 'queued' | 'busy' | 'omittedTurns'>;

/** Turn i of the history is `t<i>`; the answer being streamed gets the id it will keep. */
export const turnId = (index: number) => `t${index}`;

const REMEDY_ACTIONS: Record<ErrorRemedy, MessageAction> = { retry: 'retry', setApiKey: 'setApiKey', openSettings: 'openSettings' };

export function presentChat(session: SessionView, context: ViewContext): ViewState {
  const { history, status } = session;
  const messages: ViewMessage[] = history.map((turn, index) => {
    const message: ViewMessage = { id: turnId(index), role: turn.role, text: textOf(turn) };
    const info = turn.role === 'model' ? session.answerInfo(index) : undefined;
    if (info?.incomplete === 'stopped') message.note = 'Stopped before the answer was finished.';
    else if (info?.incomplete === 'failed') message.note = 'Incomplete: the answer broke off.';
    else if (info?.finishReason === 'MAX_TOKENS') {
      message.note = 'Cut off at the output token limit.';
      if (index === history.length - 1 && !session.busy) message.actions = ['continue'];
    }
    return message;
  });

  const last = history.length - 1;
  if (status.state === 'answering') {
    messages.push({ id: turnId(history.length), role: 'model', text: status.text, streaming: true });
  } else if (status.state === 'waiting') {
    const seconds = Math.max(1, Math.ceil((status.until - (context.now ?? Date.now())) / 1000));
    messages.push({
      id: `wait${history.length}`,
      role: 'error',
      text: `${status.error.message} Retrying automatically (attempt ${status.attempt} of ${context.maxRetries}); Stop cancels.`,
      retryInSeconds: seconds,
    });
  } else if (session.lastError && !(session.lastError.kind === 'cancelled' && history[last]?.role === 'model')) {
    const error = session.lastError;
    const text = error.kind === 'cancelled' ? 'Stopped before Gemini answered.' : error.message;
    messages.push({ id: `err${history.length}`, role: 'error', text, actions: error.remedies.map((r) => REMEDY_ACTIONS[r]) });
  } else if (!session.busy && history[last]?.role === 'user') {
    messages.push({ id: `err${history.length}`, role: 'error', text: 'This message has not been answered yet.', note: 'Not answered yet', actions: ['retry'] });
  }

  session.queued.forEach((text, i) => messages.push({ id: `q${i}`, role: 'user', text, note: 'Queued: sent when the current answer finishes.' }));

  return {
    messages,
    busy: session.busy,
    hasApiKey: context.hasApiKey,
    demo: context.demo,
    model: context.model,
    usage: usageSummary(session),
    ...(session.omittedTurns > 0 ? { notice: `The ${session.omittedTurns} oldest messages were left out of the last request to stay within geminiAssistant.contextTokenBudget.` } : {}),
  };
}

function usageSummary(session: SessionView): UsageSummary {
  const summary: UsageSummary = { totalTokens: 0 };
  session.history.forEach((turn, index) => {
    const usage = turn.role === 'model' ? session.answerInfo(index)?.usage : undefined;
    if (!usage) return;
    summary.totalTokens += usage.totalTokenCount ?? 0;
    summary.lastPromptTokens = usage.promptTokenCount;
    summary.lastAnswerTokens = usage.candidatesTokenCount;
  });
  return summary;
}
