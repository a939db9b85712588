// What the chat view asks of the editor on behalf of an answer: a code block's Insert at Cursor
// and Apply to Selection, and the answer's file paths (which exist, and opening one).
import * as vscode from 'vscode';
import type { WebviewMessage } from '../shared/protocol';
import type { ChatViews } from './chatViews';
import { CodeActions } from './codeActions';
import { existingPaths, openWorkspaceFile } from './workspacePaths';

export function registerAnswerActions(view: ChatViews, log: vscode.LogOutputChannel): { codeActions: CodeActions; disposables: vscode.Disposable[] } {
  const codeActions = new CodeActions((text) => view.post({ type: 'announce', text }));
  const failed = (what: string) => (error: unknown) => log.error(`${what} failed`, error);
  const handle = (message: WebviewMessage): void => {
    switch (message.type) {
      case 'insertCode':
        codeActions.insert(message.text).catch(failed('Insert at Cursor'));
        break;
      case 'applyCode':
        codeActions.apply(message.text).catch(failed('Apply to Selection'));
        break;
      case 'checkPaths':
        existingPaths(message.paths).then((existing) => view.post({ type: 'pathsChecked', paths: message.paths, existing }), failed('Checking paths'));
        break;
      case 'openPath':
        openWorkspaceFile(message.path, message.line).catch(failed(`Opening ${message.path}`));
        break;
    }
  };
  return { codeActions, disposables: [codeActions, view.onDidReceiveMessage(handle)] };
}
