// An in-memory ChatStore for core tests: records every save in order.
import type { ChatStore } from '../../src/core/ports';
import type { StoredChat } from '../../src/core/types';

export class MemoryStore implements ChatStore {
  readonly saves: StoredChat[] = [];
  constructor(public value: unknown = undefined) {}

  load(): unknown {
    return this.value;
  }

  save(chat: StoredChat): Promise<void> {
    this.value = JSON.parse(JSON.stringify(chat)) as unknown;
    this.saves.push(this.value as StoredChat);
    return Promise.resolve();
  }
}
