// Activation: build the VS Code adapters, hand them to the chat, register commands and the
// view. Nothing here waits on the network; the SDK is used only when a message is sent.
import * as vscode from 'vscode';
import { ToolRound } from './core/chat/toolRound';
import type { ConversationInfo } from './core/conversations/conversations';
import { READ_TOOLS } from './core/tools/toolSpecs';
import type { Part, StoredChat } from './core/types';
import type { ViewState } from './shared/protocol';
import type { ConfirmApply } from './host/codeActions';
import { registerAnswerActions } from './host/answerActions';
import { ApiKeys } from './host/apiKey';
import { ChatController } from './host/chatController';
import { chatStorageKey, conversationsStorageKey, MementoValueStore, workspaceTag } from './host/chatStore';
import { HostFileSystem } from './host/hostFileSystem';
import { onDidListModels } from './host/modelPicker';
import { ChatViews } from './host/chatViews';
import { registerCommands } from './host/commands';
import { ExceptionTracker, HostDebuggerTools, registerDebugFeatures } from './host/debug';
import { RequestStatus } from './host/requestStatus';
import { readSettings } from './host/settings';

/** What the extension exports to other extensions: a read-only view of the chat. */
export interface GeminiAssistantApi {
  /** The current workspace's chat as stored. */
  chat(): StoredChat;
  /** The globalState key of this workspace's chat. */
  readonly storageKey: string;
  /** This workspace's conversations, newest first (the open one marked). */
  conversations(): ConversationInfo[];
}

/** Hooks for the extension-host tests, exported only when VS Code runs the extension under tests. */
export interface GeminiAssistantTestApi extends GeminiAssistantApi {
  /** Rebuild the session from storage, exactly as a window reload does. */
  reloadFromStorage(): void;
  /** Sends the unanswered last turn again, as the chat view's Retry button does. */
  retry(): Promise<void>;
  /** Sends a message as the composer does; resolves once it is answered. */
  send(text: string): Promise<void>;
  /** Answers the debugger call waiting for consent, as the chat view's buttons do. */
  decide(decision: 'allow' | 'allowForChat' | 'deny'): void;
  /** Runs debugger read calls as one of Gemini's rounds does (checks, bounds, redaction), outside any chat: for the benchmark. */
  runReadTools(calls: { name: string; args?: Record<string, unknown> }[]): Promise<Part[]>;
  /** The chat view's "Show N earlier messages" (resolves once the archive file is read) and "Hide N earlier messages". */
  showArchive(): Promise<void>;
  hideArchive(): void;
  /** The state last sent to the chat view: what the user sees. */
  viewState(): ViewState;
  /** A code block's Insert at Cursor, and its Apply to Selection with `confirm` answering in place of the user (true: Apply); both resolve to whether the code went in. */
  insertCode(code: string): Promise<boolean>;
  applyCode(code: string, confirm: ConfirmApply): Promise<boolean>;
  /** Everything the extension keeps in globalState, by key. */
  globalState(): Record<string, unknown>;
  /** Writes this workspace's stored chat value as another window (or a damaged profile) would; reloadFromStorage() then reads it. */
  writeStoredValue(value: unknown): Thenable<void>;
  /** Resolves with the model ids the next Choose Model picker offers, once it shows them (none: the list failed). */
  modelsListed(): Promise<string[]>;
  /** The global storage folder (backups/, archive/) and the log folder of the extension. */
  readonly globalStorageUri: vscode.Uri;
  readonly logUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): GeminiAssistantApi | GeminiAssistantTestApi {
  const log = vscode.window.createOutputChannel('Gemini Debug Assistant', { log: true });
  const keys = new ApiKeys(context.secrets);
  const tag = workspaceTag(vscode.workspace.workspaceFile, vscode.workspace.workspaceFolders);
  const store = new MementoValueStore(context.globalState, chatStorageKey(tag));
  const index = new MementoValueStore(context.globalState, conversationsStorageKey(tag));
  const view = new ChatViews(context.extensionUri, log);
  // Tracks every debug session from the start, for the exception flow and Gemini's debugger tools.
  const tracker = new ExceptionTracker(log);
  const tools = new HostDebuggerTools(tracker, () => readSettings().debuggerTools);
  const chat = new ChatController({ chat: store, index, fs: new HostFileSystem(context.globalStorageUri), tag }, keys, view, log, tools);
  const requestStatus = new RequestStatus(() => chat.requestPlan(), chat.onDidChange);
  const answers = registerAnswerActions(view, log);
  context.subscriptions.push(
    log,
    keys,
    view,
    chat,
    requestStatus,
    ...answers.disposables,
    ...view.register(),
    ...registerCommands({ chat, keys }),
    ...registerDebugFeatures(chat, tracker, log),
  );
  const api: GeminiAssistantApi = { chat: () => chat.snapshot(), storageKey: store.key, conversations: () => chat.conversationList() };
  if (context.extensionMode !== vscode.ExtensionMode.Test) return api;
  return {
    ...api,
    reloadFromStorage: () => chat.reload(),
    retry: () => chat.retry(),
    decide: (decision) => chat.decide(decision),
    send: (text) => chat.ask({ text }),
    viewState: () => chat.viewState(),
    showArchive: () => chat.showArchive(),
    hideArchive: () => chat.hideArchive(),
    // A call that needs consent would wait for it: reads only.
    runReadTools: (calls) =>
      calls.some((c) => !(READ_TOOLS as readonly string[]).includes(c.name))
        ? Promise.reject(new Error('runReadTools runs the read tools only'))
        : new ToolRound(
            calls.map((functionCall) => ({ functionCall })),
            tools,
            new Set(),
            () => undefined,
          ).run(new AbortController().signal),
    insertCode: (code) => answers.codeActions.insert(code),
    applyCode: (code, confirm) => answers.codeActions.apply(code, confirm),
    globalState: () => Object.fromEntries(context.globalState.keys().map((key) => [key, context.globalState.get(key)])),
    writeStoredValue: (value) => context.globalState.update(store.key, value),
    modelsListed: () =>
      new Promise((resolve) => {
        const once = onDidListModels((ids) => {
          once.dispose();
          resolve(ids);
        });
      }),
    globalStorageUri: context.globalStorageUri,
    logUri: context.logUri,
  };
}

export function deactivate(): void {}
