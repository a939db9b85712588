// In-memory ChatFiles for core tests: backups and archives kept in maps, failures on demand.
import { appendToArchive } from '../../src/core/chat/chatArchive';
import type { ChatFiles } from '../../src/core/ports';
import type { Content } from '../../src/core/types';

export class MemoryFiles implements ChatFiles {
  readonly backups: { label: string; value: unknown; where: string }[] = [];
  readonly archives = new Map<string, Content[]>();
  /** Set to make the next writes fail. */
  failBackup: Error | undefined;
  failArchive: Error | undefined;

  async backup(value: unknown, label: string): Promise<string> {
    if (this.failBackup) throw this.failBackup;
    const where = `backups/${this.backups.length}-${label}.json`;
    this.backups.push({ label, value: JSON.parse(JSON.stringify(value ?? null)), where });
    return where;
  }

  async archive(chatId: string, from: number, turns: Content[]): Promise<string> {
    if (this.failArchive) throw this.failArchive;
    this.archives.set(chatId, appendToArchive(this.archives.get(chatId) ?? [], from, turns).history);
    return this.archiveLocation(chatId);
  }

  async readArchive(chatId: string): Promise<Content[]> {
    return structuredClone(this.archives.get(chatId) ?? []);
  }

  archiveLocation(chatId: string): string {
    return `archive/${chatId}.json`;
  }
}
