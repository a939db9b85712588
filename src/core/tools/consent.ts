// Who decides that a call may run: reads run at once; anything that changes the program (a
// control tool, an expression that may have side effects) waits for the user in `ask` mode and
// never runs in `readOnly` mode. The decision is made here, in code, from the call alone: what a
// tool returned (the program's data) can never make a call run without consent.
import { sideEffectOf, type ScreenLanguage } from './sideEffects';
import type { ToolCall } from './toolArgs';
import { isControlTool, type ToolsMode } from './toolSpecs';

export type Consent =
  /** Runs without asking. */
  | { kind: 'free' }
  /** Runs once the user allows it; `reason` says what it would do. */
  | { kind: 'ask'; reason: string }
  /** Never runs in this mode. */
  | { kind: 'refused'; reason: string };

/** What a call would do to the program, in a few words for the consent prompt. */
function effectOf(call: ToolCall, language: ScreenLanguage): string | undefined {
  switch (call.name) {
    case 'debugger_set_breakpoint':
      return `sets a ${call.logMessage ? 'logpoint' : call.condition ? 'conditional breakpoint' : 'breakpoint'} at ${call.path}:${call.line}`;
    case 'debugger_remove_breakpoint':
      return `removes the breakpoint at ${call.path}:${call.line}`;
    case 'debugger_continue':
      return 'resumes the program';
    case 'debugger_step':
      return `steps ${call.kind}`;
    case 'debugger_evaluate': {
      const effect = sideEffectOf(call.expression, language);
      return effect ? `evaluates an expression that may change the program (${effect})` : undefined;
    }
    default:
      return undefined;
  }
}

export function consentFor(call: ToolCall, mode: ToolsMode, language: ScreenLanguage): Consent {
  const effect = effectOf(call, language);
  if (!effect) return mode === 'off' ? { kind: 'refused', reason: 'the debugger tools are turned off (geminiAssistant.debuggerTools)' } : { kind: 'free' };
  if (mode !== 'ask') {
    const why = isControlTool(call.name) ? 'this tool changes the program' : 'this expression may change the program';
    return { kind: 'refused', reason: `${why}, and geminiAssistant.debuggerTools is "${mode}"` };
  }
  return { kind: 'ask', reason: effect };
}
