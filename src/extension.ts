// Activation: build the VS Code adapters, hand them to the chat, register commands and the
// view. Nothing here waits on the network; the SDK is used only when a message is sent.
import * as vscode from 'vscode';
import type { StoredChat } from './core/types';
import { ApiKeys } from './host/apiKey';
import { ChatController } from './host/chatController';
import { chatStorageKey, MementoChatStore } from './host/chatStore';
import { CHAT_VIEW_ID, ChatViewProvider } from './host/chatView';
import { registerCommands } from './host/commands';

/** What the extension exports: read-only access for tests and other extensions. */
export interface GeminiAssistantApi {
  /** The current workspace's chat as stored. */
  chat(): StoredChat;
  /** The globalState key of this workspace's chat. */
  readonly storageKey: string;
  /** Rebuild the session from storage, exactly as a window reload does. */
  reloadFromStorage(): void;
}

export function activate(context: vscode.ExtensionContext): GeminiAssistantApi {
  const log = vscode.window.createOutputChannel('Gemini Debug Assistant', { log: true });
  const keys = new ApiKeys(context.secrets);
  const store = new MementoChatStore(context.globalState, chatStorageKey(vscode.workspace.workspaceFile, vscode.workspace.workspaceFolders));
  const view = new ChatViewProvider(context.extensionUri, log);
  const chat = new ChatController(store, keys, view, log);
  context.subscriptions.push(
    log,
    keys,
    view,
    chat,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view),
    ...registerCommands({ chat, keys }),
  );
  return {
    chat: () => chat.snapshot(),
    storageKey: store.key,
    reloadFromStorage: () => chat.reload(),
  };
}

export function deactivate(): void {}
