// What every command handler receives: the chat and the key store, and the argument a caller
// passed (tests and other commands pass options; a menu passes a URI, which is ignored).
import * as vscode from 'vscode';
import type { ApiKeys } from './apiKey';
import type { ChatController } from './chatController';

export interface CommandContext {
  chat: ChatController;
  keys: ApiKeys;
}

export type Handler = (ctx: CommandContext, arg?: unknown) => Promise<unknown>;

export function options<T extends object>(arg: unknown): Partial<T> {
  return typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? arg : {};
}
