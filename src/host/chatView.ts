// One chat webview view (the Gemini sidebar's, or the one beside the debugger). It waits for
// the webview's `ready` before posting, and the webview rebuilds everything from the full state
// it then gets, so hiding, moving or reloading the view never loses messages.
import * as vscode from 'vscode';
import { parseWebviewMessage, type HostMessage, type WebviewMessage } from '../shared/protocol';
import { makeNonce, renderChatHtml } from './webviewHtml';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  /** A focus request made before the view was listening; delivered after its state. */
  private pendingFocus: HostMessage | undefined;
  private readonly received = new vscode.EventEmitter<WebviewMessage>();
  private readonly disposables: vscode.Disposable[] = [this.received];
  /** Validated messages from the webview. */
  readonly onDidReceiveMessage = this.received.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    /** The view this provides (package.json contributes it). */
    readonly viewId: string,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const webview = view.webview;
    webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    webview.html = renderChatHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'chat.css')).toString(),
      codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicon.css')).toString(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (!message) {
          this.log.warn('Ignored a malformed message from the chat view');
          return;
        }
        if (message.type === 'ready') this.ready = true;
        this.received.fire(message);
        if (message.type === 'ready' && this.pendingFocus) {
          this.post(this.pendingFocus);
          this.pendingFocus = undefined;
        }
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
      }),
    );
  }

  /** Posts when the view is up and listening; otherwise the next `ready` brings it up to date. */
  post(message: HostMessage): void {
    if (this.view && this.ready) void this.view.webview.postMessage(message);
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${this.viewId}.focus`);
  }

  /** Shows the view without taking the keyboard focus (once it has been resolved; before that, only by focusing it). */
  async show(): Promise<void> {
    if (this.view) this.view.show(true);
    else await this.reveal();
  }

  /** Reveals the view and puts the cursor in the composer (with `text`, if given). */
  async focusComposer(text?: string): Promise<void> {
    await this.reveal();
    const message: HostMessage = { type: 'focusComposer', ...(text ? { text } : {}) };
    if (this.view && this.ready) this.post(message);
    else this.pendingFocus = message;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
