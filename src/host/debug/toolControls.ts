// The control tools (run only with the user's consent): breakpoints through VS Code's API, so
// they show in the editor and the Breakpoints view, and continue / step, which wait for the next
// stop, the session's end or a timeout.
import * as vscode from 'vscode';
import type { ToolCall } from '../../core/tools/toolArgs';
import { request } from './dap';
import type { ToolContext } from './debuggerTools';
import type { SessionEvent } from './exceptionTracker';
import { describeStop, resolvePath, stoppedThread } from './toolReads';

type Call<N extends ToolCall['name']> = Extract<ToolCall, { name: N }>;

/** How long a new breakpoint may take to be verified (js-debug answers "unbound" first). */
const VERIFY_MS = 3_000;
const STEP_TIMEOUT_MS = 10_000;

const samePlace = (a: vscode.Uri, b: vscode.Uri) => a.path === b.path;

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export async function setBreakpoint(ctx: ToolContext, call: Call<'debugger_set_breakpoint'>): Promise<unknown> {
  const uri = resolvePath(call.path);
  const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(call.line - 1, 0)), true, call.condition, undefined, call.logMessage);
  vscode.debug.addBreakpoints([breakpoint]);
  let dap = await ctx.target.session.getDebugProtocolBreakpoint(breakpoint);
  for (const deadline = Date.now() + VERIFY_MS; !(dap && 'verified' in dap && dap.verified) && Date.now() < deadline && !ctx.signal.aborted;) {
    await delay(100, ctx.signal);
    dap = await ctx.target.session.getDebugProtocolBreakpoint(breakpoint);
  }
  const verified = dap !== undefined && 'verified' in dap && dap.verified === true;
  const actual = dap && 'line' in dap && typeof dap.line === 'number' ? dap.line : call.line;
  const message = dap && 'message' in dap && typeof dap.message === 'string' ? dap.message : undefined;
  return {
    path: vscode.workspace.asRelativePath(uri, false),
    line: actual,
    verified,
    ...(call.condition ? { condition: call.condition } : {}),
    ...(call.logMessage ? { logMessage: call.logMessage } : {}),
    ...(message ? { message } : {}),
    ...(!verified ? { note: 'The debugger has not verified it (yet): it may not stop there.' } : {}),
  };
}

export function removeBreakpoint(call: Call<'debugger_remove_breakpoint'>): unknown {
  const uri = resolvePath(call.path);
  const here = vscode.debug.breakpoints.filter(
    (b): b is vscode.SourceBreakpoint => b instanceof vscode.SourceBreakpoint && samePlace(b.location.uri, uri) && b.location.range.start.line === call.line - 1,
  );
  if (here.length > 0) vscode.debug.removeBreakpoints(here);
  return { path: vscode.workspace.asRelativePath(uri, false), line: call.line, removed: here.length > 0 };
}

/** The next stop or end of the target session, or undefined after `timeoutMs`. Listens from the moment it is called. */
function nextEvent(ctx: ToolContext, timeoutMs: number): Promise<SessionEvent | undefined> {
  const id = ctx.target.session.id;
  return new Promise((resolve) => {
    const done = (event: SessionEvent | undefined) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(event);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    const listener = ctx.tracker.onDidChangeSession((event) => {
      if (event.sessionId === id) done(event);
    });
    ctx.signal.addEventListener('abort', () => done(undefined), { once: true });
  });
}

async function outcome(ctx: ToolContext, event: SessionEvent | undefined, waitedMs: number): Promise<unknown> {
  if (ctx.signal.aborted) throw new Error('Cancelled.');
  if (!event) return { state: 'running', note: `Still running after ${Math.round(waitedMs / 1000)} s: it has not stopped again.` };
  if (event.kind === 'ended') return { state: 'ended', note: 'The debug session ended: the program finished or was stopped.' };
  return describeStop(ctx, event.stop);
}

export async function continueProgram(ctx: ToolContext, call: Call<'debugger_continue'>): Promise<unknown> {
  const waitMs = call.timeoutSeconds * 1000;
  const stop = ctx.tracker.stops(ctx.target.session.id)[0];
  const next = nextEvent(ctx, waitMs);
  // Already running: just wait for its next stop.
  if (stop) await request(ctx.target.session, 'continue', { threadId: stop.threadId });
  return outcome(ctx, await next, waitMs);
}

const STEPS = { over: 'next', into: 'stepIn', out: 'stepOut' } as const;

export async function step(ctx: ToolContext, call: Call<'debugger_step'>): Promise<unknown> {
  const threadId = stoppedThread(ctx);
  const next = nextEvent(ctx, STEP_TIMEOUT_MS);
  await request(ctx.target.session, STEPS[call.kind], { threadId });
  return outcome(ctx, await next, STEP_TIMEOUT_MS);
}
