// The conversations that are not open, one JSON file each (a StoredChat, as globalState would
// hold it), in a folder of their workspace: conversations/<workspace>/<id>.json. Written
// atomically; a damaged file is set aside under another name and reported, never fatal.
import { repairStoredChat } from '../chat/storedChat';
import type { FileSystem } from '../ports';
import type { StoredChat } from '../types';
import { readText, writeAtomically } from './atomicFiles';

export interface LoadedConversation {
  chat: StoredChat & { chatId: string };
  /** What had to be repaired; the file as it was is kept at `backup`. */
  problems: string[];
  backup?: string;
}

export class ConversationFileError extends Error {
  override readonly name = 'ConversationFileError';
  constructor(
    message: string,
    /** Where the unreadable file was moved, so nothing is lost. */
    readonly backup?: string,
  ) {
    super(message);
  }
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

export class ConversationFiles {
  constructor(
    private readonly fs: FileSystem,
    /** This workspace's folder, relative to the file system's root. */
    private readonly folder: string,
  ) {}

  async save(chat: StoredChat & { chatId: string }): Promise<void> {
    await writeAtomically(this.fs, this.path(chat.chatId), JSON.stringify(chat));
  }

  /** The conversation, repaired if need be; undefined when it has no file. Throws ConversationFileError when nothing in it is readable. */
  async load(id: string): Promise<LoadedConversation | undefined> {
    const path = this.path(id);
    const text = await readText(this.fs, path);
    if (text === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const backup = await this.setAside(path, 'damaged');
      throw new ConversationFileError(`The conversation's file is not valid JSON; it was moved to ${backup}.`, backup);
    }
    const { chat, problems } = repairStoredChat(value);
    if (problems.length === 0) return { chat: { ...chat, chatId: id }, problems };
    const backup = `${this.base(id)}.damaged-${stamp()}.json`;
    await writeAtomically(this.fs, backup, text);
    return { chat: { ...chat, chatId: id }, problems, backup: this.fs.location(backup) };
  }

  async remove(id: string): Promise<void> {
    await this.fs.remove(this.path(id));
  }

  location(id: string): string {
    return this.fs.location(this.path(id));
  }

  private base(id: string): string {
    return `${this.folder}/${id.replace(/[^\w-]/g, '')}`;
  }

  private path(id: string): string {
    return `${this.base(id)}.json`;
  }

  private async setAside(path: string, label: string): Promise<string> {
    const to = path.replace(/\.json$/, `.${label}-${stamp()}.json`);
    await this.fs.rename(path, to);
    return this.fs.location(to);
  }
}
