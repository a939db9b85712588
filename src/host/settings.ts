// Typed view of the geminiAssistant.* settings, read fresh for every request so that
// changes apply without a reload.
import * as vscode from 'vscode';
import type { SettingName } from '../core/gemini/errors';
import { RETRY_BACKOFF, type RetryPolicy } from '../core/gemini/retry';
import { MAX_CHAT_BYTES, type ChatLimits } from '../core/chat/chatArchive';
import type { ToolsMode } from '../core/tools/toolSpecs';
import { EXTENSION_ID, SETTINGS_SECTION } from './ids';

export interface Settings {
  model: string;
  apiBaseUrl: string;
  systemInstruction: string;
  temperature?: number;
  maxOutputTokens?: number;
  requestTimeoutSeconds: number;
  maxRetries: number;
  contextTokenBudget: number;
  maxChatTurns: number;
  debuggerTools: ToolsMode;
  maxToolCalls: number;
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A setting's value, or its default from package.json (the only place defaults are written) when the user's value is of the wrong kind. */
function read<T>(c: vscode.WorkspaceConfiguration, key: string, valid: (value: unknown) => value is T): T {
  const value: unknown = c.get(key);
  if (valid(value)) return value;
  const fallback: unknown = c.inspect(key)?.defaultValue;
  if (valid(fallback)) return fallback;
  throw new Error(`package.json declares no valid default for ${SETTINGS_SECTION}.${key}`);
}

const isNumber = (value: unknown): value is number => optionalNumber(value) !== undefined;
const isText = (value: unknown): value is string => typeof value === 'string';
const isName = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isToolsMode = (value: unknown): value is ToolsMode => value === 'ask' || value === 'readOnly' || value === 'off';

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    model: read(c, 'model', isName).trim(),
    apiBaseUrl: read(c, 'apiBaseUrl', isText).trim(),
    systemInstruction: read(c, 'systemInstruction', isText),
    temperature: optionalNumber(c.get('temperature')),
    maxOutputTokens: optionalNumber(c.get('maxOutputTokens')),
    requestTimeoutSeconds: read(c, 'requestTimeoutSeconds', isNumber),
    maxRetries: Math.max(0, Math.floor(read(c, 'maxRetries', isNumber))),
    contextTokenBudget: read(c, 'contextTokenBudget', isNumber),
    maxChatTurns: Math.max(2, Math.floor(read(c, 'maxChatTurns', isNumber))),
    debuggerTools: read(c, 'debuggerTools', isToolsMode),
    maxToolCalls: Math.max(1, Math.floor(read(c, 'maxToolCalls', isNumber))),
  };
}

export function retryPolicy(settings: Settings): RetryPolicy {
  return { ...RETRY_BACKOFF, maxRetries: settings.maxRetries };
}

export function chatLimits(settings: Settings): ChatLimits {
  return { maxTurns: settings.maxChatTurns, maxBytes: MAX_CHAT_BYTES };
}

/** A server on this machine (the demo server, a local proxy): usable without a key. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

export function openSetting(name: SettingName | undefined): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', name ? `${SETTINGS_SECTION}.${name}` : `@ext:${EXTENSION_ID}`);
}

export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SETTINGS_SECTION)) listener();
  });
}
