// The debugging assistant: the exception tracker, the "Ask Gemini about this problem" quick fix
// and the commands of the debug views, the debug toolbar and the terminal, registered together.
import * as vscode from 'vscode';
import type { ChatController } from '../chatController';
import { registerDebugCommands } from './commands';
import { ExceptionTracker } from './exceptionTracker';
import { ProblemActionProvider } from './problemActions';

export function registerDebugFeatures(chat: ChatController, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const tracker = new ExceptionTracker(log);
  return [
    tracker,
    // Every language and scheme: the provider only looks at the diagnostics VS Code hands it.
    vscode.languages.registerCodeActionsProvider('*', new ProblemActionProvider(), ProblemActionProvider.metadata),
    ...registerDebugCommands({ chat, tracker, log }),
  ];
}
