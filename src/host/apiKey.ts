// The API key lives in SecretStorage (or the environment) and nowhere else: never in
// settings, globalState, logs or exports.
import * as vscode from 'vscode';
import { API_KEY_SECRET } from './ids';

const ENV_NAMES = ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] as const;

export type KeySource = 'saved' | (typeof ENV_NAMES)[number];

export class ApiKeys implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.subscription = secrets.onDidChange((e) => e.key === API_KEY_SECRET && this.changed.fire());
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** The saved key first, then GEMINI_API_KEY, then GOOGLE_API_KEY. */
  async get(): Promise<{ key: string; source: KeySource } | undefined> {
    const saved = (await this.secrets.get(API_KEY_SECRET))?.trim();
    if (saved) return { key: saved, source: 'saved' };
    for (const name of ENV_NAMES) {
      const key = this.env[name]?.trim();
      if (key) return { key, source: name };
    }
    return undefined;
  }

  /** Asks for a key (masked input) and saves it; false when the user cancelled. */
  async prompt(): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: 'Gemini: Set API Key',
      prompt: "Paste a Gemini API key (create one at aistudio.google.com). It is kept in VS Code's secret storage.",
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (!value.trim() ? 'The key cannot be empty.' : /\s/.test(value.trim()) ? 'A key has no spaces.' : undefined),
    });
    if (key === undefined) return false;
    await this.secrets.store(API_KEY_SECRET, key.trim());
    return true;
  }

  async clear(): Promise<KeySource | undefined> {
    await this.secrets.delete(API_KEY_SECRET);
    return (await this.get())?.source;
  }
}
