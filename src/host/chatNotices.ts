// What the user is told about the stored chat: repairs, archived turns and other windows'
// changes. Every notice that wrote a file names it and offers to open it. Notifications are not
// awaited (a save never waits for the user).
import * as vscode from 'vscode';
import type { SaveNotice } from '../core/chat/chatRepository';
import type { ConversationNotice } from '../core/conversations/conversations';
import type { HostChatFiles } from './chatFiles';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class ChatNotices {
  private archiveAnnounced = false;
  private archiveFailureAnnounced = false;

  constructor(
    private readonly files: HostChatFiles,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  show(notice: SaveNotice): void {
    switch (notice.kind) {
      case 'repaired': {
        this.log.warn(`The stored chat was repaired: ${notice.problems.join('; ')}`);
        const what = `The stored Gemini chat was damaged and has been repaired (${plural(notice.problems.length, 'problem')}); the readable part is kept.`;
        if (notice.backup) {
          this.log.info(`The damaged value was backed up to ${notice.backup}`);
          this.offer('warning', `${what} The original was backed up to ${notice.backup}.`, 'Open Backup', notice.backup);
        } else {
          if (notice.error !== undefined) this.log.error(`Could not back up the damaged chat: ${reason(notice.error)}`);
          void vscode.window.showWarningMessage(
            `${what} The original could not be backed up${notice.error !== undefined ? ` (${reason(notice.error)})` : ''}. See the "Gemini Debug Assistant" output for details.`,
          );
        }
        break;
      }
      case 'archived':
        this.log.info(`Moved ${plural(notice.count, 'older message')} to the archive ${notice.where} (${notice.total} archived in all)`);
        if (!this.archiveAnnounced) {
          this.archiveAnnounced = true;
          this.offer(
            'info',
            `The chat is long: its ${plural(notice.total, 'oldest message')} moved to the archive ${notice.where} (see geminiAssistant.maxChatTurns).`,
            'Open Archive',
            notice.where,
          );
        }
        break;
      case 'archiveFailed':
        this.log.error(`Could not write the chat archive: ${reason(notice.error)}`);
        if (!this.archiveFailureAnnounced) {
          this.archiveFailureAnnounced = true;
          void vscode.window.showWarningMessage(`Gemini Debug Assistant could not archive the oldest messages (${reason(notice.error)}). They stay in the chat.`);
        }
        break;
      case 'merged':
        this.log.info(`Merged ${plural(notice.added, 'message')} another window added to this chat`);
        void vscode.window.showInformationMessage(`Another window added ${plural(notice.added, 'message')} to this Gemini chat; they are shown here too.`);
        break;
      case 'replacedElsewhere':
      case 'overwroteElsewhere': {
        const what =
          notice.kind === 'replacedElsewhere'
            ? `Another window opened another Gemini conversation of this workspace (a new one, or one from the list); it is shown here now. This window's copy of the previous one (${plural(notice.turns, 'message')})`
            : `Another window had added to the previous Gemini chat. Its copy (${plural(notice.turns, 'message')})`;
        if (notice.backup) {
          this.log.warn(`${what} was saved to ${notice.backup}`);
          this.offer('warning', `${what} was saved to ${notice.backup}.`, 'Open Backup', notice.backup);
        } else {
          this.log.error(`${what} could not be saved: ${reason(notice.error)}`);
          void vscode.window.showWarningMessage(`${what} could not be saved (${reason(notice.error)}).`);
        }
        break;
      }
    }
  }

  showConversation(notice: ConversationNotice): void {
    switch (notice.kind) {
      case 'indexRepaired':
        // The conversations themselves are files: only entries of the list were lost, never messages.
        this.log.warn(`The list of conversations was repaired: ${notice.problems.join('; ')}`);
        break;
      case 'conversationRepaired': {
        this.log.warn(`The conversation "${notice.title}" was repaired: ${notice.problems.join('; ')}`);
        const what = `The conversation "${notice.title}" was damaged and has been repaired (${plural(notice.problems.length, 'problem')}); the readable part is open.`;
        if (notice.backup) this.offer('warning', `${what} The file as it was is kept at ${notice.backup}.`, 'Open Backup', notice.backup);
        else void vscode.window.showWarningMessage(what);
        break;
      }
    }
  }

  private offer(level: 'info' | 'warning', message: string, action: string, where: string): void {
    const show = level === 'info' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(message, action).then((choice) => {
      if (choice === action) void vscode.window.showTextDocument(this.files.uriOf(where));
    });
  }
}
