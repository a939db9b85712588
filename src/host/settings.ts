// Typed view of the geminiAssistant.* settings, read fresh for every request so that
// changes apply without a reload.
import * as vscode from 'vscode';
import type { SettingName } from '../core/gemini/errors';
import type { RetryPolicy } from '../core/gemini/retry';
import { DEFAULT_RETRY_POLICY } from '../core/gemini/retry';
import { DEFAULT_CHAT_LIMITS, type ChatLimits } from '../core/chat/chatArchive';

export const SECTION = 'geminiAssistant';

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
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    model: c.get<string>('model')?.trim() || 'gemini-2.5-flash',
    apiBaseUrl: c.get<string>('apiBaseUrl')?.trim() ?? '',
    systemInstruction: c.get<string>('systemInstruction') ?? '',
    temperature: optionalNumber(c.get('temperature')),
    maxOutputTokens: optionalNumber(c.get('maxOutputTokens')),
    requestTimeoutSeconds: optionalNumber(c.get('requestTimeoutSeconds')) ?? 120,
    maxRetries: Math.max(0, Math.floor(optionalNumber(c.get('maxRetries')) ?? DEFAULT_RETRY_POLICY.maxRetries)),
    contextTokenBudget: optionalNumber(c.get('contextTokenBudget')) ?? 200_000,
    maxChatTurns: Math.max(2, Math.floor(optionalNumber(c.get('maxChatTurns')) ?? DEFAULT_CHAT_LIMITS.maxTurns)),
  };
}

export function retryPolicy(settings: Settings): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, maxRetries: settings.maxRetries };
}

export function chatLimits(settings: Settings): ChatLimits {
  return { ...DEFAULT_CHAT_LIMITS, maxTurns: settings.maxChatTurns };
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
  return vscode.commands.executeCommand('workbench.action.openSettings', name ? `${SECTION}.${name}` : `@ext:gemini-debug-assistant.gemini-debug-assistant`);
}

export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION)) listener();
  });
}
