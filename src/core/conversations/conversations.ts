// A workspace's conversations: the open one (the chat session's, in globalState), the others
// as files, and the index that lists them all. New Chat, Switch, Rename, Delete (with what
// Undo needs), Import as a new conversation, and a copy of a branch (an edit's fork). The open
// conversation is whatever the session holds: this class asks it, never keeps its own copy.
import { newId } from '../chat/chatRepository';
import { chatIdOf } from '../chat/chatSync';
import { textOf } from '../parts';
import type { ChatFiles, ValueStore } from '../ports';
import type { ArchivedChat, StoredChat } from '../types';
import { CHAT_SCHEMA_VERSION } from '../types';
import { ConversationFileError, type ConversationFiles } from './conversationFiles';
import { entryFor, listed, MAX_TITLE, repairIndex, withEntry, withoutEntry, type ConversationEntry, type ConversationIndex } from './conversationIndex';
import { oneLine } from '../context/cards';

export interface ConversationInfo extends ConversationEntry {
  /** The conversation the chat shows now. */
  open: boolean;
}

/** What Undo needs to bring a deleted conversation back. */
export interface DeletedConversation {
  entry: ConversationEntry;
  chat: StoredChat & { chatId: string };
  archive: ArchivedChat;
  wasOpen: boolean;
}

export type ConversationNotice =
  | { kind: 'indexRepaired'; problems: string[] }
  /** A conversation's file was damaged: the readable part opened, the file as it was kept at `backup`. */
  | { kind: 'conversationRepaired'; title: string; problems: string[]; backup?: string };

export interface ConversationsOptions {
  index: ValueStore;
  files: ConversationFiles;
  /** Archive files of conversations: deleted and restored with them, copied for a fork. */
  archives?: Pick<ChatFiles, 'readArchive' | 'archive' | 'removeArchive'>;
  /** The open conversation as it is now. */
  current(): StoredChat;
  /** Puts `chat` in the open conversation's place (the session follows it). */
  open(chat: StoredChat): Promise<void>;
  /** Readies the open conversation to be put away: what runs stops, queued messages join it. */
  park(): void;
  /** Names the open conversation. */
  retitle(title: string): void;
  notify(notice: ConversationNotice): void;
  now?(): number;
}

const withId = (chat: StoredChat, chatId = chatIdOf(chat)): StoredChat & { chatId: string } => ({ ...chat, chatId });

export class Conversations {
  constructor(private readonly options: ConversationsOptions) {}

  /** The open conversation's id. */
  get openId(): string {
    return chatIdOf(this.options.current());
  }

  /** This workspace's conversations that hold a question, newest first. */
  list(): ConversationInfo[] {
    const openId = this.openId;
    const index = this.recordOpen(this.index(), false);
    return listed(index).map((entry) => ({ ...entry, open: entry.id === openId }));
  }

  /** Conversations whose title or messages contain `query` (any case), newest first. */
  async search(query: string): Promise<ConversationInfo[]> {
    const needle = query.trim().toLowerCase();
    const all = this.list();
    if (!needle) return all;
    const found: ConversationInfo[] = [];
    for (const info of all) {
      if (info.title.toLowerCase().includes(needle)) found.push(info);
      else {
        const chat = info.open ? this.options.current() : (await this.options.files.load(info.id).catch(() => undefined))?.chat;
        if (chat?.history.some((turn) => textOf(turn).toLowerCase().includes(needle))) found.push(info);
      }
    }
    return found;
  }

  /** The open conversation changed: its entry (title, size, last use) is brought up to date. */
  touch(): Promise<void> {
    return this.options.index.save(this.recordOpen(this.index(), true));
  }

  /** Keeps the open conversation in the list and opens an empty one. */
  async startNew(): Promise<void> {
    await this.closeOpen();
    await this.options.open({ version: CHAT_SCHEMA_VERSION, history: [], chatId: newId() });
  }

  /** Opens conversation `id`; the open one is kept. Throws (naming the problem) when its file cannot be read: the open one then stays. */
  switchTo(id: string): Promise<void> {
    return id === this.openId ? Promise.resolve() : this.openFile(id, true);
  }

  /** Opens conversation `id` from its file; `keepOpen`: the open one is written to its file first (else it is dropped: deleted). */
  private async openFile(id: string, keepOpen: boolean): Promise<void> {
    const entry = this.index().entries.find((e) => e.id === id);
    let loaded;
    try {
      loaded = await this.options.files.load(id);
    } catch (error) {
      if (error instanceof ConversationFileError) await this.forget(id);
      throw error;
    }
    if (!loaded) {
      await this.forget(id);
      throw new ConversationFileError(`The conversation "${entry?.title ?? id}" no longer exists; it was removed from the list.`);
    }
    if (loaded.problems.length > 0)
      this.options.notify({ kind: 'conversationRepaired', title: entry?.title ?? id, problems: loaded.problems, ...(loaded.backup ? { backup: loaded.backup } : {}) });
    if (keepOpen) await this.closeOpen();
    await this.options.open(loaded.chat);
    await this.touch();
  }

  async rename(id: string, title: string): Promise<void> {
    const name = oneLine(title, MAX_TITLE);
    if (!name) return;
    if (id === this.openId) {
      this.options.retitle(name);
      return this.touch();
    }
    const loaded = await this.options.files.load(id);
    if (!loaded) throw new ConversationFileError(`The conversation no longer exists.`);
    await this.options.files.save(withId({ ...loaded.chat, title: name }, id));
    const entry = this.index().entries.find((e) => e.id === id);
    if (entry) await this.options.index.save(withEntry(this.index(), { ...entry, title: name, renamed: true }));
  }

  /** Deletes conversation `id` (its file and archive); the open one is followed by the newest other. Resolves with what Undo needs. */
  async delete(id: string): Promise<DeletedConversation> {
    const wasOpen = id === this.openId;
    const chat = wasOpen ? withId(structuredClone(this.options.current())) : (await this.options.files.load(id))?.chat;
    if (!chat) throw new ConversationFileError(`The conversation no longer exists.`);
    const entry = wasOpen ? entryFor(chat, this.entry(id), this.now()) : (this.entry(id) ?? entryFor(chat, undefined, this.now()));
    const archive = (await this.options.archives?.readArchive(id).catch(() => undefined)) ?? { history: [] };
    await this.options.index.save(withoutEntry(this.index(), id));
    if (wasOpen) {
      const next = listed(this.index())[0];
      const opened = next
        ? await this.openFile(next.id, false).then(
            () => true,
            () => false,
          )
        : false;
      if (!opened) await this.options.open({ version: CHAT_SCHEMA_VERSION, history: [], chatId: newId() });
    }
    await this.options.files.remove(id);
    await this.options.archives?.removeArchive(id);
    return { entry, chat, archive, wasOpen };
  }

  /** Undo of a delete: the conversation comes back, and is opened again if it was open. */
  async restore(deleted: DeletedConversation): Promise<void> {
    if (deleted.archive.history.length > 0) await this.options.archives?.archive(deleted.chat.chatId, 0, deleted.archive);
    await this.options.files.save(deleted.chat);
    await this.options.index.save(withEntry(this.index(), deleted.entry));
    if (deleted.wasOpen) await this.switchTo(deleted.chat.chatId);
  }

  /** Opens `chat` (an imported file) as a new conversation; the open one is kept. */
  async openAsNew(chat: StoredChat): Promise<void> {
    await this.closeOpen();
    await this.options.open({ ...chat, chatId: newId() });
    await this.touch();
  }

  /** Keeps `chat` (a branch of the open conversation) as a conversation of its own, with its archive; resolves with its id. */
  async keepCopy(chat: StoredChat, title: string): Promise<string> {
    const id = newId();
    const archived = chat.archived ?? 0;
    const archive = archived > 0 ? await this.options.archives?.readArchive(chatIdOf(chat)).catch(() => undefined) : undefined;
    if (archive && archive.history.length > 0) await this.options.archives?.archive(id, 0, archivedUpTo(archive, archived));
    const copy = withId({ ...chat, title: oneLine(title, MAX_TITLE) }, id);
    await this.options.files.save(copy);
    // The branch was last used when the conversation it comes from was.
    const lastUsed = this.entry(chatIdOf(chat))?.lastUsed ?? this.now();
    await this.options.index.save(withEntry(this.index(), { ...entryFor(copy, undefined, lastUsed), renamed: true }));
    return id;
  }

  private index(): ConversationIndex {
    const { index, problems } = repairIndex(this.options.index.load());
    if (problems.length > 0) this.options.notify({ kind: 'indexRepaired', problems });
    return index;
  }

  private entry(id: string): ConversationEntry | undefined {
    return this.index().entries.find((e) => e.id === id);
  }

  /** The index with the open conversation's entry as it is now (`used`: it was just used). */
  private recordOpen(index: ConversationIndex, used: boolean): ConversationIndex {
    const chat = this.options.current();
    const previous = index.entries.find((e) => e.id === chatIdOf(chat));
    const entry = entryFor(chat, previous, used || !previous ? this.now() : previous.lastUsed);
    return withEntry(index, entry);
  }

  /** Writes the open conversation to its file (if it holds anything), so another can take its place. */
  private async closeOpen(): Promise<void> {
    this.options.park();
    const chat = this.options.current();
    if (chat.history.length === 0 && !chat.archived) return this.forget(chatIdOf(chat));
    await this.options.files.save(withId(chat));
    await this.options.index.save(this.recordOpen(this.index(), false));
  }

  private async forget(id: string): Promise<void> {
    await this.options.index.save(withoutEntry(this.index(), id));
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

/** The first `count` turns of an archive, with their cards and times. */
function archivedUpTo(archive: ArchivedChat, count: number): ArchivedChat {
  const cards = Object.entries(archive.cards ?? {}).filter(([turn]) => Number(turn) < count);
  const times = Object.entries(archive.times ?? {}).filter(([turn]) => Number(turn) < count);
  return {
    history: archive.history.slice(0, count),
    ...(cards.length > 0 ? { cards: Object.fromEntries(cards) } : {}),
    ...(times.length > 0 ? { times: Object.fromEntries(times) } : {}),
  };
}
