// File paths an answer mentions, checked against the workspace: only files inside a workspace
// folder count (no `..` steps, no absolute path outside the folders), so a link can open nothing else.
import * as vscode from 'vscode';

/** The workspace file `path` names (relative to a folder, to a named folder of a multi-root workspace, or absolute inside one), if it is one. */
export async function resolveWorkspaceFile(path: string): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const uri of candidates(path, folders)) {
    try {
      if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) return uri;
    } catch {
      // Not there: try the next folder.
    }
  }
  return undefined;
}

/** Where `path` could be, inside the folders only. */
function candidates(path: string, folders: readonly vscode.WorkspaceFolder[]): vscode.Uri[] {
  const absolute = /^(?:[A-Za-z]:)?[\\/]/.test(path);
  const steps = path.split(/[\\/]/).filter((step) => step !== '' && step !== '.');
  // A colon only in a drive letter (`C:`): anything else could be a scheme or a Windows stream.
  const badStep = (step: string, i: number) => step === '..' || (step.includes(':') && !(absolute && i === 0 && /^[A-Za-z]:$/.test(step)));
  if (steps.length === 0 || steps.some(badStep)) return [];
  if (absolute) {
    const wanted = `/${steps.join('/')}`;
    return folders.filter((f) => wanted.toLowerCase().startsWith(`${f.uri.path.replace(/\/$/, '').toLowerCase()}/`)).map((f) => f.uri.with({ path: wanted }));
  }
  const inFolders = folders.map((f) => vscode.Uri.joinPath(f.uri, ...steps));
  // `folder/src/app.ts`: how asRelativePath names a file of a multi-root workspace.
  const named = folders.filter((f) => folders.length > 1 && steps.length > 1 && f.name === steps[0]).map((f) => vscode.Uri.joinPath(f.uri, ...steps.slice(1)));
  return [...named, ...inFolders];
}

/** Of `paths`, those that are files in the workspace. */
export async function existingPaths(paths: readonly string[]): Promise<string[]> {
  const found = await Promise.all(paths.map(async (path) => ((await resolveWorkspaceFile(path)) ? path : undefined)));
  return found.filter((path): path is string => path !== undefined);
}

/** Opens a workspace file (at `line`, 1-based, clamped to the file); false when `path` names none. */
export async function openWorkspaceFile(path: string, line?: number): Promise<boolean> {
  const uri = await resolveWorkspaceFile(path);
  if (!uri) {
    void vscode.window.showWarningMessage(`Gemini: ${path} is not a file in this workspace.`);
    return false;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const at = line === undefined ? undefined : new vscode.Position(Math.min(line, document.lineCount) - 1, 0);
  await vscode.window.showTextDocument(document, { preview: true, ...(at ? { selection: new vscode.Range(at, at) } : {}) });
  return true;
}
