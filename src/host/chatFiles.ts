// Files beside the stored chat, in the extension's global storage folder:
//   backups/<time>-<chat key>-<label>.json   a stored value that was about to be overwritten
//                                             (a damaged chat, another window's copy), as it was
//   archive/<chat key>-<chat id>.json         the turns moved out of a long chat, oldest first, in
//                                             the export format { "version": 1, "history": [...] }
//                                             with the cards of context messages ("cards")
//   conversations/<chat key>/<chat id>.json   the conversations that are not open (conversationFiles.ts)
// Written through vscode.workspace.fs; each write goes to a temporary file that is then renamed.
import * as vscode from 'vscode';
import { appendToArchive } from '../core/chat/chatArchive';
import { readText, writeAtomically } from '../core/conversations/atomicFiles';
import type { ChatFiles } from '../core/ports';
import { exportArchive, parseArchiveFile } from '../core/chat/storedChat';
import type { ArchivedChat } from '../core/types';
import type { HostFileSystem } from './hostFileSystem';

let sequence = 0;

/** A sortable, file-name-safe local time with milliseconds and a per-process sequence number. */
function timestamp(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${(sequence++).toString().padStart(3, '0')}`;
}

export class HostChatFiles implements ChatFiles {
  constructor(
    private readonly fs: HostFileSystem,
    /** Names this workspace's files (see workspaceTag). */
    private readonly tag: string,
  ) {}

  get backupsFolder(): vscode.Uri {
    return this.fs.uri('backups');
  }

  get archiveFolder(): vscode.Uri {
    return this.fs.uri('archive');
  }

  async backup(value: unknown, label: string): Promise<string> {
    const path = `backups/${timestamp()}-${this.tag}-${label.replace(/[^\w-]/g, '')}.json`;
    let text: string;
    try {
      text = JSON.stringify(value, null, 2) ?? 'null';
    } catch (error) {
      text = JSON.stringify({ unserializable: String(value), error: String(error) });
    }
    await writeAtomically(this.fs, path, text + '\n');
    return this.fs.location(path);
  }

  async archive(chatId: string, from: number, turns: ArchivedChat): Promise<string> {
    const path = this.archivePath(chatId);
    let existing: ArchivedChat;
    try {
      existing = await this.readArchive(chatId);
      if (existing.history.length % 2 !== 0) throw new Error('the archive does not hold whole user/model pairs');
    } catch {
      // Unreadable: keep it aside under another name and start a new archive.
      existing = { history: [] };
      await this.fs.rename(path, path.replace(/\.json$/, `.damaged-${timestamp()}.json`));
    }
    const { appended, ...archive } = appendToArchive(existing, from, turns);
    if (appended > 0) await writeAtomically(this.fs, path, exportArchive(archive));
    return this.fs.location(path);
  }

  async readArchive(chatId: string): Promise<ArchivedChat> {
    const text = await readText(this.fs, this.archivePath(chatId));
    return text === undefined ? { history: [] } : parseArchiveFile(text);
  }

  removeArchive(chatId: string): Promise<void> {
    return this.fs.remove(this.archivePath(chatId));
  }

  archiveLocation(chatId: string): string {
    return this.fs.location(this.archivePath(chatId));
  }

  /** The file a `where` string returned above names. */
  uriOf(where: string): vscode.Uri {
    return this.fs.root.scheme === 'file' ? vscode.Uri.file(where) : vscode.Uri.parse(where, true);
  }

  private archivePath(chatId: string): string {
    return `archive/${this.tag}-${chatId.replace(/[^\w-]/g, '')}.json`;
  }
}
