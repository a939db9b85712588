// Every command in one table, registered in one loop. Notifications are never awaited:
// a command finishes when its work is done, not when the user dismisses a message.
import * as vscode from 'vscode';
import { exportChat, ImportError, parseChatFile } from '../core/chat/storedChat';
import { DEFAULT_SELECTION_QUESTION, selectionPrompt } from '../core/context/prompts';
import type { StoredChat } from '../core/types';
import type { ApiKeys } from './apiKey';
import type { ChatController } from './chatController';
import { problemsIn, selectedCode } from './editorContext';
import { COMMANDS } from './ids';
import { showRequestPlan } from './requestStatus';

export interface CommandContext {
  chat: ChatController;
  keys: ApiKeys;
}

/** Options tests and other commands may pass; a menu passes a URI instead, which is ignored. */
interface AskOptions {
  question?: string;
}
interface FileOptions {
  uri?: vscode.Uri;
}

function options<T extends object>(arg: unknown): Partial<T> {
  return typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? arg : {};
}

type Handler = (ctx: CommandContext, arg?: unknown) => Promise<unknown>;

const commands: Record<string, Handler> = {
  [COMMANDS.ask]: async ({ chat }, arg) => {
    const editor = vscode.window.activeTextEditor;
    const selected = editor && selectedCode(editor);
    if (!editor || !selected) return chat.focusComposer();
    const given = options<AskOptions>(arg).question;
    const question =
      given ??
      (await vscode.window.showInputBox({
        title: 'Ask Gemini about the selection',
        prompt: 'Add a question (optional). Press Enter to send, Escape to cancel.',
        placeHolder: DEFAULT_SELECTION_QUESTION,
        ignoreFocusOut: true,
      }));
    if (question === undefined) return;
    await chat.ask(selectionPrompt(selected.selection, problemsIn(editor.document.uri, selected.range), question));
  },

  [COMMANDS.newChat]: async ({ chat }) => {
    if (chat.messageCount === 0) return chat.focusComposer();
    const previous = await chat.replace();
    await chat.focusComposer();
    offerUndo(chat, previous, `Started a new chat; the previous one had ${previous.history.length} messages.`);
  },

  [COMMANDS.setApiKey]: async ({ keys, chat }) => {
    if (!(await keys.prompt())) return;
    void vscode.window.showInformationMessage('Gemini API key saved in VS Code secret storage.');
    await chat.retryAfterKeyChange();
  },

  [COMMANDS.clearApiKey]: async ({ keys }) => {
    const remaining = await keys.clear();
    const tail = remaining ? ` The ${remaining} environment variable still provides a key.` : '';
    void vscode.window.showInformationMessage(`The saved Gemini API key was removed.${tail}`);
  },

  [COMMANDS.exportChat]: async ({ chat }, arg) => {
    const snapshot = chat.snapshot();
    if (snapshot.history.length === 0) {
      void vscode.window.showInformationMessage('The chat is empty: nothing to export.');
      return;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri =
      options<FileOptions>(arg).uri ??
      (await vscode.window.showSaveDialog({
        title: 'Export Gemini Chat',
        filters: { 'Chat JSON': ['json'] },
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'gemini-chat.json') } : {}),
      }));
    if (!uri) return;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(exportChat(snapshot)));
    void vscode.window.showInformationMessage(`Exported ${snapshot.history.length} messages to ${vscode.workspace.asRelativePath(uri)}.`);
  },

  [COMMANDS.importChat]: async ({ chat }, arg) => {
    const uri =
      options<FileOptions>(arg).uri ?? (await vscode.window.showOpenDialog({ title: 'Import Gemini Chat', filters: { 'Chat JSON': ['json'] }, canSelectMany: false }))?.[0];
    if (!uri) return;
    let imported;
    try {
      imported = parseChatFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch (error) {
      const why = error instanceof ImportError ? error.message : `it could not be read (${(error as Error).message})`;
      void vscode.window.showErrorMessage(`Cannot import ${vscode.workspace.asRelativePath(uri)}: ${why}. The current chat is unchanged.`);
      return;
    }
    const previous = await chat.replace(imported);
    await chat.focusComposer();
    if (previous.history.length === 0) void vscode.window.showInformationMessage(`Imported ${imported.history.length} messages.`);
    else offerUndo(chat, previous, `Imported ${imported.history.length} messages, replacing a chat of ${previous.history.length}.`);
  },

  [COMMANDS.showRequestPlan]: ({ chat }) => showRequestPlan(chat.requestPlan()),
};

/** The replaced chat can be brought back; the notification does not hold up the command. */
function offerUndo(chat: ChatController, previous: StoredChat, message: string): void {
  void vscode.window.showInformationMessage(message, 'Undo').then((choice) => (choice === 'Undo' ? chat.replace(previous) : undefined));
}

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, (arg?: unknown) => handler(ctx, arg)));
}
