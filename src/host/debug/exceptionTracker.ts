// Watches every debug session's protocol messages (a DebugAdapterTracker for '*') and remembers
// where each session stopped. A stop with reason 'exception' sets the context key that shows
// the debug toolbar entry, and offers "Ask Gemini about this exception" in a notification.
// The stop is forgotten when the thread runs again or the session ends.
import * as vscode from 'vscode';
import { exceptionFromOutput, exceptionHeadline } from '../../core/context/debugContext';
import { COMMANDS, STOPPED_ON_EXCEPTION_KEY } from '../ids';
import { request, type DebugProtocol } from './dap';

export const ASK_ABOUT_EXCEPTION_ACTION = 'Ask Gemini about this exception';

/** What a `stopped` event said. */
export interface Stop {
  threadId: number;
  reason: string;
  description?: string;
  text?: string;
  /** Increases with every stop, so an old notification can tell that its stop is over. */
  seq: number;
}

export interface TrackedSession {
  session: vscode.DebugSession;
  /** From the adapter's `initialize` response. */
  capabilities: Pick<DebugProtocol.Capabilities, 'supportsExceptionInfoRequest'>;
  /** Current stops by thread id (thread 0 is valid). */
  stops: Map<number, Stop>;
  /** What the program printed (stdout, stderr, the debug console), a line an entry, oldest first: read it with lastOutput(). */
  output: string[];
}

/** Lines of program output kept per session. */
const OUTPUT_LINES = 1_000;

/** What happened to a session: it stopped (a new stop), or it ended. */
export type SessionEvent = { kind: 'stopped'; sessionId: string; stop: Stop } | { kind: 'ended'; sessionId: string };

export interface ExceptionStopRef {
  tracked: TrackedSession;
  stop: Stop;
}

/** Requests after which the thread (or every thread) runs again. */
const RESUMING = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'restartFrame', 'goto', 'restart']);

/** A protocol message as the tracker sees it: any of the three kinds, its fields read with care (adapters vary). */
interface DapMessage {
  type?: DebugProtocol.ProtocolMessage['type'];
  command?: string;
  event?: string;
  success?: boolean;
  arguments?: Partial<DebugProtocol.ContinueArguments>;
  body?: unknown;
}

/**
 * The stop's reason. LLDB reports every signal as an exception, the SIGSTOP of `stopOnEntry`
 * too: that one is a pause, not an exception, and never alarms anyone.
 */
function reasonOf(body: Partial<DebugProtocol.StoppedEvent['body']>): string {
  const reason = typeof body.reason === 'string' ? body.reason : '';
  if (reason === 'exception' && /^signal SIGSTOP\b/i.test(body.description ?? body.text ?? '')) return 'pause';
  return reason;
}

/** Appends printed text to `lines`, whose last entry is the line being printed (possibly empty), keeping the last OUTPUT_LINES. */
function addOutput(lines: string[], text: string): void {
  const [first, ...rest] = text.split(/\r?\n/);
  if (lines.length === 0) lines.push('');
  lines[lines.length - 1] += first ?? '';
  lines.push(...rest);
  if (lines.length > OUTPUT_LINES + 1) lines.splice(0, lines.length - OUTPUT_LINES - 1);
}

/** The last `count` lines a session's program printed (the line being printed included when it is not empty). */
export function lastOutput(tracked: TrackedSession, count: number): string[] {
  const lines = tracked.output.at(-1) === '' ? tracked.output.slice(0, -1) : tracked.output;
  return lines.slice(-count);
}

export class ExceptionTracker implements vscode.Disposable {
  private readonly sessions = new Map<string, TrackedSession>();
  private readonly disposables: vscode.Disposable[] = [];
  private seq = 0;
  private contextValue: boolean | undefined;
  /** Last headline notified per session, to keep a loop of identical exceptions quiet. */
  private readonly notified = new Map<string, { headline: string; at: number }>();
  private readonly events = new vscode.EventEmitter<SessionEvent>();
  /** Fires when a session stops or ends. */
  readonly onDidChangeSession = this.events.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (session) => this.track(session),
      }),
      vscode.debug.onDidTerminateDebugSession((session) => this.forget(session.id)),
      vscode.debug.onDidChangeActiveDebugSession(() => this.updateContext()),
      vscode.debug.onDidChangeActiveStackItem(() => this.updateContext()),
    );
    this.updateContext();
  }

  /** Every session seen (started since activation) that has not ended, the newest last. */
  get tracked(): TrackedSession[] {
    return [...this.sessions.values()];
  }

  /** A session seen by the tracker (every session started since activation). */
  session(id: string | undefined): TrackedSession | undefined {
    return id === undefined ? undefined : this.sessions.get(id);
  }

  /** The threads of a session stopped now, the latest stop first. */
  stops(sessionId: string | undefined): Stop[] {
    return [...(this.session(sessionId)?.stops.values() ?? [])].sort((a, b) => b.seq - a.seq);
  }

  /**
   * The exception stop to ask about: in `sessionId` when given, else in the active session,
   * else the most recent one. With `threadId`, only that thread's.
   */
  exceptionStop(sessionId?: string, threadId?: number): ExceptionStopRef | undefined {
    const candidates =
      sessionId !== undefined ? [this.sessions.get(sessionId)] : [this.sessions.get(vscode.debug.activeDebugSession?.id ?? ''), ...[...this.sessions.values()].reverse()];
    for (const tracked of candidates) {
      if (!tracked) continue;
      const latest = this.stops(tracked.session.id).find((s) => s.reason === 'exception' && (threadId === undefined || s.threadId === threadId));
      if (latest) return { tracked, stop: latest };
    }
    return undefined;
  }

  /** Whether the stop `seq` of that session is still current. */
  isCurrent(sessionId: string, seq: number): boolean {
    return this.stops(sessionId).some((s) => s.seq === seq);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.events.dispose();
    this.sessions.clear();
    void vscode.commands.executeCommand('setContext', STOPPED_ON_EXCEPTION_KEY, false);
  }

  private track(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    const tracked: TrackedSession = { session, capabilities: {}, stops: new Map(), output: [] };
    this.sessions.set(session.id, tracked);
    return {
      onWillReceiveMessage: (message: DapMessage) => {
        if (message.type !== 'request' || !message.command || !RESUMING.has(message.command)) return;
        const threadId = typeof message.arguments?.threadId === 'number' ? message.arguments.threadId : undefined;
        if (message.command === 'continue' && message.arguments?.singleThread !== true) this.resume(tracked);
        else this.resume(tracked, threadId);
      },
      onDidSendMessage: (message: DapMessage) => this.onMessage(tracked, message),
      onWillStopSession: () => this.forget(session.id),
      onExit: () => this.forget(session.id),
    };
  }

  private onMessage(tracked: TrackedSession, message: DapMessage): void {
    if (message.type === 'response' && message.command === 'initialize' && message.success) {
      const capabilities = (message.body ?? {}) as DebugProtocol.Capabilities;
      tracked.capabilities = { supportsExceptionInfoRequest: capabilities.supportsExceptionInfoRequest === true };
      return;
    }
    if (message.type !== 'event') return;
    switch (message.event) {
      case 'stopped': {
        const body = (message.body ?? {}) as Partial<DebugProtocol.StoppedEvent['body']>;
        const threadId = typeof body.threadId === 'number' ? body.threadId : 0;
        const stop: Stop = {
          threadId,
          reason: reasonOf(body),
          seq: ++this.seq,
          ...(typeof body.description === 'string' ? { description: body.description } : {}),
          ...(typeof body.text === 'string' ? { text: body.text } : {}),
        };
        if (body.allThreadsStopped === true) tracked.stops.clear();
        tracked.stops.set(threadId, stop);
        this.updateContext();
        this.events.fire({ kind: 'stopped', sessionId: tracked.session.id, stop });
        if (stop.reason === 'exception') void this.notify(tracked, stop);
        break;
      }
      case 'continued': {
        const body = (message.body ?? {}) as Partial<DebugProtocol.ContinuedEvent['body']>;
        this.resume(tracked, body.allThreadsContinued === true || typeof body.threadId !== 'number' ? undefined : body.threadId);
        break;
      }
      case 'output': {
        const body = (message.body ?? {}) as Partial<DebugProtocol.OutputEvent['body']>;
        if (typeof body.output === 'string' && body.category !== 'telemetry') addOutput(tracked.output, body.output);
        break;
      }
      case 'terminated':
      case 'exited':
        this.forget(tracked.session.id);
        break;
    }
  }

  private resume(tracked: TrackedSession, threadId?: number): void {
    if (threadId === undefined) tracked.stops.clear();
    else tracked.stops.delete(threadId);
    this.updateContext();
  }

  private forget(sessionId: string): void {
    if (!this.sessions.delete(sessionId)) return;
    this.notified.delete(sessionId);
    this.updateContext();
    this.events.fire({ kind: 'ended', sessionId });
  }

  private updateContext(): void {
    const active = vscode.debug.activeDebugSession;
    const tracked = active ? this.sessions.get(active.id) : undefined;
    const value = tracked
      ? [...tracked.stops.values()].some((s) => s.reason === 'exception')
      : !active && [...this.sessions.values()].some((t) => [...t.stops.values()].some((s) => s.reason === 'exception'));
    if (value === this.contextValue) return;
    this.contextValue = value;
    void vscode.commands.executeCommand('setContext', STOPPED_ON_EXCEPTION_KEY, value);
  }

  /** "Stopped on an exception: TypeError: …" with the action that asks Gemini. Never awaited by the tracker. */
  private async notify(tracked: TrackedSession, stop: Stop): Promise<void> {
    const session = tracked.session;
    // The stop's description ("Paused on exception") says nothing the message does not.
    let headline: string | undefined = stop.text?.trim() ? exceptionHeadline({ stopText: stop.text }) : undefined;
    if (tracked.capabilities.supportsExceptionInfoRequest) {
      try {
        const info = await request(session, 'exceptionInfo', { threadId: stop.threadId }, 1500);
        const printed = /^signal SIG/i.test(info?.description ?? '') ? exceptionFromOutput(lastOutput(tracked, 40)) : undefined;
        const fromInfo = exceptionHeadline({ exception: printed ?? { id: info?.exceptionId, description: info?.description ?? info?.details?.message }, stopText: stop.text });
        if (fromInfo !== 'Exception') headline = fromInfo;
      } catch (error) {
        this.log.debug(`exceptionInfo for the notification failed: ${(error as Error).message}`);
      }
    }
    if (!this.isCurrent(session.id, stop.seq)) return;
    const last = this.notified.get(session.id);
    const key = headline ?? '';
    if (last && last.headline === key && Date.now() - last.at < 30_000) return;
    this.notified.set(session.id, { headline: key, at: Date.now() });
    const message = headline ? `Stopped on an exception: ${headline}` : 'Stopped on an exception.';
    const choice = await vscode.window.showInformationMessage(message, ASK_ABOUT_EXCEPTION_ACTION);
    if (choice === ASK_ABOUT_EXCEPTION_ACTION) {
      await vscode.commands.executeCommand(COMMANDS.askAboutException, { sessionId: session.id, threadId: stop.threadId, seq: stop.seq });
    }
  }
}
