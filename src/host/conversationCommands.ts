// The commands over a workspace's conversations: New Chat, Switch, Rename, Delete (with Undo),
// Export and Import (as a new conversation). Notifications are never awaited: a command is done
// when its work is, not when the user dismisses a message.
import * as vscode from 'vscode';
import { exportChat, ImportError, parseChatFile } from '../core/chat/storedChat';
import type { ConversationInfo } from '../core/conversations/conversations';
import { conversationDetail } from '../shared/lastUsed';
import { options, type Handler } from './commandArgs';
import type { ChatController } from './chatController';
import { COMMANDS } from './ids';

interface FileOptions {
  uri?: vscode.Uri;
}
/** Which conversation (default: the open one), and for Rename the new name (else the user is asked). */
interface ConversationOptions {
  id?: string;
  title?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function target(chat: ChatController, arg: unknown): ConversationInfo | undefined {
  const id = options<ConversationOptions>(arg).id ?? chat.conversations.openId;
  return chat.conversationList().find((c) => c.id === id);
}

export const conversationCommands: Record<string, Handler> = {
  [COMMANDS.newChat]: async ({ chat }) => {
    if (chat.messageCount === 0) return chat.focusComposer();
    const previous = target(chat, undefined);
    if ((await chat.changeConversations((c) => c.startNew().then(() => true))) !== true) return;
    await chat.focusComposer();
    void vscode.window.showInformationMessage(`Started a new chat. "${previous?.title ?? 'The previous one'}" is kept: Gemini: Switch Conversation opens it again.`);
  },

  [COMMANDS.switchConversation]: async ({ chat }, arg) => {
    const given = options<ConversationOptions>(arg).id;
    const now = Date.now();
    const id =
      given ??
      (
        await vscode.window.showQuickPick(
          chat.conversationList().map((c) => ({
            label: c.title,
            description: `${conversationDetail(c.messages, c.lastUsed, now)}${c.open ? ' · open' : ''}`,
            id: c.id,
          })),
          { title: 'Gemini: Switch Conversation', placeHolder: 'Pick a conversation of this workspace (newest first)', matchOnDescription: true },
        )
      )?.id;
    if (!id) return;
    await chat.changeConversations((c) => c.switchTo(id));
    await chat.focusComposer();
  },

  [COMMANDS.renameConversation]: async ({ chat }, arg) => {
    const conversation = target(chat, arg);
    if (!conversation) {
      void vscode.window.showInformationMessage('There is no conversation to rename yet: ask Gemini something first.');
      return;
    }
    const title =
      options<ConversationOptions>(arg).title ??
      (await vscode.window.showInputBox({
        title: 'Gemini: Rename Conversation',
        value: conversation.title,
        prompt: 'The name shown in the list of conversations',
        validateInput: (value) => (value.trim() ? undefined : 'A name cannot be empty'),
      }));
    if (title === undefined || !title.trim()) return;
    await chat.changeConversations((c) => c.rename(conversation.id, title));
  },

  [COMMANDS.deleteConversation]: async ({ chat }, arg) => {
    const conversation = target(chat, arg);
    if (!conversation) {
      void vscode.window.showInformationMessage('There is no conversation to delete.');
      return;
    }
    const deleted = await chat.changeConversations((c) => c.delete(conversation.id));
    if (!deleted) return;
    void vscode.window
      .showInformationMessage(`Deleted the conversation "${conversation.title}" (${plural(conversation.messages, 'message')}).`, 'Undo')
      .then((choice) => (choice === 'Undo' ? chat.restoreConversation(deleted) : undefined));
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
    void vscode.window.showInformationMessage(`Exported ${plural(snapshot.history.length, 'message')} to ${vscode.workspace.asRelativePath(uri)}.`);
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
    const kept = chat.messageCount > 0;
    if ((await chat.changeConversations((c) => c.openAsNew(imported).then(() => true))) !== true) return;
    await chat.focusComposer();
    void vscode.window.showInformationMessage(
      `Imported ${plural(imported.history.length, 'message')} as a new conversation.${kept ? ' The previous one is kept: Gemini: Switch Conversation opens it again.' : ''}`,
    );
  },
};
