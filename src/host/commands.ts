// Every command in one table (the conversations' in conversationCommands.ts, the walkthrough's in walkthrough.ts), registered in one loop. Notifications are never awaited:
// a command finishes when its work is done, not when the user dismisses a message.
import * as vscode from 'vscode';
import { DEFAULT_SELECTION_QUESTION, selectionPrompt } from '../core/context/prompts';
import { options, type CommandContext, type Handler } from './commandArgs';
import { conversationCommands } from './conversationCommands';
import { problemsIn, selectedCode } from './editorContext';
import { COMMANDS } from './ids';
import { pickModel } from './modelPicker';
import { showRequestPlan } from './requestStatus';
import { walkthroughCommands } from './walkthrough';

/** Options tests and other commands may pass. */
interface AskOptions {
  question?: string;
}

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

  [COMMANDS.showRequestPlan]: ({ chat }) => showRequestPlan(chat.requestPlan()),

  [COMMANDS.chooseModel]: async ({ chat }) => {
    const model = await pickModel(chat.model, () => chat.listModels());
    if (!model || model === chat.model) return;
    await chat.setModel(model);
    void vscode.window.showInformationMessage(`This conversation now asks ${model}; new ones start with geminiAssistant.model.`);
  },
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries({ ...commands, ...conversationCommands, ...walkthroughCommands }).map(([id, handler]) =>
    vscode.commands.registerCommand(id, (arg?: unknown) => handler(ctx, arg)),
  );
}
