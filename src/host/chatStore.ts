// Each workspace's open conversation, and the index of all its conversations, in the
// extension's globalState (it survives reloads and restarts; workspaceState would be lost
// with untitled workspaces). The keys are derived from the workspace identity, so each
// workspace, and the empty window, has its own.
import { createHash } from 'node:crypto';
import type { Memento, Uri, WorkspaceFolder } from 'vscode';
import type { ValueStore } from '../core/ports';
import { CHAT_KEY_PREFIX, CONVERSATIONS_KEY_PREFIX } from './ids';

/** A hash of the workspace's identity: names its keys in globalState and its files. */
export function workspaceTag(workspaceFile: Uri | undefined, folders: readonly WorkspaceFolder[] | undefined): string {
  const identity = workspaceFile ? `workspace:${workspaceFile.toString()}` : folders?.length ? `folders:${folders.map((f) => f.uri.toString()).join('\n')}` : 'empty-window';
  return createHash('sha256').update(identity).digest('hex').slice(0, 24);
}

export const chatStorageKey = (tag: string) => CHAT_KEY_PREFIX + tag;
export const conversationsStorageKey = (tag: string) => CONVERSATIONS_KEY_PREFIX + tag;

export class MementoValueStore implements ValueStore {
  constructor(
    private readonly memento: Memento,
    readonly key: string,
  ) {}

  load(): unknown {
    return this.memento.get(this.key);
  }

  async save(value: unknown): Promise<void> {
    await this.memento.update(this.key, value);
  }
}
