// In-memory ChatFiles for core tests: backups and archives kept in maps, failures on demand.
import { appendToArchive } from '../../src/core/chat/chatArchive';
import type { ChatFiles } from '../../src/core/ports';
import type { ArchivedChat } from '../../src/core/types';

export class MemoryFiles implements ChatFiles {
  readonly backups: { label: string; value: unknown; where: string }[] = [];
  readonly archives = new Map<string, ArchivedChat>();
  /** Set to make the next writes fail. */
  failBackup: Error | undefined;
  failArchive: Error | undefined;

  backup(value: unknown, label: string): Promise<string> {
    if (this.failBackup) return Promise.reject(this.failBackup);
    const where = `backups/${this.backups.length}-${label}.json`;
    this.backups.push({ label, value: JSON.parse(JSON.stringify(value ?? null)) as unknown, where });
    return Promise.resolve(where);
  }

  archive(chatId: string, from: number, turns: ArchivedChat): Promise<string> {
    if (this.failArchive) return Promise.reject(this.failArchive);
    const { history, cards, times } = appendToArchive(this.archives.get(chatId) ?? { history: [] }, from, turns);
    this.archives.set(chatId, { history, ...(cards ? { cards } : {}), ...(times ? { times } : {}) });
    return Promise.resolve(this.archiveLocation(chatId));
  }

  readArchive(chatId: string): Promise<ArchivedChat> {
    return Promise.resolve(structuredClone(this.archives.get(chatId) ?? { history: [] }));
  }

  removeArchive(chatId: string): Promise<void> {
    this.archives.delete(chatId);
    return Promise.resolve();
  }

  archiveLocation(chatId: string): string {
    return `archive/${chatId}.json`;
  }
}
