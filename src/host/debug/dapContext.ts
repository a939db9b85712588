// Reads what the debugger knows through the Debug Adapter Protocol (dap.ts): the exception, the
// stack, scopes and variables, bounded in count and depth and with a timeout on every request,
// plus a few source lines around each frame. Nothing here formats: the core does.
import * as vscode from 'vscode';
import {
  DEBUG_BOUNDS,
  exceptionFromOutput,
  languageIdForPath,
  shortenPaths,
  shortFrameName,
  type DebugBounds,
  type ExceptionDetails,
  type ExceptionStop,
  type FrameInfo,
  type ScopeInfo,
  type SourceExcerpt,
  type VariableInfo,
} from '../../core/context/debugContext';
import { isSecretName } from '../../core/context/redaction';
import { request, type DebugProtocol } from './dap';

/** Larger files are not read for source lines. */
const MAX_SOURCE_BYTES = 5 * 1024 * 1024;

/** The exception of a stopped thread (DAP `exceptionInfo`); undefined when unsupported or failing. */
export async function readException(session: vscode.DebugSession, threadId: number, roots: readonly string[]): Promise<ExceptionDetails | undefined> {
  try {
    const info = await request(session, 'exceptionInfo', { threadId });
    if (!info) return undefined;
    const details: ExceptionDetails = {};
    if (info.exceptionId) details.id = info.exceptionId;
    if (info.description) details.description = info.description;
    if (info.details?.typeName) details.typeName = info.details.typeName;
    if (info.details?.message) details.message = info.details.message;
    if (info.details?.stackTrace) details.stackTrace = shortenPaths(info.details.stackTrace, roots);
    return details;
  } catch {
    return undefined;
  }
}

/** The top `count` frames of a thread, and whether there are more. */
export async function readStack(session: vscode.DebugSession, threadId: number, count: number): Promise<{ frames: DebugProtocol.StackFrame[]; more: boolean }> {
  const response = await request(session, 'stackTrace', { threadId, startFrame: 0, levels: count + 1 });
  const all = response?.stackFrames ?? [];
  return { frames: all.slice(0, count), more: all.length > count || (response?.totalFrames ?? 0) > count };
}

/** Workspace folders' paths, for shortening absolute paths. */
export function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
}

/**
 * The URI of a DAP source path. Debuggers give file paths or URIs (js-debug in a remote window:
 * vscode-remote://host/path); a path under a workspace folder gets that folder's scheme, so it
 * reads through the same file system and shows as a workspace-relative path.
 */
export function sourceUri(path: string): vscode.Uri | undefined {
  if (!path || path.startsWith('<')) return undefined; // <node_internals>/…, <eval>…
  let uri: vscode.Uri;
  try {
    uri = /^[a-zA-Z][\w+.-]+:/.test(path) && !/^[a-zA-Z]:[\\/]/.test(path) ? vscode.Uri.parse(path, true) : vscode.Uri.file(path);
  } catch {
    return undefined;
  }
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const base = folder.uri.path.replace(/\/$/, '');
    if (uri.scheme !== folder.uri.scheme && (uri.path === base || uri.path.startsWith(`${base}/`))) return folder.uri.with({ path: uri.path });
  }
  return uri;
}

/** The path to show: workspace-relative inside the workspace, else as the debugger gave it. */
export function displayPath(source: DebugProtocol.Source | undefined): string | undefined {
  if (!source) return undefined;
  const uri = source.path ? sourceUri(source.path) : undefined;
  if (uri) return vscode.workspace.asRelativePath(uri, false);
  return source.path || source.name || undefined;
}

/** The lines of a text; a final newline ends the last line rather than starting another. */
function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Reads files at most once per gathering. */
export class SourceReader {
  private readonly files = new Map<string, Promise<string[] | undefined>>();

  lines(uri: vscode.Uri): Promise<string[] | undefined> {
    const key = uri.toString();
    let entry = this.files.get(key);
    if (!entry) {
      entry = this.read(uri);
      this.files.set(key, entry);
    }
    return entry;
  }

  private async read(uri: vscode.Uri): Promise<string[] | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return splitLines(open.getText());
    const candidates = [uri];
    if (uri.scheme !== 'file' && uri.scheme !== 'untitled') candidates.push(vscode.Uri.file(uri.path));
    for (const candidate of candidates) {
      try {
        const stat = await vscode.workspace.fs.stat(candidate);
        if (stat.size > MAX_SOURCE_BYTES) return undefined;
        return splitLines(new TextDecoder().decode(await vscode.workspace.fs.readFile(candidate)));
      } catch {
        // Try the next form, or give up: the frame is sent without source lines.
      }
    }
    return undefined;
  }
}

function languageIdFor(uri: vscode.Uri): string {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.languageId ?? languageIdForPath(uri.path);
}

/** A frame as the core formats it, with source lines around its line when readable. */
export async function frameInfo(frame: DebugProtocol.StackFrame, reader: SourceReader, bounds: DebugBounds = DEBUG_BOUNDS, withSource = true): Promise<FrameInfo> {
  const info: FrameInfo = { name: shortFrameName(frame.name || '(unnamed frame)') };
  const path = displayPath(frame.source);
  if (path) info.path = path;
  if (frame.line > 0) info.line = frame.line;
  if (frame.column > 0) info.column = frame.column;
  const uri = frame.source?.path ? sourceUri(frame.source.path) : undefined;
  if (uri && frame.line > 0 && withSource) {
    info.languageId = languageIdFor(uri);
    const lines = await reader.lines(uri);
    if (lines && frame.line <= lines.length) {
      const first = Math.max(1, frame.line - bounds.sourceContext);
      const last = Math.min(lines.length, frame.line + bounds.sourceContext);
      const excerpt: SourceExcerpt = { startLine: first, lines: lines.slice(first - 1, last) };
      info.source = excerpt;
    }
  }
  return info;
}

function isShown(v: DebugProtocol.Variable): boolean {
  return v.presentationHint?.visibility !== 'internal';
}

/** Variables of `reference`, `depth` levels deep, at most `bounds.count` per level. */
export async function readVariables(
  session: vscode.DebugSession,
  reference: number,
  depth: number,
  bounds: DebugBounds = DEBUG_BOUNDS,
): Promise<{ variables: VariableInfo[]; omitted: number }> {
  let all: DebugProtocol.Variable[];
  try {
    all = (await request(session, 'variables', { variablesReference: reference }))?.variables ?? [];
  } catch {
    return { variables: [], omitted: 0 };
  }
  const visible = all.filter(isShown);
  const kept = visible.slice(0, bounds.count);
  const variables = await Promise.all(kept.map((v) => variableInfo(session, v, depth - 1, bounds)));
  return { variables, omitted: visible.length - kept.length };
}

/** One variable, with its children when `depth` > 0 (never for secret-looking names: they are not read). */
export async function variableInfo(
  session: vscode.DebugSession,
  v: DebugProtocol.Variable,
  depth: number,
  bounds: DebugBounds = DEBUG_BOUNDS,
  name = v.name,
): Promise<VariableInfo> {
  const info: VariableInfo = { name, value: v.value ?? '' };
  if (v.type) info.type = shortFrameName(v.type);
  if (depth > 0 && v.variablesReference > 0 && !isSecretName(v.name)) {
    const children = await readVariables(session, v.variablesReference, depth, bounds);
    info.children = children.variables;
    if (children.omitted > 0) info.omittedChildren = children.omitted;
  }
  return info;
}

/**
 * The local scopes of a frame: those the debugger marks as locals, else its first cheap scope.
 * (Globals and closures are left out: large and rarely the point.)
 */
export async function readScopes(session: vscode.DebugSession, frameId: number, bounds: DebugBounds = DEBUG_BOUNDS): Promise<ScopeInfo[]> {
  let scopes: DebugProtocol.Scope[];
  try {
    scopes = (await request(session, 'scopes', { frameId }))?.scopes ?? [];
  } catch {
    return [];
  }
  const cheap = scopes.filter((s) => !s.expensive && s.variablesReference > 0);
  const locals = cheap.filter((s) => s.presentationHint === 'locals');
  const chosen = locals.length > 0 ? locals : cheap.slice(0, 1);
  return Promise.all(
    chosen.map(async (scope) => {
      const { variables, omitted } = await readVariables(session, scope.variablesReference, bounds.depth, bounds);
      return { name: scope.name, variables, ...(omitted > 0 ? { omitted } : {}) };
    }),
  );
}

/** Everything the exception turn holds, read from the stopped thread. */
/** Frames read to find the first one in the workspace (an uncaught C++ exception stops deep in abort). */
const SEARCH_FRAMES = 30;

function inWorkspace(frame: DebugProtocol.StackFrame): boolean {
  const uri = frame.source?.path ? sourceUri(frame.source.path) : undefined;
  return uri !== undefined && vscode.workspace.getWorkspaceFolder(uri) !== undefined;
}

/** The debugger's details are only a signal's name (LLDB): the program's own words say more. */
const onlyASignal = (e: ExceptionDetails | undefined) => !e || (!e.message && /^signal SIG/i.test(e.description ?? e.id ?? ''));

/**
 * Everything the exception turn holds, read from the stopped thread: from the first frame in the
 * workspace on (system frames above it are counted, not sent), with the exception the program
 * printed when the debugger gives none (`output`: the program's last lines).
 */
export async function gatherExceptionStop(
  session: vscode.DebugSession,
  stop: { threadId: number; description?: string; text?: string },
  supportsExceptionInfo: boolean | undefined,
  output: readonly string[] = [],
  bounds: DebugBounds = DEBUG_BOUNDS,
): Promise<ExceptionStop> {
  const reader = new SourceReader();
  const [read, stack] = await Promise.all([
    // Unknown support (the session started before activation): just try.
    supportsExceptionInfo === false ? Promise.resolve(undefined) : readException(session, stop.threadId, workspaceRoots()),
    readStack(session, stop.threadId, SEARCH_FRAMES).catch(() => ({ frames: [] as DebugProtocol.StackFrame[], more: false })),
  ]);
  const first = Math.max(0, stack.frames.findIndex(inWorkspace));
  const chosen = stack.frames.slice(first, first + bounds.frames);
  const printed = onlyASignal(read) ? exceptionFromOutput(output) : undefined;
  const exception = printed ? { ...read, ...printed } : read;
  const [frames, scopes] = await Promise.all([
    Promise.all(chosen.map((f) => frameInfo(f, reader, bounds))),
    chosen[0] ? readScopes(session, chosen[0].id, bounds) : Promise.resolve([]),
  ]);
  return {
    debugType: session.type,
    ...(stop.description ? { stopDescription: stop.description } : {}),
    ...(stop.text ? { stopText: stop.text } : {}),
    ...(exception ? { exception } : {}),
    frames,
    ...(first > 0 ? { systemFrames: first } : {}),
    ...(stack.more || stack.frames.length > first + bounds.frames ? { moreFrames: true } : {}),
    scopes,
  };
}
