// The one message protocol between the extension host and the chat webview.
// Both bundles import this file, so it holds types and tiny pure guards only: no imports.

export type MessageRole = 'user' | 'model' | 'error' | 'tool';

/**
 * Buttons an error, a cut-off answer or a debugger call waiting for consent offers; labels are
 * fixed in the webview. `openSettings` opens the setting that the error is about (key, model,
 * base URL); `allow`, `allowForChat` and `deny` answer the consent prompt of a call;
 * `regenerate` asks again for the last answer; `edit` (on a question) puts it in the composer,
 * and sending it then forks the conversation there (the view posts `edit` with the new text);
 * `chooseModel` opens the model picker (a model that was not found).
 */
export type MessageAction = 'retry' | 'setApiKey' | 'openSettings' | 'continue' | 'allow' | 'allowForChat' | 'deny' | 'regenerate' | 'edit' | 'chooseModel';

export interface ViewMessage {
  /** Stable within one host session; used to target streamed deltas. */
  id: string;
  role: MessageRole;
  /** Markdown for user/model messages; plain text for errors. */
  text: string;
  /** A short status line shown under the message: "Stopped", "Cut off at the token limit", "Not answered yet"… */
  note?: string;
  /** Error and cut-off actions, shown as buttons. */
  actions?: MessageAction[];
  /** True while this model message is still receiving text. */
  streaming?: boolean;
  /** Seconds until an automatic retry (rate limit); counts down in the view. */
  retryInSeconds?: number;
  /** A user message that carries context (selection, problem, exception…): shown as a compact card; `text` is what was sent. */
  card?: MessageCard;
  /** Gemini's thought summaries for a model message (markdown), shown collapsed as "Thinking". */
  thinking?: string;
  /** A debugger call (role `tool`; `text` is the tool's name): what was asked and what came back. */
  tool?: ToolCallView;
  /** A stored model answer's own token counts (from Gemini's usageMetadata), shown under it. */
  usage?: AnswerUsage;
  /** When it was written (ms since the epoch), shown on hover; absent for messages stored before times were kept. */
  time?: number;
}

/** Tokens of one answer's request: what it sent (the whole history then), what it answered, what it spent thinking. */
export interface AnswerUsage {
  prompt?: number;
  answer?: number;
  thinking?: number;
}

/** How far a debugger call got. */
export type ToolCallState = 'pending' | 'consent' | 'running' | 'done' | 'error' | 'denied' | 'cancelled' | 'refused' | 'notRun';

export interface ToolCallView {
  name: string;
  /** The arguments on one line (`count: 5, thread: 1`). */
  args: string;
  state: ToolCallState;
  /** What it would do to the program, while it waits for consent. */
  reason?: string;
  /** One line: what came back, or why it did not run. */
  summary?: string;
  /** Exactly what Gemini got (JSON), shown on request. */
  detail?: string;
}

export interface MessageCard {
  /** selection | problem | exception | variable | frame | terminal */
  kind: string;
  /** One line: the exception's message, the problem, the variable… */
  title: string;
  /** The question the turn ends with. */
  question?: string;
}

export interface UsageSummary {
  /** Tokens the last request sent (the whole history is re-sent each turn). */
  lastPromptTokens?: number;
  lastAnswerTokens?: number;
  /** Tokens the last answer spent thinking (thinking models). */
  lastThoughtsTokens?: number;
  /** Sum of totalTokenCount over the chat's answers. */
  totalTokens: number;
}

/** One of the workspace's conversations, as the list shows it. */
export interface ConversationItem {
  id: string;
  title: string;
  /** Last activity, ms since the epoch. */
  lastUsed: number;
  messages: number;
  /** The conversation shown now. */
  open: boolean;
}

export interface ViewState {
  messages: ViewMessage[];
  /** A request is in flight: the composer shows Stop instead of Send. */
  busy: boolean;
  /** False when no API key is available: the view says how to set one. */
  hasApiKey: boolean;
  /** The chat talks to the local demo server, not Google. */
  demo: boolean;
  /** The model the open conversation asks (its own choice, else the geminiAssistant.model setting). */
  model: string;
  usage: UsageSummary;
  /** Notices above the composer (older messages archived, or left out of the request), each with what can be done about it. */
  notices: ViewNotice[];
  /** Gemini's summary of the oldest archived messages (plain text), shown collapsed above the messages; sent first in every request. */
  summary?: string;
  /** How many archived messages `summary` covers. */
  summaryTurns?: number;
  /** This workspace's conversations with a question in them, newest first. */
  conversations: ConversationItem[];
  /** The oldest messages, moved to the archive file: offered as "Show N earlier messages", shown above the live ones once asked for. */
  archive?: ArchiveView;
}

/**
 * What the view may ask the host to run (the empty chat's buttons and the notices' actions):
 * `ask` is Ask Gemini (about the editor's selection; without one, the composer), `showProblems`
 * the Problems view, `askAboutException` the exception the debugger is stopped on,
 * `startDebugging` Run and Debug's Start Debugging, `openArchive` the open conversation's archive
 * file, `openBudgetSetting` the geminiAssistant.contextTokenBudget setting, `chooseModel` the
 * model picker (the model line).
 */
export type ViewCommand = 'ask' | 'showProblems' | 'askAboutException' | 'startDebugging' | 'openArchive' | 'openBudgetSetting' | 'chooseModel';

export interface ViewNotice {
  /** Stable for the same notice (`archived`, `omitted`), so the view updates it in place. */
  id: string;
  /** Plain text. */
  text: string;
  /** A button after the text ("Open Archive"): the view posts `run` with its command. */
  action?: { label: string; command: ViewCommand };
}

export interface ArchiveView {
  /** Messages the archive holds (the N of "Show N earlier messages"). */
  count: number;
  /** Once asked for (`showArchive`): the archived messages, oldest first, read-only (no actions). */
  messages?: ViewMessage[];
  /** Shown between them and the live messages: what Gemini gets of them ("Archived: not sent to Gemini"…). */
  divider?: string;
  /** Why they cannot be shown (a missing or damaged archive file); the live chat is unaffected. */
  error?: string;
}

/** Host → webview. */
export type HostMessage =
  | { type: 'state'; state: ViewState }
  /** Answer text for a streaming message; `at` is the length of its text before this delta, so a delta is applied once and in place. */
  | { type: 'delta'; id: string; text: string; at: number }
  | { type: 'focusComposer'; text?: string }
  /** The conversations whose messages contain `query` (the answer to searchConversations). */
  | { type: 'conversationMatches'; query: string; ids: string[] }
  /** The answer to checkPaths: of `paths`, those that are files in the workspace (`existing`). */
  | { type: 'pathsChecked'; paths: string[]; existing: string[] }
  /** A result for screen readers (e.g. "Inserted at the cursor"), said by the view's announcer. */
  | { type: 'announce'; text: string };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'action'; action: MessageAction }
  | { type: 'openLink'; href: string }
  | { type: 'copy'; text: string }
  /** A code block's Insert at Cursor (into the last active editor) and Apply to Selection (after a diff preview). */
  | { type: 'insertCode' | 'applyCode'; text: string }
  /** File paths an answer mentions (workspace-relative, no line): which of them are files in the workspace? */
  | { type: 'checkPaths'; paths: string[] }
  /** A path link: open the file (at `line`, 1-based, if given). */
  | { type: 'openPath'; path: string; line?: number }
  | { type: 'newChat' }
  | { type: 'openConversation' | 'renameConversation' | 'deleteConversation'; id: string }
  /** The question with id `id` sent again as `text`: the conversation forks there. */
  | { type: 'edit'; id: string; text: string }
  /** Which conversations hold this text (titles are matched in the view itself). */
  | { type: 'searchConversations'; text: string }

  /** The "Show N earlier messages" button: read the archive file; `hideArchive` puts them away again. */
  | { type: 'showArchive' }
  | { type: 'hideArchive' }
  /** A button of the empty chat, of a notice, or the model line. */
  | { type: 'run'; command: ViewCommand };

const ACTIONS: readonly MessageAction[] = ['retry', 'setApiKey', 'openSettings', 'continue', 'allow', 'allowForChat', 'deny', 'regenerate', 'chooseModel'];
const VIEW_COMMANDS: readonly ViewCommand[] = ['ask', 'showProblems', 'askAboutException', 'startDebugging', 'openArchive', 'openBudgetSetting', 'chooseModel'];

/** How many paths one checkPaths may ask about, and how long one may be. */
const MAX_PATHS = 200;
const isPath = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 1_024;

/** The host trusts nothing from the webview: anything not exactly one of these shapes is dropped. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  // Own data properties only: nothing inherited, and nothing that runs code when read. The keys
  // are every field a WebviewMessage has: a new message's fields go into this list too.
  const m: Record<string, unknown> = {};
  for (const key of ['type', 'text', 'href', 'action', 'id', 'command', 'paths', 'path', 'line']) {
    let field: PropertyDescriptor | undefined;
    try {
      field = Object.getOwnPropertyDescriptor(value, key);
    } catch {
      return undefined;
    }
    if (field && 'value' in field) m[key] = field.value;
  }
  switch (m.type) {
    case 'ready':
    case 'stop':
    case 'newChat':
    case 'showArchive':
    case 'hideArchive':
      return { type: m.type };
    case 'send':
    case 'copy':
    case 'insertCode':
    case 'applyCode':
      return typeof m.text === 'string' && m.text.length <= 1_000_000 ? { type: m.type, text: m.text } : undefined;
    case 'openLink':
      return typeof m.href === 'string' && m.href.length <= 8_192 ? { type: 'openLink', href: m.href } : undefined;
    case 'openConversation':
    case 'renameConversation':
    case 'deleteConversation':
      return typeof m.id === 'string' && /^[\w-]{1,64}$/.test(m.id) ? { type: m.type, id: m.id } : undefined;
    case 'edit':
      return typeof m.id === 'string' && /^t\d+(\.\d+)?$/.test(m.id) && typeof m.text === 'string' && m.text.length <= 1_000_000
        ? { type: 'edit', id: m.id, text: m.text }
        : undefined;
    case 'searchConversations':
      return typeof m.text === 'string' && m.text.length <= 1_000 ? { type: 'searchConversations', text: m.text } : undefined;
    case 'checkPaths':
      return Array.isArray(m.paths) && m.paths.length <= MAX_PATHS && m.paths.every(isPath) ? { type: 'checkPaths', paths: [...m.paths] } : undefined;
    case 'openPath':
      if (!isPath(m.path)) return undefined;
      if (m.line === undefined) return { type: 'openPath', path: m.path };
      return Number.isInteger(m.line) && (m.line as number) >= 1 && (m.line as number) <= 10_000_000 ? { type: 'openPath', path: m.path, line: m.line as number } : undefined;
    case 'action':
      return ACTIONS.includes(m.action as MessageAction) ? { type: 'action', action: m.action as MessageAction } : undefined;
    case 'run':
      return VIEW_COMMANDS.includes(m.command as ViewCommand) ? { type: 'run', command: m.command as ViewCommand } : undefined;
    default:
      return undefined;
  }
}
