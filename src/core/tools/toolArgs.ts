// The arguments Gemini sends with a call, checked against each tool's parameters and bounded.
// A call that does not fit is answered with what is wrong, so Gemini can correct it.
import { isToolName, type ToolName } from './toolSpecs';

export type StepKind = 'over' | 'into' | 'out';

export type ToolCall =
  | { name: 'debugger_state' }
  | { name: 'debugger_stack'; thread?: number; start: number; count: number }
  | { name: 'debugger_variables'; frame: number; path?: string[]; start: number; count: number }
  | { name: 'debugger_evaluate'; expression: string; frame: number }
  | { name: 'debugger_source'; path: string; line: number; before: number; after: number }
  | { name: 'debugger_output'; lines: number }
  | { name: 'debugger_set_breakpoint'; path: string; line: number; condition?: string; logMessage?: string }
  | { name: 'debugger_remove_breakpoint'; path: string; line: number }
  | { name: 'debugger_continue'; timeoutSeconds: number }
  | { name: 'debugger_step'; kind: StepKind };

export const TOOL_BOUNDS = {
  stackFrames: 20,
  variables: 50,
  sourceLines: 200,
  outputLines: 200,
  continueSeconds: 300,
  expressionLength: 2_000,
} as const;

class ArgumentError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the arguments of one tool, one field at a time. */
class Args {
  constructor(private readonly args: Record<string, unknown>) {}

  integer(key: string, fallback: number, min: number, max: number): number;
  integer(key: string, fallback: undefined, min: number, max: number): number | undefined;
  integer(key: string, fallback: number | undefined, min: number, max: number): number | undefined {
    const value = this.args[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new ArgumentError(`"${key}" must be a whole number`);
    if (value < min) throw new ArgumentError(`"${key}" must be at least ${min}`);
    return Math.min(value, max);
  }

  required(key: string): number {
    const value = this.integer(key, undefined, 1, Number.MAX_SAFE_INTEGER);
    if (value === undefined) throw new ArgumentError(`"${key}" is required`);
    return value;
  }

  text(key: string, max = 10_000): string | undefined {
    const value = this.args[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new ArgumentError(`"${key}" must be a string`);
    if (value.length > max) throw new ArgumentError(`"${key}" is longer than ${max} characters`);
    return value;
  }

  requiredText(key: string, max?: number): string {
    const value = this.text(key, max)?.trim();
    if (!value) throw new ArgumentError(`"${key}" is required`);
    return value;
  }

  strings(key: string): string[] | undefined {
    const value = this.args[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0) || value.length > 20) {
      throw new ArgumentError(`"${key}" must be a list of names (scope first)`);
    }
    return value as string[];
  }
}

/** The call, checked and bounded, or why it cannot run. */
export function parseToolCall(name: unknown, rawArgs: unknown): { call: ToolCall } | { error: string } {
  if (!isToolName(name)) return { error: `There is no tool named ${JSON.stringify(name)}.` };
  if (rawArgs !== undefined && rawArgs !== null && !isRecord(rawArgs)) return { error: 'The arguments must be an object.' };
  const args = new Args(isRecord(rawArgs) ? rawArgs : {});
  try {
    return { call: read(name, args) };
  } catch (error) {
    if (error instanceof ArgumentError) return { error: `Bad arguments for ${name}: ${error.message}.` };
    throw error;
  }
}

function read(name: ToolName, a: Args): ToolCall {
  switch (name) {
    case 'debugger_state':
      return { name };
    case 'debugger_stack': {
      const thread = a.integer('thread', undefined, 0, Number.MAX_SAFE_INTEGER);
      return { name, ...(thread !== undefined ? { thread } : {}), start: a.integer('start', 0, 0, 10_000), count: a.integer('count', 10, 1, TOOL_BOUNDS.stackFrames) };
    }
    case 'debugger_variables': {
      const path = a.strings('path');
      return {
        name,
        frame: a.integer('frame', 0, 0, 10_000),
        ...(path ? { path } : {}),
        start: a.integer('start', 0, 0, 100_000),
        count: a.integer('count', 20, 1, TOOL_BOUNDS.variables),
      };
    }
    case 'debugger_evaluate':
      return { name, expression: a.requiredText('expression', TOOL_BOUNDS.expressionLength), frame: a.integer('frame', 0, 0, 10_000) };
    case 'debugger_source': {
      const before = a.integer('before', 10, 0, TOOL_BOUNDS.sourceLines);
      const after = a.integer('after', 10, 0, TOOL_BOUNDS.sourceLines - before - 1);
      return { name, path: a.requiredText('path', 1_000), line: a.required('line'), before, after: Math.max(0, after) };
    }
    case 'debugger_output':
      return { name, lines: a.integer('lines', 50, 1, TOOL_BOUNDS.outputLines) };
    case 'debugger_set_breakpoint': {
      const condition = a.text('condition', 1_000)?.trim();
      const logMessage = a.text('logMessage', 1_000)?.trim();
      return { name, path: a.requiredText('path', 1_000), line: a.required('line'), ...(condition ? { condition } : {}), ...(logMessage ? { logMessage } : {}) };
    }
    case 'debugger_remove_breakpoint':
      return { name, path: a.requiredText('path', 1_000), line: a.required('line') };
    case 'debugger_continue':
      return { name, timeoutSeconds: a.integer('timeoutSeconds', 30, 1, TOOL_BOUNDS.continueSeconds) };
    case 'debugger_step': {
      const kind = a.requiredText('kind');
      if (kind !== 'over' && kind !== 'into' && kind !== 'out') throw new ArgumentError('"kind" must be "over", "into" or "out"');
      return { name, kind };
    }
  }
}
