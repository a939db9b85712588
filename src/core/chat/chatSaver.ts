// Saving one session's chat: it notices other writers (another window on the same workspace)
// and reconciles with them, moves the oldest turns to the archive past the limits, and backs up
// whatever it would otherwise overwrite. Never loses a turn, never stores an invalid history.
import { dropArchived, turnsToArchive, type ChatLimits } from './chatArchive';
import { archivedOf, changesSince, chatIdOf, mergeChats, NO_STAMP, readStamp, sameStamp, sameTurn, type Stamp } from './chatSync';
import type { ChatFiles, ChatStore } from '../ports';
import { repairStoredChat, type LoadedChat } from './storedChat';
import type { Content, PersistedChat, StoredChat } from '../types';

/** Things the user should hear about; each says where a file was written, if one was. */
export type SaveNotice =
  /** The stored chat was damaged: the readable part is kept, the raw value backed up. */
  | { kind: 'repaired'; problems: string[]; backup?: string; error?: unknown }
  /** The oldest turns moved to the archive file. */
  | { kind: 'archived'; count: number; total: number; where: string }
  | { kind: 'archiveFailed'; error: unknown }
  /** Another window added turns to this chat; they were merged in. */
  | { kind: 'merged'; added: number }
  /** Another window started another chat: it is shown now, and this window's copy was backed up. */
  | { kind: 'replacedElsewhere'; turns: number; backup?: string; error?: unknown }
  /** This window started another chat while another window added to the old one: that copy was backed up. */
  | { kind: 'overwroteElsewhere'; turns: number; backup?: string; error?: unknown };

/** How the saver reads and changes the session's chat. */
export interface ChatAccess {
  get(): StoredChat;
  /** The same conversation, changed by a merge or by archiving. */
  update(chat: StoredChat): void;
  /** Another conversation replaced this one (another window's New Chat or Import); `resend` are the questions this session had not stored yet. */
  replace(chat: StoredChat, resend: string[]): void;
  /** Turns `from`.. of the conversation have just moved to the archive (to be summarized). */
  archived?(chatId: string, from: number, turns: Content[]): void;
}

export interface SaverOptions {
  store: ChatStore;
  files?: ChatFiles;
  limits?(): ChatLimits;
  notify(notice: SaveNotice): void;
  /** Identifies this session's writes; random by default. */
  writer?: string;
}

export function newId(): string {
  return Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
}

export class ChatSaver {
  readonly writer: string;
  /** The stamp of the stored value as this session last read or wrote it. */
  private base: Stamp = NO_STAMP;
  /** The chat as this session last read or wrote it: what a merge compares both sides with. */
  private baseChat: StoredChat = { version: 1, history: [] };
  private archiveBroken = false;
  /** This session had archived up to here when a merge brought older turns back: archive them again (the archive skips pairs it has). */
  private archiveFloor = { chatId: '', count: 0 };

  constructor(private readonly options: SaverOptions) {
    this.writer = options.writer ?? newId();
  }

  /** Reads and repairs the stored chat, and remembers it as the common ground. */
  load(): LoadedChat & { raw: unknown } {
    const raw = this.options.store.load();
    const loaded = repairStoredChat(raw);
    this.base = readStamp(raw);
    this.baseChat = structuredClone(loaded.chat);
    return { ...loaded, raw };
  }

  /**
   * After a repair: backs the raw value up and tells the user. True when the repaired chat may
   * now replace the damaged value; without a backup it stays stored until the next change.
   */
  async backupDamaged(raw: unknown, problems: string[]): Promise<boolean> {
    const file = this.options.files ? await this.backup(raw, 'damaged') : {};
    this.options.notify({ kind: 'repaired', problems, ...file });
    return file.backup !== undefined;
  }

  async save(access: ChatAccess): Promise<void> {
    await this.reconcile(access);
    await this.archiveOldest(access);
    // The last check (a merge is synchronous) and the start of the write run without a pause, so
    // no other write of this process can slip in between; only a backup of a replaced chat waits.
    for (let pending = this.reconcile(access); pending; pending = this.reconcile(access)) await pending;
    const chat = access.get();
    const revision = Math.max(this.base.revision, readStamp(this.options.store.load()).revision) + 1;
    const value: PersistedChat = { ...chat, revision, writer: this.writer };
    const written = { stamp: { revision, writer: this.writer }, chat: structuredClone(chat) };
    try {
      await this.options.store.save(value);
    } catch (error) {
      // A store that kept the value although it reported a failure still holds our write.
      if (sameStamp(readStamp(this.options.store.load()), written.stamp)) [this.base, this.baseChat] = [written.stamp, written.chat];
      throw error;
    }
    // Saves of one session never overlap: nothing of ours was written meanwhile.
    [this.base, this.baseChat] = [written.stamp, written.chat];
  }

  /** Brings in what another writer stored since this session last read or wrote; a promise only while a backup is written. */
  private reconcile(access: ChatAccess): Promise<void> | undefined {
    const stored = this.options.store.load();
    const stamp = readStamp(stored);
    if (sameStamp(stamp, this.base)) return undefined;
    const theirs = repairStoredChat(stored).chat;
    if (stamp.revision === 0 && theirs.history.length === 0) {
      // The stored chat was removed (not replaced by a window): nothing of theirs to keep.
      this.base = stamp;
      return undefined;
    }
    const ours = access.get();
    const base = this.baseChat;
    this.base = stamp;
    if (chatIdOf(theirs) === chatIdOf(ours) && chatIdOf(base) === chatIdOf(ours)) {
      const { chat, added } = mergeChats(theirs, ours, base);
      // Turns this session archived that the other window still had come back with the merge: archive them again.
      if (archivedOf(ours) > archivedOf(chat)) this.archiveFloor = { chatId: chatIdOf(ours), count: archivedOf(ours) };
      this.baseChat = structuredClone(theirs);
      access.update(chat);
      if (added > 0) this.options.notify({ kind: 'merged', added });
      return undefined;
    }
    if (chatIdOf(ours) !== chatIdOf(base) || stamp.revision === 0) {
      // This window replaced the chat (or the stored value has no known writer): ours stays, theirs is kept in a file.
      if (theirs.history.length === 0) return undefined;
      return this.backup({ version: 1, history: theirs.history }, 'other-window').then((file) =>
        this.options.notify({ kind: 'overwroteElsewhere', turns: theirs.history.length, ...file }),
      );
    }
    // Another window replaced the chat: follow it. Questions asked here since the last save go on
    // in the new chat; this window's whole copy goes to a backup file.
    const resend = changesSince(base, ours).turns.flatMap((turn) => (turn.role === 'user' ? turn.parts.map((p) => p.text) : []));
    this.baseChat = structuredClone(theirs);
    access.replace(theirs, resend);
    if (ours.history.length === 0) return undefined;
    return this.backup({ version: 1, history: ours.history }, 'this-window').then((file) =>
      this.options.notify({ kind: 'replacedElsewhere', turns: ours.history.length, ...file }),
    );
  }

  private async backup(value: unknown, label: string): Promise<{ backup?: string; error?: unknown }> {
    if (!this.options.files) return { error: new Error('no folder for backups') };
    try {
      return { backup: await this.options.files.backup(value, label) };
    } catch (error) {
      return { error };
    }
  }

  /** Moves the oldest pairs past the limits to the archive file; they leave the chat only once written there. */
  private async archiveOldest(access: ChatAccess): Promise<void> {
    const { files, limits } = this.options;
    if (!files || !limits || this.archiveBroken) return;
    const chat = access.get();
    const floor = this.archiveFloor.chatId === chatIdOf(chat) ? this.archiveFloor.count : 0;
    const count = turnsToArchive(chat, limits(), floor - archivedOf(chat));
    if (count === 0) return;
    const from = archivedOf(chat);
    const turns = chat.history.slice(0, count);
    let where: string;
    try {
      where = await files.archive(chatIdOf(chat), from, turns);
    } catch (error) {
      this.archiveBroken = true;
      this.options.notify({ kind: 'archiveFailed', error });
      return;
    }
    const now = access.get();
    if (chatIdOf(now) !== chatIdOf(chat) || archivedOf(now) !== from || !turns.every((turn, i) => sameTurn(now.history[i], turn))) return;
    access.update(dropArchived(now, count));
    access.archived?.(chatIdOf(chat), from, turns);
    this.options.notify({ kind: 'archived', count, total: from + count, where });
  }
}
