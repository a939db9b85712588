// The core's FileSystem over vscode.workspace.fs, rooted at the extension's global storage
// folder (a local folder in VS Code, a remote one in code-server or a remote window).
import * as vscode from 'vscode';
import type { FileSystem } from '../core/ports';

export class HostFileSystem implements FileSystem {
  constructor(readonly root: vscode.Uri) {}

  async read(path: string): Promise<Uint8Array | undefined> {
    try {
      return await vscode.workspace.fs.readFile(this.uri(path));
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      throw error;
    }
  }

  async write(path: string, data: Uint8Array): Promise<void> {
    const uri = this.uri(path);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, data);
  }

  async rename(from: string, to: string): Promise<void> {
    await vscode.workspace.fs.rename(this.uri(from), this.uri(to), { overwrite: true });
  }

  async remove(path: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(this.uri(path));
    } catch (error) {
      if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) throw error;
    }
  }

  location(path: string): string {
    const uri = this.uri(path);
    return uri.scheme === 'file' ? uri.fsPath : uri.toString();
  }

  uri(path: string): vscode.Uri {
    return vscode.Uri.joinPath(this.root, ...path.split('/'));
  }
}
