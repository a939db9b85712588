// One chat per workspace in the extension's globalState (it survives reloads and restarts;
// workspaceState would be lost with untitled workspaces). The key is derived from the
// workspace identity, so each workspace, and the empty window, has its own chat.
import { createHash } from 'node:crypto';
import type { Memento, Uri, WorkspaceFolder } from 'vscode';
import type { ChatStore } from '../core/ports';
import type { StoredChat } from '../core/types';
import { CHAT_KEY_PREFIX } from './ids';

export function chatStorageKey(workspaceFile: Uri | undefined, folders: readonly WorkspaceFolder[] | undefined): string {
  const identity = workspaceFile ? `workspace:${workspaceFile.toString()}` : folders?.length ? `folders:${folders.map((f) => f.uri.toString()).join('\n')}` : 'empty-window';
  return CHAT_KEY_PREFIX + createHash('sha256').update(identity).digest('hex').slice(0, 24);
}

export class MementoChatStore implements ChatStore {
  constructor(
    private readonly memento: Memento,
    readonly key: string,
  ) {}

  load(): unknown {
    return this.memento.get(this.key);
  }

  async save(chat: StoredChat): Promise<void> {
    await this.memento.update(this.key, chat);
  }
}
