// The debugging assistant: the exception tracker, the "Ask Gemini about this problem" quick fix
// and the commands of the debug views, the debug toolbar and the terminal, registered together.
import * as vscode from 'vscode';
import type { ChatController } from '../chatController';
import { registerDebugCommands } from './commands';
import type { ExceptionTracker } from './exceptionTracker';
import { ProblemActionProvider } from './problemActions';

export { HostDebuggerTools } from './debuggerTools';
export { ExceptionTracker } from './exceptionTracker';

export function registerDebugFeatures(chat: ChatController, tracker: ExceptionTracker, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    tracker,
    // Every language and scheme: the provider only looks at the diagnostics VS Code hands it.
    vscode.languages.registerCodeActionsProvider('*', new ProblemActionProvider(), ProblemActionProvider.metadata),
    ...registerDebugCommands({ chat, tracker, log }),
  ];
}
