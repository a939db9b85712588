// Glue between the chat session (core), the chat view, settings, the API key and storage.
// It owns the session for the current workspace and turns view actions into session calls.
import * as vscode from 'vscode';
import { ChatSession } from '../core/chat/chatSession';
import { endOf } from '../core/chat/chatSync';
import { ConversationFiles } from '../core/conversations/conversationFiles';
import { Conversations, type ConversationInfo, type DeletedConversation } from '../core/conversations/conversations';
import { planRequest, type RequestPlan } from '../core/chat/requestPlan';
import type { Decision } from '../core/chat/toolRound';
import { noApiKeyError } from '../core/gemini/errors';
import { createGeminiClient } from '../core/gemini/geminiClient';
import { listModels, type ModelInfo } from '../core/gemini/modelList';
import type { ChatStore, DebuggerTools, ValueStore } from '../core/ports';
import type { StoredChat, UserMessage } from '../core/types';
import type { MessageAction, ViewCommand, ViewState, WebviewMessage } from '../shared/protocol';
import type { ApiKeys } from './apiKey';
import { HostChatFiles } from './chatFiles';
import { ChatNotices } from './chatNotices';
import { presentArchive, presentChat, turnId, type ArchiveRead } from './chatPresenter';
import type { ChatPlace, ChatViews } from './chatViews';
import { chatLimits, isLoopbackUrl, onSettingsChanged, openSetting, readSettings, retryPolicy, type Settings } from './settings';
import { COMMANDS } from './ids';
import type { HostFileSystem } from './hostFileSystem';

/** Where a workspace keeps its chat: its values in globalState, its files in global storage. */
export interface ChatStorage {
  chat: ChatStore;
  index: ValueStore;
  fs: HostFileSystem;
  /** Names the workspace's files (a hash of its identity). */
  tag: string;
}

/** Placeholder key for local servers (demo server, proxies) when the user has none. */
const LOCAL_SERVER_KEY = 'local-server-no-key';

/** The view commands that are a VS Code command, by its id. */
const VIEW_COMMAND_IDS: Record<Exclude<ViewCommand, 'openArchive' | 'openBudgetSetting'>, string> = {
  ask: COMMANDS.ask,
  showProblems: 'workbench.actions.view.problems',
  askAboutException: COMMANDS.askAboutException,
  startDebugging: 'workbench.action.debug.start',
  chooseModel: COMMANDS.chooseModel,
};

export class ChatController implements vscode.Disposable {
  private session: ChatSession;
  private hasApiKey = true;
  private loggedError: unknown;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly notices: ChatNotices;
  private readonly store: ChatStore;
  /** Backups and the archive (global storage folder). */
  private readonly files: HostChatFiles;
  /** This workspace's conversations; the open one is the session's. */
  readonly conversations: Conversations;
  /** The open conversation's id and size when the index last heard of it. */
  private recorded = '';
  /** The change of conversations in progress (they never overlap), settled when there is none. */
  private changing: Promise<unknown> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  /** The chat or its state changed (what the view shows is computed again). */
  readonly onDidChange = this.changed.event;
  /** The open conversation's archived turns, once the user asked to see them: read and presented once, dropped when another conversation opens. */
  private archive: { chatId: string; archived: number; read: ArchiveRead } | undefined;
  /** Counts Show and Hide, so that a read finishing after a later Show or a Hide is dropped. */
  private archiveAsked = 0;
  private archiveReading = false;

  constructor(
    storage: ChatStorage,
    private readonly keys: ApiKeys,
    private readonly view: ChatViews,
    private readonly log: vscode.LogOutputChannel,
    /** The debugger, for Gemini's tool calls. */
    private readonly tools?: DebuggerTools,
  ) {
    this.store = storage.chat;
    this.files = new HostChatFiles(storage.fs, storage.tag);
    this.notices = new ChatNotices(this.files, log);
    this.conversations = new Conversations({
      index: storage.index,
      files: new ConversationFiles(storage.fs, `conversations/${storage.tag}`),
      archives: this.files,
      current: () => this.session.chat,
      open: (chat) => this.session.reset(chat),
      park: () => this.session.park(),
      retitle: (title) => void this.session.rename(title),
      notify: (notice) => this.notices.showConversation(notice),
    });
    this.session = this.createSession();
    this.disposables.push(
      view.onDidReceiveMessage((message) => this.handle(message)),
      keys.onDidChange(() => void this.refreshKeyState()),
      onSettingsChanged(() => void this.refreshKeyState()),
    );
    void this.refreshKeyState();
  }

  /** The stored chat as it is now (for export and tests). */
  snapshot(): StoredChat {
    return this.session.snapshot();
  }

  get messageCount(): number {
    return this.session.history.length;
  }

  /** Adds a user message and shows the chat while the answer streams in: in the sidebar, or (for a question from the debugger) beside the debugger's views. */
  async ask(message: UserMessage, place: ChatPlace = 'sidebar'): Promise<void> {
    await this.view.reveal(place);
    await this.changing;
    await this.session.send(message);
  }

  focusComposer(): Promise<void> {
    return this.view.focusComposer();
  }

  /** This workspace's conversations, newest first. */
  conversationList(): ConversationInfo[] {
    return this.conversations.list();
  }

  /** Runs a change of conversations (new, switch, rename, delete, import) and shows the result; a failure is told to the user, nothing is lost. */
  changeConversations<T>(change: (conversations: Conversations) => Promise<T>): Promise<T | undefined> {
    // One change at a time; a message sent meanwhile waits for it (see `changed`).
    const run = this.changing.then(async () => {
      try {
        return await change(this.conversations);
      } catch (error) {
        this.log.error('A change of conversations failed', error);
        void vscode.window.showErrorMessage(`Gemini Debug Assistant: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      } finally {
        this.render();
      }
    });
    this.changing = run;
    return run;
  }

  /**
   * Sends question `id` (a view id, `t<turn>`) again as `text`: the conversation forks there. The
   * conversation as it was is kept as its own, named "<title> (before edit)".
   */
  async editQuestion(id: string, text: string): Promise<void> {
    const index = Number(/^t(\d+)/.exec(id)?.[1] ?? -1);
    const chat = this.session.snapshot();
    if (this.session.busy || chat.history[index]?.role !== 'user' || !text.trim()) return;
    const title = this.conversations.list().find((c) => c.open)?.title ?? 'Conversation';
    if ((await this.changeConversations((c) => c.keepCopy(chat, `${title} (before edit)`))) === undefined) return;
    await this.session.editQuestion(index, text);
  }

  restoreConversation(deleted: DeletedConversation): Promise<void | undefined> {
    return this.changeConversations((c) => c.restore(deleted));
  }

  /** Builds a fresh session from storage, as a window reload does: the old one is abandoned without another write. */
  reload(): void {
    this.session.close();
    this.session = this.createSession();
    this.render();
  }

  /** Answers the debugger call waiting for consent (the Allow, Allow for this chat and Deny buttons). */
  decide(decision: Decision): void {
    this.session.decide(decision);
  }

  /** Sends the unanswered last turn again (the Retry button). */
  retry(): Promise<void> {
    return this.session.retry();
  }

  /** The model the open conversation asks: its own choice, else the geminiAssistant.model setting. */
  get model(): string {
    return this.session.model ?? readSettings().model;
  }

  /** The models the key may chat with (the model picker); rejects with a GeminiError. */
  async listModels(): Promise<ModelInfo[]> {
    const settings = readSettings();
    return listModels({ apiKey: await this.apiKey(settings), baseUrl: settings.apiBaseUrl, timeoutMs: settings.requestTimeoutSeconds * 1000 });
  }

  /** The open conversation asks `model` from its next request on; a question that failed for want of a model that exists is sent again. */
  async setModel(model: string): Promise<void> {
    await this.changing;
    await this.session.setModel(model);
    if (this.session.lastError?.kind === 'modelNotFound') await this.session.retry();
  }

  /** What the next request would send, estimated (the status-bar item). */
  requestPlan(): RequestPlan {
    return planRequest(this.session.chat, readSettings().contextTokenBudget);
  }

  /** What the chat view shows now. */
  viewState(): ViewState {
    return this.present();
  }

  private handle(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready':
        this.render();
        break;
      case 'send':
        // Sent while another conversation opens: it belongs to the one that opens.
        void this.changing.then(() => this.session.send(message.text));
        break;
      case 'stop':
        this.session.stop();
        break;
      case 'action':
        void this.runAction(message.action);
        break;
      case 'newChat':
        void vscode.commands.executeCommand(COMMANDS.newChat);
        break;
      case 'openConversation':
        void vscode.commands.executeCommand(COMMANDS.switchConversation, { id: message.id });
        break;
      case 'renameConversation':
        void vscode.commands.executeCommand(COMMANDS.renameConversation, { id: message.id });
        break;
      case 'deleteConversation':
        void vscode.commands.executeCommand(COMMANDS.deleteConversation, { id: message.id });
        break;
      case 'edit':
        void this.editQuestion(message.id, message.text);
        break;
      case 'searchConversations':
        void this.conversations.search(message.text).then((found) => this.view.post({ type: 'conversationMatches', query: message.text, ids: found.map((c) => c.id) }));
        break;
      case 'copy':
        void vscode.env.clipboard.writeText(message.text);
        break;
      case 'openLink':
        void this.openLink(message.href);
        break;
      case 'showArchive':
        void this.showArchive();
        break;
      case 'hideArchive':
        this.hideArchive();
        break;
      case 'run':
        void this.runViewCommand(message.command);
        break;
    }
  }

  /** "Show N earlier messages": reads the open conversation's archive file (again after an archive step while they are shown). */
  async showArchive(): Promise<void> {
    if (!this.files) return;
    const asked = ++this.archiveAsked;
    const { chatId, archivedTurns: archived } = this.session;
    let read: ArchiveRead;
    this.archiveReading = true;
    try {
      const archive = await this.files.readArchive(chatId);
      read = { messages: presentArchive(archive), turns: archive.history.length };
    } catch (error) {
      this.log.warn(`Could not read the archive file ${this.files.archiveLocation(chatId)}`, error);
      read = { error: error instanceof Error ? error.message : String(error) };
    } finally {
      this.archiveReading = false;
    }
    if (asked !== this.archiveAsked || chatId !== this.session.chatId) return;
    this.archive = { chatId, archived, read };
    this.render();
  }

  /** "Hide N earlier messages". */
  hideArchive(): void {
    this.archiveAsked++;
    this.archive = undefined;
    this.render();
  }

  /** After a new key is saved, a turn that failed for want of one is sent again. */
  async retryAfterKeyChange(): Promise<void> {
    const kind = this.session.lastError?.kind;
    if (kind === 'noApiKey' || kind === 'invalidApiKey' || kind === 'permissionDenied') await this.session.retry();
  }

  dispose(): void {
    this.session.close();
    this.changed.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** The debugger tools, keeping the chat on screen when Gemini runs the program. */
  private keptInView(tools: DebuggerTools): DebuggerTools {
    return {
      available: () => tools.available(),
      run: async (call, signal) => {
        if (call.name === 'debugger_continue' || call.name === 'debugger_step') await this.view.keepInViewWhileDebugging();
        return tools.run(call, signal);
      },
    };
  }

  private createSession(): ChatSession {
    const session = new ChatSession({
      store: this.store,
      connect: (model) => this.connect(model),
      retryPolicy: () => retryPolicy(readSettings()),
      tokenBudget: () => readSettings().contextTokenBudget,
      files: this.files,
      limits: () => chatLimits(readSettings()),
      ...(this.tools ? { tools: this.keptInView(this.tools) } : {}),
      maxToolCalls: () => readSettings().maxToolCalls,
      listener: {
        changed: () => {
          this.recordInIndex();
          this.render();
        },
        delta: (text) => {
          const status = this.session.status;
          if (status.state === 'answering') this.view.post({ type: 'delta', id: turnId(this.session.history.length), text, at: status.text.length - text.length });
        },
        saveFailed: (error) => {
          this.log.error('Could not save the chat', error);
          void vscode.window.showErrorMessage('Gemini Debug Assistant could not save the chat. It is still open; use "Gemini: Export Chat" to keep a copy.');
        },
        // Repairs (with the backup's place), archived turns, other windows' changes.
        notice: (notice) => this.notices.show(notice),
      },
    });
    return session;
  }

  /** The index hears of the open conversation whenever it grows or another takes its place. */
  private recordInIndex(): void {
    const chat = this.session.chat;
    const now = `${this.session.chatId}:${endOf(chat)}:${chat.title ?? ''}`;
    if (now === this.recorded || chat.history.length === 0) return;
    this.recorded = now;
    void this.conversations.touch().catch((error: unknown) => this.log.error('Could not update the list of conversations', error));
  }

  /** The key to send: the user's, or a placeholder for a local server; throws noApiKey without either. */
  private async apiKey(settings: Settings): Promise<string> {
    const key = (await this.keys.get())?.key ?? (isLoopbackUrl(settings.apiBaseUrl) ? LOCAL_SERVER_KEY : undefined);
    if (!key) throw noApiKeyError();
    return key;
  }

  private async connect(model: string | undefined) {
    const settings = readSettings();
    return createGeminiClient({
      apiKey: await this.apiKey(settings),
      model: model ?? settings.model,
      baseUrl: settings.apiBaseUrl,
      systemInstruction: settings.systemInstruction,
      temperature: settings.temperature,
      maxOutputTokens: settings.maxOutputTokens,
      timeoutMs: settings.requestTimeoutSeconds * 1000,
    });
  }

  private async refreshKeyState(): Promise<void> {
    const hasKey = (await this.keys.get()) !== undefined || isLoopbackUrl(readSettings().apiBaseUrl);
    if (hasKey !== this.hasApiKey) {
      this.hasApiKey = hasKey;
      this.render();
    }
  }

  private render(): void {
    const error = this.session.lastError;
    if (error && error !== this.loggedError && error.kind !== 'cancelled')
      this.log.warn(`Request failed (${error.kind}${error.details.status ? `, HTTP ${error.details.status}` : ''}): ${error.details.cause ?? error.message}`);
    this.loggedError = error;
    this.view.post({ type: 'state', state: this.present() });
    this.changed.fire();
  }

  private present(): ViewState {
    const settings = readSettings();
    // Archived turns belong to one conversation: New Chat, Import or another window's chat drops them.
    if (this.archive && this.archive.chatId !== this.session.chatId) this.archive = undefined;
    // An archive step while they are shown: read the file again; the ones read before stay until then.
    if (this.archive && this.archive.archived !== this.session.archivedTurns && !this.archiveReading) void this.showArchive();
    return presentChat(this.session, {
      hasApiKey: this.hasApiKey,
      demo: isLoopbackUrl(settings.apiBaseUrl),
      model: this.session.model ?? settings.model,
      maxRetries: settings.maxRetries,
      ...(this.session.archivedTurns > 0 ? { archiveLocation: this.files.archiveLocation(this.session.chatId) } : {}),
      conversations: this.conversations.list(),
      ...(this.archive ? { archive: this.archive.read } : {}),
    });
  }

  private async runAction(action: MessageAction): Promise<void> {
    switch (action) {
      case 'retry':
        await this.session.retry();
        break;
      case 'continue':
        await this.session.continueAnswer();
        break;
      case 'regenerate':
        await this.session.regenerate();
        break;
      case 'allow':
      case 'allowForChat':
      case 'deny':
        this.decide(action);
        break;
      case 'setApiKey':
        await vscode.commands.executeCommand(COMMANDS.setApiKey);
        break;
      case 'openSettings':
        await openSetting(this.session.lastError?.details.setting);
        break;
      case 'chooseModel':
        await this.runViewCommand('chooseModel');
        break;
    }
  }

  /** The empty chat's buttons, the notices' actions and the model line. */
  private async runViewCommand(command: ViewCommand): Promise<void> {
    switch (command) {
      case 'openArchive':
        if (this.session.archivedTurns > 0) await vscode.window.showTextDocument(this.files.uriOf(this.files.archiveLocation(this.session.chatId)));
        break;
      case 'openBudgetSetting':
        await openSetting('contextTokenBudget');
        break;
      default:
        await vscode.commands.executeCommand(VIEW_COMMAND_IDS[command]);
    }
  }

  private async openLink(href: string): Promise<void> {
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(href, true);
    } catch {
      return;
    }
    // Model output is untrusted: only web links leave the editor.
    if (uri.scheme === 'http' || uri.scheme === 'https') await vscode.env.openExternal(uri);
    else this.log.warn(`Blocked a link with scheme "${uri.scheme}" from the chat view`);
  }
}
