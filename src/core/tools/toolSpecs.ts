// The debugger tools Gemini may call: names and parameters fixed by the public interface,
// descriptions ours. Declared to Gemini through function calling while a debug session exists.

export const READ_TOOLS = ['debugger_state', 'debugger_stack', 'debugger_variables', 'debugger_evaluate', 'debugger_source', 'debugger_output'] as const;
export const CONTROL_TOOLS = ['debugger_set_breakpoint', 'debugger_remove_breakpoint', 'debugger_continue', 'debugger_step'] as const;
export const TOOL_NAMES = [...READ_TOOLS, ...CONTROL_TOOLS] as const;

export type ToolName = (typeof TOOL_NAMES)[number];

/** `geminiAssistant.debuggerTools`: ask before changing the program, only read, or no tools. */
export type ToolsMode = 'ask' | 'readOnly' | 'off';

/** A JSON schema as Gemini's function declarations take it (OpenAPI subset, lowercase types). */
export interface Schema {
  type: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: string[];
}

export interface ToolDeclaration {
  name: ToolName;
  description: string;
  parameters?: Schema;
}

const integer = (description: string): Schema => ({ type: 'integer', description });
const text = (description: string): Schema => ({ type: 'string', description });
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, ...(required.length ? { required } : {}) });

const FRAME = integer('Index into the stopped thread\u2019s stack: 0 is the top frame (default 0).');
const PATH = text('A file path, relative to the workspace folder or absolute.');

export const TOOL_DECLARATIONS: readonly ToolDeclaration[] = [
  {
    name: 'debugger_state',
    description:
      'What the debugger is doing now: the debug sessions, the active one, whether it is running or stopped, the stop reason, thread and top frame, and the exception message on an exception stop. Call this first.',
  },
  {
    name: 'debugger_stack',
    description: 'The call stack of a stopped thread, top first: index, function name, file path and line of each frame.',
    parameters: object({
      thread: integer('Thread id (default: the stopped thread).'),
      start: integer('Index of the first frame to list (default 0).'),
      count: integer('How many frames (at most 20, default 10).'),
    }),
  },
  {
    name: 'debugger_variables',
    description:
      'Variables of a stack frame. Without `path`: the first (local) scope\u2019s variables, and the names of the other scopes. With `path`: the children of the variable it names, starting with the scope name (e.g. ["Local", "order", "items"]). Each variable has a name, a value, a type and whether it has children. Values of secret-looking names are redacted.',
    parameters: object({
      frame: FRAME,
      path: { type: 'array', items: { type: 'string' }, description: 'Scope name, then variable names down to the one whose children to list.' },
      start: integer('Index of the first variable to list (default 0).'),
      count: integer('How many variables (at most 50, default 20).'),
    }),
  },
  {
    name: 'debugger_evaluate',
    description:
      'Evaluates an expression in a stack frame and returns its value and type. Prefer expressions without side effects: an expression that may change the program (assignment, call, ++, delete, new\u2026) needs the user\u2019s consent.',
    parameters: object({ expression: text('The expression, in the language of the program being debugged.'), frame: FRAME }, ['expression']),
  },
  {
    name: 'debugger_source',
    description: 'Numbered source lines of a file around a line (at most 200 lines), with secrets redacted.',
    parameters: object(
      { path: PATH, line: integer('The 1-based line to show lines around.'), before: integer('Lines before it (default 10).'), after: integer('Lines after it (default 10).') },
      ['path', 'line'],
    ),
  },
  {
    name: 'debugger_output',
    description: 'The last lines the program printed (stdout, stderr and the debug console), oldest first.',
    parameters: object({ lines: integer('How many lines (at most 200, default 50).') }),
  },
  {
    name: 'debugger_set_breakpoint',
    description:
      'Sets a breakpoint (shown in the editor and the Breakpoints view), optionally with a condition or a log message. Needs the user\u2019s consent. Returns whether the debugger verified it, and its actual line.',
    parameters: object(
      {
        path: PATH,
        line: integer('The 1-based line.'),
        condition: text('An expression: stop only when it is true.'),
        logMessage: text('Log this message instead of stopping; {expression} parts are evaluated.'),
      },
      ['path', 'line'],
    ),
  },
  {
    name: 'debugger_remove_breakpoint',
    description: 'Removes the breakpoint at a line. Needs the user\u2019s consent.',
    parameters: object({ path: PATH, line: integer('The 1-based line.') }, ['path', 'line']),
  },
  {
    name: 'debugger_continue',
    description:
      'Resumes the program and waits for its next stop (or its end, or the timeout). Needs the user\u2019s consent. Returns the stop reason, location and exception, or that it is still running or ended.',
    parameters: object({ timeoutSeconds: integer('How long to wait for the next stop (default 30, at most 300).') }),
  },
  {
    name: 'debugger_step',
    description: 'Steps the stopped thread over, into or out of the current line, and returns the new location. Needs the user\u2019s consent.',
    parameters: object({ kind: { type: 'string', enum: ['over', 'into', 'out'], description: 'over: the next line; into: into the call; out: out of the function.' } }, ['kind']),
  },
];

/** The declarations for a mode: all, the read tools only, or none. */
export function declarationsFor(mode: ToolsMode): ToolDeclaration[] {
  if (mode === 'off') return [];
  return TOOL_DECLARATIONS.filter((d) => mode === 'ask' || (READ_TOOLS as readonly string[]).includes(d.name));
}

export function isToolName(name: unknown): name is ToolName {
  return typeof name === 'string' && (TOOL_NAMES as readonly string[]).includes(name);
}

export function isControlTool(name: ToolName): boolean {
  return (CONTROL_TOOLS as readonly string[]).includes(name);
}
