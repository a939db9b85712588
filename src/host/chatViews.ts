// The chat is shown in two views of one conversation: the Gemini sidebar's, and one in the
// panel (beside the Debug Console), where questions from the debugger open it so that the Run
// and Debug views (Variables, Call Stack) stay in view. Both get every state; either can send.
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../shared/protocol';
import { ChatViewProvider } from './chatView';
import { CHAT_VIEW_ID, DEBUG_CHAT_VIEW_ID } from './ids';

/** Where to show the chat: the Gemini sidebar, or beside the debugger's views. */
export type ChatPlace = 'sidebar' | 'debugger';

export class ChatViews implements vscode.Disposable {
  readonly sidebar: ChatViewProvider;
  readonly debugger: ChatViewProvider;
  /** Validated messages from either view. */
  readonly onDidReceiveMessage: vscode.Event<WebviewMessage>;

  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    this.sidebar = new ChatViewProvider(extensionUri, log, CHAT_VIEW_ID);
    this.debugger = new ChatViewProvider(extensionUri, log, DEBUG_CHAT_VIEW_ID);
    this.onDidReceiveMessage = (listener, thisArgs, disposables) => {
      const both = vscode.Disposable.from(this.sidebar.onDidReceiveMessage(listener, thisArgs), this.debugger.onDidReceiveMessage(listener, thisArgs));
      disposables?.push(both);
      return both;
    };
  }

  register(): vscode.Disposable[] {
    return [vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, this.sidebar), vscode.window.registerWebviewViewProvider(DEBUG_CHAT_VIEW_ID, this.debugger)];
  }

  post(message: HostMessage): void {
    this.sidebar.post(message);
    this.debugger.post(message);
  }

  reveal(place: ChatPlace = 'sidebar'): Promise<void> {
    return (place === 'debugger' ? this.debugger : this.sidebar).reveal();
  }

  /**
   * Before Gemini runs the program (continue, step): when the program stops, VS Code brings Run
   * and Debug into the sidebar in place of the chat, so the chat beside the debugger is shown too.
   */
  async keepInViewWhileDebugging(): Promise<void> {
    if (this.sidebar.visible && !this.debugger.visible) await this.debugger.show();
  }

  /** Reveals the sidebar's chat (or the one beside the debugger, if that is the one on screen) and puts the cursor in its composer. */
  focusComposer(text?: string): Promise<void> {
    return (this.debugger.visible && !this.sidebar.visible ? this.debugger : this.sidebar).focusComposer(text);
  }

  dispose(): void {
    this.sidebar.dispose();
    this.debugger.dispose();
  }
}
