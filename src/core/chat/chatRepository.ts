// The one owner of a conversation's stored state: the history (every part as Gemini sent it),
// what is known about each answer, the context cards, the summary, the archive, and the stored
// value's revision. Everything else asks it or listens to it. Edits are pure (chatEdits.ts); a
// save merges what other windows stored meanwhile (chatSync.ts), moves the oldest turns to the
// archive past the limits (chatArchive.ts), and backs up whatever it would otherwise overwrite.
// It never loses a turn and never stores an invalid history.
import { dropArchived, turnsToArchive, type ChatLimits } from './chatArchive';
import { truncated, withAnswer, withToolResponses, withUserMessage } from './chatEdits';
import { archivedOf, chatIdOf, mergeChats, readStamp, sameStamp, sameTurn, userMessagesSince, type Stamp } from './chatSync';
import { cloneHistory, historyProblem } from './history';
import { repairStoredChat } from './storedChat';
import type { ChatFiles, ChatStore } from '../ports';
import type { AnswerInfo, Content, Part, PersistedChat, StoredChat, UserMessage } from '../types';

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

export type ChatChange =
  /** The conversation changed: a message, an answer, another window's turns, an archive step, a summary. */
  | { kind: 'edited' }
  /**
   * Another conversation took its place (New Chat, Import, or another window's): work on the old
   * one must stop. `resend` are the messages this window had not stored in the old one yet.
   */
  | { kind: 'replaced'; resend: UserMessage[] };

export interface RepositoryOptions {
  store: ChatStore;
  /** Where backups and the archive go; without it nothing is archived or backed up. */
  files?: ChatFiles;
  /** Past these, the oldest turns move to the archive (see chatArchive.ts). */
  limits?(): ChatLimits;
  /** Identifies this window's writes to the store (random by default). */
  writer?: string;
  notify(notice: SaveNotice): void;
  /** Storage refused a write: the chat lives on in memory, but the user must know. */
  saveFailed(error: unknown): void;
  /** The clock that dates messages (ms since the epoch); Date.now by default. */
  now?(): number;
}

export function newId(): string {
  return Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
}

/** Archived turns of conversation `chatId` from turn `from` on, as far as this window knows them. */
interface ArchivedTurns {
  chatId: string;
  from: number;
  turns: Content[];
}

export class ChatRepository {
  readonly writer: string;
  /** What loading the stored chat had to repair. */
  readonly loadProblems: string[];
  private value: StoredChat;
  private generationValue = 0;
  private readonly listeners = new Set<(change: ChatChange) => void>();
  /** The stamp of the stored value as this window last read or wrote it. */
  private base: Stamp;
  /** The chat as this window last read or wrote it: what a merge compares both sides with. */
  private baseChat: StoredChat;
  private archiveBroken = false;
  /** This window had archived up to here when a merge brought older turns back: archive them again (the archive skips pairs it has). */
  private archiveFloor = { chatId: '', count: 0 };
  /** Archived turns a summary may still need: kept from archive steps, or read back from the archive file. */
  private archivedTurns: ArchivedTurns | undefined;
  private saving: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: RepositoryOptions) {
    this.writer = options.writer ?? newId();
    const raw = options.store.load();
    const loaded = repairStoredChat(raw);
    this.value = loaded.chat;
    this.loadProblems = loaded.problems;
    this.base = readStamp(raw);
    this.baseChat = structuredClone(loaded.chat);
    if (loaded.problems.length > 0) {
      // The damaged value is backed up before anything overwrites it; then the repaired chat is stored.
      this.saving = this.backup(raw, 'damaged')
        .then(async (file) => {
          options.notify({ kind: 'repaired', problems: loaded.problems, ...file });
          if (file.backup !== undefined) await this.writeNow();
        })
        .catch((error: unknown) => options.saveFailed(error));
    }
  }

  /** The conversation as it is now. Read-only: change it through the methods below. */
  get chat(): StoredChat {
    return this.value;
  }

  /** Bumped whenever another conversation takes this one's place. */
  get generation(): number {
    return this.generationValue;
  }

  get chatId(): string {
    return chatIdOf(this.value);
  }

  /** A copy of the chat as it is stored (without the store's revision and writer). */
  snapshot(): StoredChat {
    return structuredClone(this.value);
  }

  onChange(listener: (change: ChatChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  addUserMessage(message: UserMessage): void {
    this.edit(withUserMessage(this.value, message, this.now()));
  }

  addAnswer(parts: readonly Part[], info: AnswerInfo): void {
    this.edit(withAnswer(this.value, parts, info, this.now()));
  }

  /** Answers the calls of the last answer (one function response each). */
  addToolResponses(responses: readonly Part[]): void {
    this.edit(withToolResponses(this.value, responses));
  }

  /** Keeps only the first `length` turns of the live history (Edit and Regenerate start again from there). */
  cutAt(length: number): void {
    if (length < this.value.history.length) this.edit(truncated(this.value, Math.max(0, length)));
  }

  /** Names the conversation (Rename). */
  setTitle(title: string): void {
    this.edit({ ...this.value, title });
  }

  /** The model this conversation asks from now on (Choose Model). */
  setModel(model: string): void {
    this.edit({ ...this.value, model });
  }

  /** Drops the last answer if it is incomplete (stopped or broken off), so that Retry can ask again. */
  dropIncompleteAnswer(): void {
    const last = this.value.history.length - 1;
    if (this.value.history[last]?.role === 'model' && this.value.answers?.[last]?.incomplete) this.edit(truncated(this.value, last));
  }

  /** Another conversation in this one's place (New Chat, Import, Undo). */
  replace(chat: StoredChat): void {
    this.value = structuredClone(chat);
    this.archivedTurns = undefined;
    this.generationValue++;
    this.emit({ kind: 'replaced', resend: [] });
  }

  /**
   * Stores Gemini's summary of the first `turns` archived turns, if it still applies: the same
   * conversation, and no other summary stored since the one it extends (`covered` turns).
   */
  setSummary(chatId: string, covered: number, text: string, turns: number): boolean {
    const chat = this.value;
    if (chatIdOf(chat) !== chatId || (chat.summary?.turns ?? 0) !== covered) return false;
    const summarized = Math.min(turns, archivedOf(chat));
    if (summarized <= covered) return false;
    this.edit({ ...chat, summary: { text, turns: summarized } });
    return true;
  }

  /** Archived turns the summary does not cover yet, oldest first: from the archive steps of this window, else from the archive file. */
  async unsummarized(): Promise<Content[]> {
    const chat = this.value;
    const chatId = chatIdOf(chat);
    const covered = chat.summary?.turns ?? 0;
    const archived = archivedOf(chat);
    if (archived <= covered) return [];
    let known = this.archivedTurns?.chatId === chatId ? this.archivedTurns : undefined;
    if ((!known || known.from > covered) && this.options.files) {
      // After a reload (or another window's archive steps) only the archive file has them.
      const turns = await this.options.files.readArchive(chatId).then(
        (archive) => archive.history,
        () => [],
      );
      if (chatIdOf(this.value) !== chatId) return [];
      known = this.archivedTurns = { chatId, from: 0, turns };
    }
    const turns = known ? known.turns.slice(covered - known.from, archived - known.from) : [];
    return turns.length % 2 === 0 && historyProblem(turns) === undefined ? cloneHistory(turns) : [];
  }

  /**
   * Saves, moving at least the `count` oldest live turns to the archive (whole pairs, a call kept
   * with its response, the newest pair kept), so that a summary can take them in. Nothing moves
   * without an archive folder and limits.
   */
  archiveAtLeast(count: number): Promise<void> {
    const chatId = this.chatId;
    const floor = this.archiveFloor.chatId === chatId ? this.archiveFloor.count : 0;
    this.archiveFloor = { chatId, count: Math.max(floor, archivedOf(this.value) + count) };
    return this.save();
  }

  /** Writes the chat, after any save in progress (saves never overlap). Never rejects: a failure goes to `saveFailed`. */
  save(): Promise<void> {
    if (this.closed) return this.saving;
    this.saving = this.saving.then(() => this.saveNow()).catch((error: unknown) => this.options.saveFailed(error));
    return this.saving;
  }

  /** Writes nothing more (the window is going away); a save in progress finishes. */
  close(): Promise<void> {
    this.closed = true;
    return this.saving;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private edit(chat: StoredChat): void {
    this.value = chat;
    this.emit({ kind: 'edited' });
  }

  private emit(change: ChatChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }

  private async saveNow(): Promise<void> {
    await this.reconcile();
    await this.archiveOldest();
    await this.writeNow();
  }

  private async writeNow(): Promise<void> {
    // The last check (a merge is synchronous) and the start of the write run without a pause, so
    // no other write of this process can slip in between; only a backup of a replaced chat waits.
    for (let pending = this.reconcile(); pending; pending = this.reconcile()) await pending;
    const chat = this.value;
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
    // Saves of one window never overlap: nothing of ours was written meanwhile.
    [this.base, this.baseChat] = [written.stamp, written.chat];
  }

  /** Brings in what another writer stored since this window last read or wrote; a promise only while a backup is written. */
  private reconcile(): Promise<void> | undefined {
    const stored = this.options.store.load();
    const stamp = readStamp(stored);
    if (sameStamp(stamp, this.base)) return undefined;
    const theirs = repairStoredChat(stored).chat;
    if (stamp.revision === 0 && theirs.history.length === 0) {
      // The stored chat was removed (not replaced by a window): nothing of theirs to keep.
      this.base = stamp;
      return undefined;
    }
    const ours = this.value;
    const base = this.baseChat;
    this.base = stamp;
    if (chatIdOf(theirs) === chatIdOf(ours) && chatIdOf(base) === chatIdOf(ours)) {
      const { chat, added } = mergeChats(theirs, ours, base);
      // Turns this window archived that the other window still had come back with the merge: archive them again.
      if (archivedOf(ours) > archivedOf(chat)) this.archiveFloor = { chatId: chatIdOf(ours), count: archivedOf(ours) };
      this.baseChat = structuredClone(theirs);
      this.edit(chat);
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
    // Another window replaced the chat: follow it. Messages sent here since the last save go on
    // in the new chat; this window's whole copy goes to a backup file.
    const resend = userMessagesSince(base, ours);
    this.baseChat = structuredClone(theirs);
    this.value = theirs;
    this.archivedTurns = undefined;
    this.generationValue++;
    this.emit({ kind: 'replaced', resend });
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
  private async archiveOldest(): Promise<void> {
    const { files } = this.options;
    if (!files || !this.options.limits || this.archiveBroken) return;
    const chat = this.value;
    const floor = this.archiveFloor.chatId === chatIdOf(chat) ? this.archiveFloor.count : 0;
    const count = turnsToArchive(chat, this.options.limits(), floor - archivedOf(chat));
    if (count === 0) return;
    const from = archivedOf(chat);
    // The turns go with their cards and times, so that the view can show them as it did.
    const { history: turns, cards, times } = truncated(chat, count);
    let where: string;
    try {
      where = await files.archive(chatIdOf(chat), from, { history: turns, ...(cards ? { cards } : {}), ...(times ? { times } : {}) });
    } catch (error) {
      this.archiveBroken = true;
      this.options.notify({ kind: 'archiveFailed', error });
      return;
    }
    const now = this.value;
    if (chatIdOf(now) !== chatIdOf(chat) || archivedOf(now) !== from || !turns.every((turn, i) => sameTurn(now.history[i], turn))) return;
    this.rememberArchived(chatIdOf(chat), from, turns);
    this.edit(dropArchived(now, count));
    this.options.notify({ kind: 'archived', count, total: from + count, where });
  }

  private rememberArchived(chatId: string, from: number, turns: Content[]): void {
    const known = this.archivedTurns;
    if (known?.chatId === chatId && known.from + known.turns.length === from) known.turns.push(...cloneHistory(turns));
    else this.archivedTurns = { chatId, from, turns: cloneHistory(turns) };
  }
}
