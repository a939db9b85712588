// The debugger tools Gemini calls, run against a debug session over DAP (any debugger) and
// through VS Code's breakpoint API (so breakpoints show in the editor and the Breakpoints view).
// Consent, argument checks, bounds and redaction are the core's; this file only reads and drives
// the debugger, and says plainly when there is no session, the program runs, or it ended.
import * as vscode from 'vscode';
import { languageOfDebugType } from '../../core/tools/sideEffects';
import type { DebuggerTools, ToolsAvailable } from '../../core/ports';
import type { ToolCall } from '../../core/tools/toolArgs';
import { declarationsFor, type ToolsMode } from '../../core/tools/toolSpecs';
import { DEBUGGER_TOOL_RAN_KEY } from '../ids';
import { continueProgram, removeBreakpoint, setBreakpoint, step } from './toolControls';
import { evaluate, programOutput, sourceLines, stack, state, variables } from './toolReads';
import type { ExceptionTracker, TrackedSession } from './exceptionTracker';

export class HostDebuggerTools implements DebuggerTools {
  constructor(
    private readonly tracker: ExceptionTracker,
    private readonly mode: () => ToolsMode,
  ) {}

  available(): ToolsAvailable | undefined {
    const target = this.target();
    if (!target) return undefined;
    const mode = this.mode();
    return { declarations: declarationsFor(mode), mode, language: languageOfDebugType(target.session.type) };
  }

  async run(call: ToolCall, signal: AbortSignal): Promise<unknown> {
    const target = this.target();
    if (!target) throw new Error('There is no debug session any more: it ended.');
    void vscode.commands.executeCommand('setContext', DEBUGGER_TOOL_RAN_KEY, true);
    const context = { tracker: this.tracker, target, signal };
    switch (call.name) {
      case 'debugger_state':
        return state(context);
      case 'debugger_stack':
        return stack(context, call);
      case 'debugger_variables':
        return variables(context, call);
      case 'debugger_evaluate':
        return evaluate(context, call);
      case 'debugger_source':
        return sourceLines(call);
      case 'debugger_output':
        return programOutput(context, call);
      case 'debugger_set_breakpoint':
        return setBreakpoint(context, call);
      case 'debugger_remove_breakpoint':
        return removeBreakpoint(call);
      case 'debugger_continue':
        return continueProgram(context, call);
      case 'debugger_step':
        return step(context, call);
    }
  }

  /**
   * The session the tools act on: the active one when it is stopped, else the newest stopped one
   * (js-debug stops in a child session), else the active one, else the newest.
   */
  private target(): TrackedSession | undefined {
    const sessions = this.tracker.tracked;
    const active = sessions.find((t) => t.session.id === vscode.debug.activeDebugSession?.id);
    if (active && active.stops.size > 0) return active;
    return [...sessions].reverse().find((t) => t.stops.size > 0) ?? active ?? sessions.at(-1);
  }
}

/** What every tool gets: the tracker (stops, output, events), the session it acts on, and Stop. */
export interface ToolContext {
  tracker: ExceptionTracker;
  target: TrackedSession;
  signal: AbortSignal;
}
