// Typed wrapper around the VS Code webview API. `acquireVsCodeApi` may be called only
// once per page, so this module holds the single handle.
import type { WebviewMessage } from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What the view keeps across being hidden and recreated (VS Code's webview state). */
export interface PersistedState {
  /** The composer's unsent text. */
  draft: string;
}

const api: VsCodeApi = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

export function loadState(): PersistedState {
  const raw = api.getState();
  const draft = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).draft : undefined;
  return { draft: typeof draft === 'string' ? draft : '' };
}

export function saveState(patch: Partial<PersistedState>): void {
  api.setState({ ...loadState(), ...patch });
}
