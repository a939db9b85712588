// The read tools: state, stack, variables, evaluate, source and output, each one DAP request or
// a few. Results are plain data; the core redacts and bounds them on the way to Gemini.
import * as vscode from 'vscode';
import { shortFrameName } from '../../core/context/debugContext';
import { isSecretName, REDACTED } from '../../core/context/redaction';
import { languageOfDebugType, sideEffectOf } from '../../core/tools/sideEffects';
import type { ToolCall } from '../../core/tools/toolArgs';
import { request, type DebugProtocol } from './dap';
import { displayPath, SourceReader, sourceUri } from './dapContext';
import type { ToolContext } from './debuggerTools';
import { lastOutput, type Stop } from './exceptionTracker';

type Call<N extends ToolCall['name']> = Extract<ToolCall, { name: N }>;

const RUNNING = 'The program is running: it must be stopped (at a breakpoint, an exception or after a step) for this. debugger_continue waits for the next stop.';

/** The stopped thread to read: `thread` when given, else the one that stopped last. */
export function stoppedThread(ctx: ToolContext, thread?: number): number {
  const stops = ctx.tracker.stops(ctx.target.session.id);
  if (stops.length === 0) throw new Error(RUNNING);
  if (thread === undefined) return stops[0]!.threadId;
  if (!stops.some((s) => s.threadId === thread)) throw new Error(`Thread ${thread} is not stopped; stopped: ${stops.map((s) => s.threadId).join(', ')}.`);
  return thread;
}

/** Frame `index` of the stopped thread. */
async function frameAt(ctx: ToolContext, index: number): Promise<DebugProtocol.StackFrame> {
  const threadId = stoppedThread(ctx);
  const body = await request(ctx.target.session, 'stackTrace', { threadId, startFrame: index, levels: 1 });
  const frame = body?.stackFrames?.[0];
  if (!frame) throw new Error(`There is no frame ${index} on the stopped thread${body?.totalFrames !== undefined ? ` (it has ${body.totalFrames})` : ''}.`);
  return frame;
}

function location(frame: DebugProtocol.StackFrame | undefined): { name: string; path?: string; line?: number } | undefined {
  if (!frame) return undefined;
  const path = displayPath(frame.source);
  return { name: shortFrameName(frame.name || '(unnamed frame)'), ...(path ? { path } : {}), ...(frame.line > 0 ? { line: frame.line } : {}) };
}

/** The exception's message: from exceptionInfo, else what the stop said, else (C++ with LLDB) the program's last words. */
async function exceptionMessage(ctx: ToolContext, stop: Stop): Promise<string | undefined> {
  if (ctx.target.capabilities.supportsExceptionInfoRequest !== false) {
    try {
      const info = await request(ctx.target.session, 'exceptionInfo', { threadId: stop.threadId });
      const message = [info?.details?.typeName, info?.details?.message ?? info?.description].filter(Boolean).join(': ');
      if (message) return message;
    } catch {
      // Not supported: what the stop said will do.
    }
  }
  const printed = lastOutput(ctx.target, 20)
    .reverse()
    .find((line) => /what\(\)|terminate called|Traceback|Error|Exception/.test(line));
  return stop.text || stop.description || printed;
}

/** Where a stop is, and why. */
export async function describeStop(ctx: ToolContext, stop: Stop): Promise<Record<string, unknown>> {
  const top = (await request(ctx.target.session, 'stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 1 }).catch(() => undefined))?.stackFrames?.[0];
  const exception = stop.reason === 'exception' ? await exceptionMessage(ctx, stop) : undefined;
  return {
    state: 'stopped',
    reason: stop.reason,
    thread: stop.threadId,
    ...(stop.description ? { description: stop.description } : {}),
    ...(top ? { topFrame: location(top) } : {}),
    ...(exception ? { exception } : {}),
  };
}

export async function state(ctx: ToolContext): Promise<unknown> {
  const { session } = ctx.target;
  const stop = ctx.tracker.stops(session.id)[0];
  return {
    sessions: ctx.tracker.tracked.map((t) => ({ name: t.session.name, type: t.session.type, stopped: t.stops.size > 0 })),
    active: vscode.debug.activeDebugSession?.name,
    session: session.name,
    debugType: session.type,
    ...(stop ? await describeStop(ctx, stop) : { state: 'running' }),
  };
}

export async function stack(ctx: ToolContext, call: Call<'debugger_stack'>): Promise<unknown> {
  const threadId = stoppedThread(ctx, call.thread);
  const body = await request(ctx.target.session, 'stackTrace', { threadId, startFrame: call.start, levels: call.count });
  const frames = (body?.stackFrames ?? []).map((frame, i) => ({ index: call.start + i, ...location(frame) }));
  return { thread: threadId, frames, ...(body?.totalFrames !== undefined ? { totalFrames: body.totalFrames } : {}) };
}

interface VariableView {
  name: string;
  value: string;
  type?: string;
  hasChildren: boolean;
}

function variableView(v: DebugProtocol.Variable): VariableView {
  const secret = isSecretName(v.name);
  return { name: v.name, value: secret ? REDACTED : (v.value ?? ''), ...(v.type ? { type: shortFrameName(v.type) } : {}), hasChildren: v.variablesReference > 0 && !secret };
}

async function children(ctx: ToolContext, reference: number): Promise<DebugProtocol.Variable[]> {
  const all = (await request(ctx.target.session, 'variables', { variablesReference: reference }))?.variables ?? [];
  return all.filter((v) => v.presentationHint?.visibility !== 'internal');
}

export async function variables(ctx: ToolContext, call: Call<'debugger_variables'>): Promise<unknown> {
  const frame = await frameAt(ctx, call.frame);
  const scopes = (await request(ctx.target.session, 'scopes', { frameId: frame.id }))?.scopes ?? [];
  const page = (list: DebugProtocol.Variable[]) => ({
    variables: list.slice(call.start, call.start + call.count).map(variableView),
    total: list.length,
    ...(list.length > call.start + call.count ? { more: `${list.length - call.start - call.count} more: ask with start ${call.start + call.count}` } : {}),
  });
  if (!call.path) {
    // The local scope, with the block scopes before it (js-debug puts a loop's `let` in a Block scope).
    const cheap = scopes.filter((s) => !s.expensive && s.variablesReference > 0);
    // By name first: js-debug hints its Block scopes as locals too.
    const named = cheap.findIndex((s) => /^locals?\b/i.test(s.name));
    const locals = named >= 0 ? named : cheap.findIndex((s) => s.presentationHint === 'locals');
    const shown = locals >= 0 ? cheap.slice(0, locals + 1) : cheap.slice(0, 1);
    if (shown.length === 0) return { frame: call.frame, variables: [], otherScopes: scopes.map((s) => s.name) };
    const listed = (await Promise.all(shown.map(async (scope) => (await children(ctx, scope.variablesReference)).map((v) => ({ ...v, scope: scope.name }))))).flat();
    const result = page(listed);
    return {
      frame: call.frame,
      scopes: shown.map((s) => s.name),
      ...result,
      variables: shown.length > 1 ? result.variables.map((v, i) => ({ scope: listed[call.start + i]!.scope, ...v })) : result.variables,
      otherScopes: scopes.filter((s) => !shown.includes(s)).map((s) => s.name),
    };
  }
  const [scopeName, ...names] = call.path;
  const scope = scopes.find((s) => s.name.toLowerCase() === scopeName!.toLowerCase());
  if (!scope) throw new Error(`Frame ${call.frame} has no scope "${scopeName}"; its scopes: ${scopes.map((s) => s.name).join(', ')}.`);
  let reference = scope.variablesReference;
  for (const name of names) {
    const found = (await children(ctx, reference)).find((v) => v.name === name);
    if (!found) throw new Error(`There is no "${name}" in ${call.path.slice(0, call.path.indexOf(name)).join(' > ')}.`);
    if (isSecretName(found.name)) throw new Error(`"${name}" looks like a secret: its value is redacted and not expanded.`);
    if (found.variablesReference === 0) throw new Error(`"${name}" has no children; its value: ${found.value}`);
    reference = found.variablesReference;
  }
  return { frame: call.frame, path: call.path, ...page(await children(ctx, reference)) };
}

/** js-debug evaluates in its `hover` context with V8's throw-on-side-effect: even a getter cannot change the program. */
const SIDE_EFFECT_FREE_CONTEXT = /^(pwa-)?(node|chrome|msedge|extensionHost)$|^node-terminal$/;

export async function evaluate(ctx: ToolContext, call: Call<'debugger_evaluate'>): Promise<unknown> {
  const { session } = ctx.target;
  const stopped = ctx.tracker.stops(session.id).length > 0;
  const frameId = stopped ? (await frameAt(ctx, call.frame)).id : undefined;
  // Consent was settled before: an expression that may change the program runs as typed in the Debug Console.
  const changes = sideEffectOf(call.expression, languageOfDebugType(session.type)) !== undefined;
  const context = changes ? 'repl' : SIDE_EFFECT_FREE_CONTEXT.test(session.type) ? 'hover' : 'watch';
  let body;
  try {
    body = await request(session, 'evaluate', { expression: call.expression, ...(frameId !== undefined ? { frameId } : {}), context });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/side.?effect/i.test(message))
      throw new Error(`The debugger would not evaluate it without side effects (it runs code, a getter for instance): ${message}`, { cause: error });
    throw error;
  }
  // An expression that ends in a secret-looking name gives a secret.
  const lastName = /([A-Za-z_$][\w$]*)\W*$/.exec(call.expression)?.[1];
  const secret = lastName !== undefined && isSecretName(lastName);
  return {
    expression: call.expression,
    value: secret ? REDACTED : (body?.result ?? ''),
    ...(body?.type ? { type: body.type } : {}),
    hasChildren: (body?.variablesReference ?? 0) > 0 && !secret,
    ...(stopped ? { frame: call.frame } : { note: 'Evaluated while the program runs (no frame).' }),
  };
}

/** A workspace-relative or absolute path as a URI of the workspace's file system. */
export function resolvePath(path: string): vscode.Uri {
  const absolute = /^([a-zA-Z][\w+.-]+:|\/|[a-zA-Z]:[\\/])/.test(path);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!absolute && folder) return vscode.Uri.joinPath(folder.uri, path);
  return sourceUri(path) ?? vscode.Uri.file(path);
}

export async function sourceLines(call: Call<'debugger_source'>): Promise<unknown> {
  const uri = resolvePath(call.path);
  const lines = await new SourceReader().lines(uri);
  if (!lines) throw new Error(`Cannot read ${call.path}: no such file in the workspace, or it is too large.`);
  if (call.line > lines.length) throw new Error(`${call.path} has ${lines.length} lines.`);
  const first = Math.max(1, call.line - call.before);
  const last = Math.min(lines.length, call.line + call.after);
  const width = String(last).length;
  return {
    path: vscode.workspace.asRelativePath(uri, false),
    lines: lines.slice(first - 1, last).map((text, i) => `${String(first + i).padStart(width)} | ${text.length > 400 ? `${text.slice(0, 400)}\u2026` : text}`),
  };
}

export function programOutput(ctx: ToolContext, call: Call<'debugger_output'>): unknown {
  const lines = lastOutput(ctx.target, call.lines);
  return { lines, ...(lines.length === 0 ? { note: 'The program has printed nothing since the session started.' } : {}) };
}
