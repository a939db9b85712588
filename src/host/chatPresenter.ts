// Turns the session's state into what the chat view shows. Pure (no `vscode`), so the
// rules for notes, actions and ids are unit-tested in Node. It keeps nothing: every view state
// is computed afresh from the session, which asks the chat repository; archived turns are
// presented once, when read, by the same code as the live ones (the controller keeps them).
import type { ChatSession } from '../core/chat/chatSession';
import { lastQuestion } from '../core/chat/history';
import type { ErrorRemedy } from '../core/gemini/errors';
import { answersCalls, callsOf } from '../core/chat/calls';
import { oneLine } from '../core/context/cards';
import { dataParts, textOf, thoughtText } from '../core/parts';
import type { ArchivedChat, Content, ContextCard, Part, StoredChat, UsageMetadata } from '../core/types';
import type { AnswerUsage, ArchiveView, ConversationItem, MessageAction, MessageCard, ToolCallView, UsageSummary, ViewMessage, ViewNotice, ViewState } from '../shared/protocol';

export interface ViewContext {
  hasApiKey: boolean;
  demo: boolean;
  model: string;
  maxRetries: number;
  now?: number;
  /** Where the archive of older turns is, once there is one. */
  archiveLocation?: string;
  /** The workspace's conversations, newest first. */
  conversations?: ConversationItem[];
  /** The archive file's turns, once the user asked to see them. */
  archive?: ArchiveRead;
}

type SessionView = Pick<ChatSession, 'chat' | 'status' | 'lastError' | 'queued' | 'busy' | 'omittedTurns'> & Partial<Pick<ChatSession, 'investigation'>>;

/**
 * The archive file of the open conversation as the controller read it, once the user asked to
 * see it: its turns already presented (once, however often the view is rendered), or why not.
 */
export type ArchiveRead = { messages: ViewMessage[]; turns: number } | { error: string };

/** Live turns are `t<i>`; archived turn i (of the whole conversation) is `a<i>`, so they never share an id. */
const LIVE = 't';
const ARCHIVED = 'a';
const idOf = (prefix: string, index: number, part: number) => (part === 0 ? `${prefix}${index}` : `${prefix}${index}.${part}`);

/** Turn i of the history is `t<i>`; the answer being streamed gets the id it will keep. A user turn's later parts (messages joined to an unanswered one) are `t<i>.<j>`. */
export const turnId = (index: number, part = 0) => idOf(LIVE, index, part);

const REMEDY_ACTIONS: Record<ErrorRemedy, MessageAction> = { retry: 'retry', setApiKey: 'setApiKey', openSettings: 'openSettings', chooseModel: 'chooseModel' };

/** Finish reasons that need no note. */
const NORMAL_FINISH = new Set(['STOP', 'MAX_TOKENS']);

/** Turns to present: the live chat's (with the session, for the investigation and the actions), or archived ones (read-only). */
interface Turns {
  history: readonly Content[];
  cards?: StoredChat['cards'];
  answers?: StoredChat['answers'];
  times?: StoredChat['times'];
  prefix: string;
  session?: SessionView;
}

/** The archived turns, oldest first, shown like live ones (context messages as their cards) but without actions. */
export function presentArchive(archive: ArchivedChat): ViewMessage[] {
  return turnMessages({ history: archive.history, cards: archive.cards, times: archive.times, prefix: ARCHIVED });
}

export function presentChat(session: SessionView, context: ViewContext): ViewState {
  const { chat, status } = session;
  const { history } = chat;
  const messages = turnMessages({ history, cards: chat.cards, answers: chat.answers, times: chat.times, prefix: LIVE, session });

  const last = history.length - 1;
  if (status.state === 'answering') {
    messages.push({ id: turnId(history.length), role: 'model', text: status.text, streaming: true, ...(status.thoughts ? { thinking: status.thoughts } : {}) });
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
    const text = answersCalls(history[last]) && responsesOnly(history[last]) ? 'Gemini has not read these debugger results yet.' : 'This message has not been answered yet.';
    messages.push({ id: `err${history.length}`, role: 'error', text, note: 'Not answered yet', actions: ['retry'] });
  }

  session.queued.forEach((message, i) =>
    messages.push({ id: `q${i}`, role: 'user', text: message.text, ...cardOf(message.card), note: 'Queued: sent when the current answer finishes.' }),
  );

  return {
    messages,
    busy: session.busy,
    hasApiKey: context.hasApiKey,
    demo: context.demo,
    model: context.model,
    usage: usageSummary(session),
    notices: notices(session, context),
    ...(chat.summary ? { summary: chat.summary.text, summaryTurns: chat.summary.turns } : {}),
    conversations: (context.conversations ?? []).map(({ id, title, lastUsed, messages, open }) => ({ id, title, lastUsed, messages, open })),
    ...archiveView(session, context),
  };
}

/** "Show N earlier messages", or the archived messages with what Gemini gets of them, or why they cannot be shown. */
function archiveView(session: SessionView, context: ViewContext): { archive?: ArchiveView } {
  const count = session.chat.archived ?? 0;
  const read = context.archive;
  if (count === 0) return {};
  if (!read) return { archive: { count } };
  const where = context.archiveLocation ?? 'the archive folder';
  if ('error' in read) return { archive: { count, error: `The archive file could not be read: ${where}. ${read.error.charAt(0).toUpperCase()}${read.error.slice(1)}.` } };
  if (read.turns === 0) return { archive: { count, error: `The archive file is missing or empty: ${where}.` } };
  const covered = Math.min(session.chat.summary?.turns ?? 0, count);
  const divider =
    covered === 0
      ? 'Archived: not sent to Gemini'
      : covered === count
        ? 'Archived: covered by the summary'
        : `Archived: the first ${covered} covered by the summary, the other ${count - covered} not sent to Gemini`;
  return {
    archive: {
      count,
      messages: read.messages,
      divider,
      ...(read.turns < count ? { error: `The archive file holds only ${read.turns} of the ${count} archived messages: ${where}.` } : {}),
    },
  };
}

function turnMessages(turns: Turns): ViewMessage[] {
  const { history, session } = turns;
  // Edit and Regenerate start a turn: on live turns only, and not while one runs.
  const idle = session !== undefined && !session.busy && session.status.state === 'idle';
  const regenerable = idle && history.at(-1)?.role === 'model' && lastQuestion(history) >= 0;
  return history.flatMap((turn, index) => {
    const time = turns.times?.[index];
    const dated = time === undefined ? {} : { time };
    if (turn.role === 'user') {
      // One message per part: each is something the user sent (a typed question, a context card).
      return turn.parts.flatMap((part, j) => {
        if (typeof part.text !== 'string' || !part.text) return [];
        const card = turns.cards?.[index]?.[j];
        // A typed question can be edited; a context message holds what the editor or debugger gave.
        return [{ id: idOf(turns.prefix, index, j), role: 'user' as const, text: part.text, ...dated, ...cardOf(card), ...(idle && !card ? { actions: ['edit' as const] } : {}) }];
      });
    }
    const message: ViewMessage = { id: idOf(turns.prefix, index, 0), role: 'model', text: textOf(turn), ...dated };
    const calls = callsOf(turn);
    const tools = calls.map((call, j) => toolMessage(turns, index, call, j));
    const thinking = thoughtText(turn.parts);
    if (thinking) message.thinking = thinking;
    // An answer that only calls the debugger is shown as its calls.
    if (!message.text && calls.length > 0) return tools;
    const info = turns.answers?.[index];
    const notes: string[] = [];
    if (info?.incomplete === 'stopped') notes.push('Stopped before the answer was finished.');
    else if (info?.incomplete === 'failed') notes.push('Incomplete: the answer broke off.');
    else if (info?.finishReason === 'MAX_TOKENS') {
      notes.push('Cut off at the output token limit.');
      if (session && index === history.length - 1 && !session.busy) message.actions = ['continue'];
    } else if (info?.finishReason && !NORMAL_FINISH.has(info.finishReason)) notes.push(`Gemini ended this answer early (${info.finishReason}).`);
    if (!message.text) notes.push(withoutText(turn.parts));
    if (notes.length > 0) message.note = notes.join(' ');
    if (regenerable && index === history.length - 1 && message.text) message.actions = [...(message.actions ?? []), 'regenerate'];
    const usage = answerUsage(info?.usage);
    if (usage) message.usage = usage;
    return [message, ...tools];
  });
}

const TOOL_ACTIONS: MessageAction[] = ['allow', 'allowForChat', 'deny'];

const responsesOnly = (turn: Content) => turn.parts.every((p) => p.functionResponse !== undefined);

/** Call `j` of model turn `index`: its response from the next turn, or from the round running now. */
function toolMessage(turns: Turns, index: number, call: Part, j: number): ViewMessage {
  const { history } = turns;
  const { name, args } = call.functionCall!;
  const next = history[index + 1];
  const live = index === history.length - 1 ? turns.session?.investigation : undefined;
  const response = answersCalls(next) ? next!.parts[j] : live?.responses[j];
  const view: ToolCallView = { name, args: argsLine(args), state: 'notRun' };
  if (response?.functionResponse) {
    const sent = response.functionResponse.response as { status?: string; result?: unknown; error?: string };
    view.state = sent.status === 'ok' ? 'done' : isToolState(sent.status) ? sent.status : 'error';
    view.summary = oneLine(sent.status === 'ok' ? resultLine(sent.result) : String(sent.error ?? ''), 200);
    view.detail = JSON.stringify(sent, null, 2);
  } else if (live) {
    const current = live.current?.index === j ? live.current : undefined;
    view.state = current?.phase ?? 'pending';
    if (current?.reason) view.reason = `Gemini asks to run this: it ${current.reason}.`;
  } else {
    view.summary = 'Not run: the investigation was interrupted.';
  }
  const message: ViewMessage = { id: `${idOf(turns.prefix, index, 0)}.c${j}`, role: 'tool', text: name, tool: view };
  if (view.state === 'consent') message.actions = TOOL_ACTIONS;
  return message;
}

const isToolState = (state: unknown): state is ToolCallView['state'] =>
  typeof state === 'string' && ['pending', 'consent', 'running', 'done', 'error', 'denied', 'cancelled', 'refused', 'notRun'].includes(state);

/** `count: 5, path: ["Local", "order"]` */
function argsLine(args: Record<string, unknown> | undefined): string {
  return oneLine(
    Object.entries(args ?? {})
      .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
      .join(', '),
    200,
  );
}

function resultLine(result: unknown): string {
  return typeof result === 'string' ? result : (JSON.stringify(result) ?? '');
}

/** What a model turn without text holds instead (function calls, code, data). */
function withoutText(parts: readonly Part[]): string {
  const held = dataParts(parts).map((part) => {
    if (part.functionCall) return `a call to \`${part.functionCall.name}\``;
    if (part.executableCode) return 'code to run';
    if (part.codeExecutionResult) return 'the result of running code';
    return `a part of kind ${Object.keys(part).find((key) => key !== 'thoughtSignature' && key !== 'thought') ?? 'unknown'}`;
  });
  return held.length > 0 ? `This answer holds no text, only ${held.join(', ')}.` : 'This answer holds no text.';
}

/** Why Gemini gets less than the chat shows, each with what can be done about it (the archive to read, the budget to raise). */
function notices(session: SessionView, context: ViewContext): ViewNotice[] {
  const notices: ViewNotice[] = [];
  const archived = session.chat.archived ?? 0;
  if (archived > 0) {
    // The file is not named here: Open Archive opens it (and the notification at the move named it).
    const where = `${archived} older messages were moved to the archive`;
    const covered = session.chat.summary?.turns ?? 0;
    const text =
      covered >= archived
        ? `${where}; Gemini gets the summary shown above instead.`
        : covered > 0
          ? `${where}; Gemini gets a summary of the first ${covered} of them instead.`
          : `${where} and are no longer sent.`;
    notices.push({ id: 'archived', text, ...(context.archiveLocation ? { action: { label: 'Open Archive', command: 'openArchive' as const } } : {}) });
  }
  if (session.omittedTurns > 0)
    notices.push({
      id: 'omitted',
      text: `The ${session.omittedTurns} oldest messages were left out of the last request to stay within geminiAssistant.contextTokenBudget.`,
      action: { label: 'Open Setting', command: 'openBudgetSetting' },
    });
  return notices;
}

function usageSummary(session: SessionView): UsageSummary {
  const summary: UsageSummary = { totalTokens: 0 };
  session.chat.history.forEach((turn, index) => {
    const usage = turn.role === 'model' ? session.chat.answers?.[index]?.usage : undefined;
    if (!usage) return;
    // totalTokenCount includes thinking and tool-use prompt tokens; older answers without it are summed up.
    summary.totalTokens +=
      usage.totalTokenCount ?? (usage.promptTokenCount ?? 0) + (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0);
    summary.lastPromptTokens = usage.promptTokenCount;
    summary.lastAnswerTokens = usage.candidatesTokenCount;
    summary.lastThoughtsTokens = usage.thoughtsTokenCount;
  });
  for (const key of ['lastPromptTokens', 'lastAnswerTokens', 'lastThoughtsTokens'] as const) if (summary[key] === undefined) delete summary[key];
  return summary;
}

/** The counts the view shows under an answer; undefined when Gemini sent none of them. */
function answerUsage(usage: UsageMetadata | undefined): AnswerUsage | undefined {
  if (!usage) return undefined;
  const counts: AnswerUsage = {};
  if (usage.promptTokenCount !== undefined) counts.prompt = usage.promptTokenCount;
  if (usage.candidatesTokenCount !== undefined) counts.answer = usage.candidatesTokenCount;
  if (usage.thoughtsTokenCount) counts.thinking = usage.thoughtsTokenCount;
  return Object.keys(counts).length > 0 ? counts : undefined;
}

/** A context message is shown as its card; `text` stays what was sent. */
function cardOf(card: ContextCard | undefined): { card?: MessageCard } {
  return card ? { card: { kind: card.kind, title: card.title, ...(card.question ? { question: card.question } : {}) } } : {};
}
