// Files beside the stored chat, in the extension's global storage folder:
//   backups/<time>-<chat key>-<label>.json   a stored value that was about to be overwritten
//                                             (a damaged chat, another window's copy), as it was
//   archive/<chat key>-<chat id>.json         the turns moved out of a long chat, oldest first, in
//                                             the export format { "version": 1, "history": [...] }
//                                             with the cards of context messages ("cards")
// Written through vscode.workspace.fs; each write goes to a temporary file that is then renamed.
import * as vscode from 'vscode';
import { appendToArchive } from '../core/chat/chatArchive';
import type { ChatFiles } from '../core/ports';
import { exportArchive, parseArchiveFile } from '../core/chat/storedChat';
import type { ArchivedChat } from '../core/types';

let sequence = 0;

/** A sortable, file-name-safe local time with milliseconds and a per-process sequence number. */
function timestamp(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${(sequence++).toString().padStart(3, '0')}`;
}

export class HostChatFiles implements ChatFiles {
  private readonly tag: string;

  constructor(
    private readonly root: vscode.Uri,
    /** The chat's globalState key; its hash part names the files. */
    storageKey: string,
  ) {
    this.tag =
      storageKey
        .replace(/^.*\./, '')
        .replace(/[^\w-]/g, '')
        .slice(0, 24) || 'chat';
  }

  get backupsFolder(): vscode.Uri {
    return vscode.Uri.joinPath(this.root, 'backups');
  }

  get archiveFolder(): vscode.Uri {
    return vscode.Uri.joinPath(this.root, 'archive');
  }

  async backup(value: unknown, label: string): Promise<string> {
    const uri = vscode.Uri.joinPath(this.backupsFolder, `${timestamp()}-${this.tag}-${label.replace(/[^\w-]/g, '')}.json`);
    let text: string;
    try {
      text = JSON.stringify(value, null, 2) ?? 'null';
    } catch (error) {
      text = JSON.stringify({ unserializable: String(value), error: String(error) });
    }
    await this.write(uri, text + '\n');
    return this.show(uri);
  }

  async archive(chatId: string, from: number, turns: ArchivedChat): Promise<string> {
    const uri = this.archiveUri(chatId);
    let existing: ArchivedChat;
    try {
      existing = await this.readArchive(chatId);
      if (existing.history.length % 2 !== 0) throw new Error('the archive does not hold whole user/model pairs');
    } catch {
      // Unreadable: keep it aside under another name and start a new archive.
      existing = { history: [] };
      await vscode.workspace.fs.rename(uri, uri.with({ path: uri.path.replace(/\.json$/, `.damaged-${timestamp()}.json`) }), { overwrite: false });
    }
    const { appended, ...archive } = appendToArchive(existing, from, turns);
    if (appended > 0) await this.write(uri, exportArchive(archive));
    return this.show(uri);
  }

  async readArchive(chatId: string): Promise<ArchivedChat> {
    try {
      return parseArchiveFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(this.archiveUri(chatId))));
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return { history: [] };
      throw error;
    }
  }

  archiveLocation(chatId: string): string {
    return this.show(this.archiveUri(chatId));
  }

  /** The file a `where` string returned above names. */
  uriOf(where: string): vscode.Uri {
    return this.root.scheme === 'file' ? vscode.Uri.file(where) : vscode.Uri.parse(where, true);
  }

  private archiveUri(chatId: string): vscode.Uri {
    return vscode.Uri.joinPath(this.archiveFolder, `${this.tag}-${chatId.replace(/[^\w-]/g, '')}.json`);
  }

  private show(uri: vscode.Uri): string {
    return uri.scheme === 'file' ? uri.fsPath : uri.toString();
  }

  private async write(uri: vscode.Uri, text: string): Promise<void> {
    const temp = uri.with({ path: `${uri.path}.${process.pid}.tmp` });
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(text));
    await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
  }
}
