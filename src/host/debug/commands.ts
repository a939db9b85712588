// The debugging assistant's commands, one table registered in one loop (as ../commands.ts).
// Each reads its context (a problem, the exception stop, a variable, a frame, terminal output),
// has the core format it, and sends it as one user turn. They take no live objects from their
// callers beyond what VS Code's menus pass; tests and other commands may add `{ question }`.
import * as vscode from 'vscode';
import { DEBUG_BOUNDS, exceptionPrompt, framePrompt, variablePrompt, type FrameInfo } from '../../core/context/debugContext';
import { problemPrompt } from '../../core/context/problemContext';
import { terminalPrompt } from '../../core/context/terminalContext';
import type { ChatController } from '../chatController';
import { ASKED_ABOUT_PROBLEM_KEY, COMMANDS } from '../ids';
import { request, type DebugProtocol } from './dap';
import { frameInfo, gatherExceptionStop, readScopes, readStack, SourceReader, sourceUri, variableInfo } from './dapContext';
import { lastOutput, type ExceptionTracker } from './exceptionTracker';
import { gatherProblem, isProblemArgument } from './problemActions';
import { terminalOf, terminalSelection } from './terminalSelection';

export interface DebugCommandContext {
  chat: ChatController;
  tracker: ExceptionTracker;
  log: vscode.LogOutputChannel;
}

type Handler = (ctx: DebugCommandContext, ...args: unknown[]) => Promise<unknown>;

/** Frames searched when matching a Call Stack entry to the debugger's own frames. */
const FRAME_SEARCH_DEPTH = 100;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A `{ question }` passed by a test or another command, in any argument. */
function questionOf(args: unknown[]): string | undefined {
  for (const arg of args) if (isObject(arg) && typeof arg.question === 'string') return arg.question;
  return undefined;
}

function say(message: string): void {
  void vscode.window.showInformationMessage(message);
}

/** The session with that id (any session the tracker saw), else the active one. */
function sessionFor(tracker: ExceptionTracker, sessionId: unknown): vscode.DebugSession | undefined {
  const active = vscode.debug.activeDebugSession;
  if (typeof sessionId !== 'string') return active;
  return tracker.session(sessionId)?.session ?? (active?.id === sessionId ? active : undefined);
}

/** Where a session is stopped now: the focused frame in the UI, else the top frame of its latest stop. */
async function currentFrame(tracker: ExceptionTracker, session: vscode.DebugSession): Promise<FrameInfo | undefined> {
  const item = vscode.debug.activeStackItem;
  let threadId: number | undefined;
  let frameId: number | undefined;
  if (item && item.session.id === session.id) {
    threadId = item.threadId;
    if (item instanceof vscode.DebugStackFrame) frameId = item.frameId;
  } else {
    threadId = tracker.stops(session.id)[0]?.threadId;
  }
  if (threadId === undefined) return undefined;
  try {
    const { frames } = await readStack(session, threadId, frameId === undefined ? 1 : FRAME_SEARCH_DEPTH);
    const frame = (frameId === undefined ? undefined : frames.find((f) => f.id === frameId)) ?? frames[0];
    return frame ? await frameInfo(frame, new SourceReader()) : undefined;
  } catch {
    return undefined;
  }
}

/** What a debug/callstack/context entry passes as its second argument. */
interface CallStackContext {
  sessionId?: string;
  frameName?: string;
  frameLocation?: { range?: { startLineNumber?: number; startColumn?: number }; source?: { path?: string; name?: string } };
}

interface FrameTarget {
  /** DAP ids (from vscode.debug.activeStackItem). */
  threadId?: number;
  frameId?: number;
  /** From the Call Stack view: its ids are internal, so the frame is found by name and place. */
  name?: string;
  line?: number;
  column?: number;
  path?: string;
}

function frameMatches(f: DebugProtocol.StackFrame, target: FrameTarget): boolean {
  if (target.frameId !== undefined) return f.id === target.frameId;
  if (f.name !== target.name) return false;
  if (target.line !== undefined && f.line !== target.line) return false;
  if (target.column !== undefined && f.column !== target.column) return false;
  return target.path === undefined || samePath(f.source?.path, target.path);
}

/** Paths may come as file paths or as URIs (a remote window converts them): compare their paths. */
function samePath(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  return a === b || (sourceUri(a)?.path ?? a) === (sourceUri(b)?.path ?? b);
}

/** Finds the frame in the session's stopped threads (the latest stop first, then every thread). */
async function findFrame(
  tracker: ExceptionTracker,
  session: vscode.DebugSession,
  target: FrameTarget,
): Promise<{ frames: DebugProtocol.StackFrame[]; index: number; more: boolean } | undefined> {
  const threadIds: number[] = [];
  if (target.threadId !== undefined) threadIds.push(target.threadId);
  for (const stop of tracker.stops(session.id)) threadIds.push(stop.threadId);
  try {
    const threads = (await request(session, 'threads', undefined))?.threads ?? [];
    threadIds.push(...threads.map((t) => t.id));
  } catch {
    // The stops seen are all there is.
  }
  const tried = new Set<number>();
  for (const threadId of threadIds) {
    if (tried.has(threadId)) continue;
    tried.add(threadId);
    try {
      const { frames, more } = await readStack(session, threadId, FRAME_SEARCH_DEPTH);
      // Without a line or path to go by, a name match is enough; with them, they must match too.
      let index = frames.findIndex((f) => frameMatches(f, target));
      if (index < 0 && target.frameId === undefined && target.column !== undefined) index = frames.findIndex((f) => frameMatches(f, { ...target, column: undefined }));
      if (index >= 0) return { frames, index, more };
    } catch {
      // Not stopped, or gone: try the next thread.
    }
  }
  return undefined;
}

function frameTarget(args: unknown[]): FrameTarget | undefined {
  const context = args.find((a): a is CallStackContext => isObject(a) && typeof a.frameName === 'string');
  if (context) {
    const range = context.frameLocation?.range;
    return {
      name: context.frameName,
      ...(typeof range?.startLineNumber === 'number' ? { line: range.startLineNumber } : {}),
      ...(typeof range?.startColumn === 'number' ? { column: range.startColumn } : {}),
      ...(typeof context.frameLocation?.source?.path === 'string' ? { path: context.frameLocation.source.path } : {}),
    };
  }
  const item = vscode.debug.activeStackItem;
  if (item instanceof vscode.DebugStackFrame) return { threadId: item.threadId, frameId: item.frameId };
  return undefined;
}

const commands: Record<string, Handler> = {
  [COMMANDS.askAboutProblem]: async ({ chat }, ...args) => {
    const arg = args[0];
    if (!isProblemArgument(arg)) {
      say('Use "Ask Gemini about this problem" from the lightbulb or the Problems view on an error or warning.');
      return;
    }
    void vscode.commands.executeCommand('setContext', ASKED_ABOUT_PROBLEM_KEY, true);
    await chat.ask(problemPrompt(await gatherProblem(arg), questionOf(args)));
  },

  [COMMANDS.askAboutException]: async ({ chat, tracker }, ...args) => {
    const arg = args[0];
    const options = isObject(arg) ? arg : {};
    const sessionId = typeof arg === 'string' ? arg : typeof options.sessionId === 'string' ? options.sessionId : undefined;
    const threadId = typeof options.threadId === 'number' ? options.threadId : undefined;
    // From the notification of a stop that is over: say so rather than ask about another one.
    if (sessionId !== undefined && typeof options.seq === 'number' && !tracker.isCurrent(sessionId, options.seq)) {
      say('The debugger is no longer stopped on that exception.');
      return;
    }
    const found = tracker.exceptionStop(sessionId, threadId);
    if (!found) {
      say('The debugger is not stopped on an exception.');
      return;
    }
    const { tracked, stop } = found;
    const data = await gatherExceptionStop(tracked.session, stop, tracked.capabilities.supportsExceptionInfoRequest, lastOutput(tracked, 40));
    await chat.ask(exceptionPrompt(data, questionOf(args)), 'debugger');
  },

  [COMMANDS.askAboutVariable]: async ({ chat, tracker }, ...args) => {
    const arg = args[0];
    const variable = isObject(arg) && isObject(arg.variable) ? (arg.variable as Partial<DebugProtocol.Variable>) : undefined;
    if (!variable || typeof variable.name !== 'string') {
      say('Right-click a variable in the Variables view of a stopped debug session to ask Gemini about it.');
      return;
    }
    const session = sessionFor(tracker, (arg as Record<string, unknown>).sessionId);
    if (!session) {
      say('That debug session has ended.');
      return;
    }
    const dap: DebugProtocol.Variable = {
      name: variable.name,
      value: typeof variable.value === 'string' ? variable.value : '',
      variablesReference: typeof variable.variablesReference === 'number' ? variable.variablesReference : 0,
      ...(typeof variable.type === 'string' ? { type: variable.type } : {}),
    };
    const name = typeof variable.evaluateName === 'string' && variable.evaluateName ? variable.evaluateName : variable.name;
    const [info, frame] = await Promise.all([variableInfo(session, dap, DEBUG_BOUNDS.depth - 1, DEBUG_BOUNDS, name), currentFrame(tracker, session)]);
    await chat.ask(variablePrompt({ debugType: session.type, variable: info, ...(frame ? { frame } : {}) }, questionOf(args)), 'debugger');
  },

  [COMMANDS.askAboutFrame]: async ({ chat, tracker }, ...args) => {
    const context = args.find((a): a is { sessionId?: unknown } => isObject(a) && 'sessionId' in a);
    const session = sessionFor(tracker, context?.sessionId ?? vscode.debug.activeStackItem?.session.id);
    const target = frameTarget(args);
    if (!session || !target) {
      say('Right-click a frame in the Call Stack view of a stopped debug session to ask Gemini about it.');
      return;
    }
    const found = await findFrame(tracker, session, target);
    if (!found) {
      say('That stack frame is no longer there: the thread has run on.');
      return;
    }
    const { frames, index, more } = found;
    const reader = new SourceReader();
    const callerFrames = frames.slice(index + 1, index + DEBUG_BOUNDS.frames);
    const [frame, callers, scopes] = await Promise.all([
      frameInfo(frames[index]!, reader),
      Promise.all(callerFrames.map((f) => frameInfo(f, reader, DEBUG_BOUNDS, false))),
      readScopes(session, frames[index]!.id),
    ]);
    const moreCallers = more || frames.length > index + DEBUG_BOUNDS.frames;
    await chat.ask(framePrompt({ debugType: session.type, frame, index, callers, ...(moreCallers ? { moreCallers } : {}), scopes }, questionOf(args)), 'debugger');
  },

  [COMMANDS.askAboutTerminalSelection]: async ({ chat }, ...args) => {
    const given = args.find((a): a is { text: string; terminalName?: string } => isObject(a) && typeof a.text === 'string');
    const terminal = terminalOf(args[0]);
    const text = given?.text ?? (terminal ? await terminalSelection() : undefined);
    const prompt = text === undefined ? undefined : terminalPrompt(given?.terminalName ?? terminal?.name ?? 'terminal', text, questionOf(args));
    if (!prompt) {
      say('Select text in the terminal first, then right-click it and choose "Ask Gemini".');
      return;
    }
    await chat.ask(prompt);
  },
};

export function registerDebugCommands(ctx: DebugCommandContext): vscode.Disposable[] {
  return Object.entries(commands).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(ctx, ...args);
      } catch (error) {
        ctx.log.error(`${id} failed`, error);
        void vscode.window.showErrorMessage(`Gemini could not read the context to send: ${(error as Error).message}`);
        return undefined;
      }
    }),
  );
}
