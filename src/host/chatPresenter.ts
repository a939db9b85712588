// Turns the session's state into what the chat view shows. Pure (no `vscode`), so the
// rules for notes, actions and ids are unit-tested in Node.
import type { ChatSession } from '../core/chat/chatSession';
import type { ErrorRemedy } from '../core/gemini/errors';
import { contextCard } from '../core/context/cards';
import { textOf } from '../core/chat/history';
import type { MessageAction, UsageSummary, ViewMessage, ViewState } from '../shared/protocol';

export interface ViewContext {
  hasApiKey: boolean;
  demo: boolean;
  model: string;
  maxRetries: number;
  now?: number;
  /** Where the archive of older turns is, once there is one. */
  archiveLocation?: string;
}

type SessionView = Pick<ChatSession, 'history' | 'answerInfo' | 'status' | 'lastError' | 'queued' | 'busy' | 'omittedTurns'> &
  Partial<Pick<ChatSession, 'archivedTurns' | 'summary'>>;

/** Turn i of the history is `t<i>`; the answer being streamed gets the id it will keep. */
export const turnId = (index: number) => `t${index}`;

const REMEDY_ACTIONS: Record<ErrorRemedy, MessageAction> = { retry: 'retry', setApiKey: 'setApiKey', openSettings: 'openSettings' };

export function presentChat(session: SessionView, context: ViewContext): ViewState {
  const { history, status } = session;
  const messages: ViewMessage[] = history.map((turn, index) => {
    const text = textOf(turn);
    const message: ViewMessage = { id: turnId(index), role: turn.role, text, ...(turn.role === 'user' ? cardOf(text) : {}) };
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

  session.queued.forEach((text, i) => messages.push({ id: `q${i}`, role: 'user', text, ...cardOf(text), note: 'Queued: sent when the current answer finishes.' }));

  return {
    messages,
    busy: session.busy,
    hasApiKey: context.hasApiKey,
    demo: context.demo,
    model: context.model,
    usage: usageSummary(session),
    ...notice(session, context),
    ...(session.summary ? { summary: session.summary.text, summaryTurns: session.summary.turns } : {}),
  };
}

function notice(session: SessionView, context: ViewContext): { notice?: string } {
  const notices: string[] = [];
  const archived = session.archivedTurns ?? 0;
  if (archived > 0) {
    const where = `${archived} older messages were moved to the archive${context.archiveLocation ? ` (${context.archiveLocation})` : ''}`;
    const covered = session.summary?.turns ?? 0;
    if (covered >= archived) notices.push(`${where}; Gemini gets the summary shown above instead.`);
    else if (covered > 0) notices.push(`${where}; Gemini gets a summary of the first ${covered} of them instead.`);
    else notices.push(`${where} and are no longer sent.`);
  }
  if (session.omittedTurns > 0) notices.push(`The ${session.omittedTurns} oldest messages were left out of the last request to stay within geminiAssistant.contextTokenBudget.`);
  return notices.length > 0 ? { notice: notices.join(' ') } : {};
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

/** Context turns (selection, problem, exception…) are shown as a card; `text` stays what was sent. */
function cardOf(text: string): Pick<ViewMessage, 'card'> {
  const card = contextCard(text);
  return card ? { card: { kind: card.kind, title: card.title, ...(card.question ? { question: card.question } : {}) } } : {};
}
