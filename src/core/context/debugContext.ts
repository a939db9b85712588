// What the debugger shows, as user turns for Gemini: an exception stop, a variable, a stack frame.
// Pure functions over plain data that the host read through the Debug Adapter Protocol; every
// list, depth and string is bounded here, and secret-looking values are redacted here, so what
// is sent is decided (and unit-tested) in one place.
import type { UserMessage } from '../types';
import { contextMessage, oneLine } from './cards';
import { codeSpan, fenced } from './prompts';
import { isSecretName, REDACTED, redactSecretsInText } from './redaction';

export interface DebugBounds {
  /** Levels of variables shown: 1 = the variables only, 2 = with their children. */
  depth: number;
  /** Variables (or children) shown per level. */
  count: number;
  /** Characters of one value. */
  valueLength: number;
  /** Variable lines in all (all scopes and levels together). */
  variableLines: number;
  /** Stack frames. */
  frames: number;
  /** Source lines shown above and below a frame's line. */
  sourceContext: number;
  /** Characters of one source line. */
  lineLength: number;
  /** Lines of the exception's own stack trace. */
  stackTraceLines: number;
}

export const DEBUG_BOUNDS: Readonly<DebugBounds> = {
  depth: 2,
  count: 20,
  valueLength: 200,
  variableLines: 80,
  frames: 5,
  sourceContext: 3,
  lineLength: 200,
  stackTraceLines: 10,
};

export interface VariableInfo {
  name: string;
  value: string;
  type?: string;
  /** Children read from the debugger (undefined: not expandable, or not read). */
  children?: VariableInfo[];
  /** Children that exist but were not read. */
  omittedChildren?: number;
}

export interface ScopeInfo {
  /** As the debugger names it: "Local: orderTotal", "Locals", "Block"… */
  name: string;
  variables: VariableInfo[];
  omitted?: number;
}

export interface SourceExcerpt {
  /** 1-based number of lines[0]. */
  startLine: number;
  lines: string[];
}

export interface FrameInfo {
  name: string;
  /** Workspace-relative when inside the workspace. */
  path?: string;
  /** 1-based; 0 or undefined when unknown. */
  line?: number;
  column?: number;
  /** Language id for the code fence (javascript, python…). */
  languageId?: string;
  /** Lines around `line`, when the source was readable. */
  source?: SourceExcerpt;
}

/** DAP `exceptionInfo`, when the debugger supports it. */
export interface ExceptionDetails {
  id?: string;
  description?: string;
  typeName?: string;
  message?: string;
  stackTrace?: string;
}

export interface ExceptionStop {
  /** The debug session's type (pwa-node, python, cppdbg…). */
  debugType: string;
  /** The `stopped` event's description ("Paused on exception") and text (often the exception's name). */
  stopDescription?: string;
  stopText?: string;
  exception?: ExceptionDetails;
  /** Top frames of the stopped thread, from the first one in the workspace. */
  frames: FrameInfo[];
  /** Frames of system code above the first frame in the workspace, left out (an uncaught C++ exception stops in abort). */
  systemFrames?: number;
  /** The thread has more frames than `frames`. */
  moreFrames?: boolean;
  /** Local scopes of the top frame. */
  scopes: ScopeInfo[];
}

export const DEFAULT_EXCEPTION_QUESTION = 'Explain why this exception happens and how to fix it.';
export const DEFAULT_VARIABLE_QUESTION = 'Explain this value: is it what the code expects at this point? If not, why not?';
export const DEFAULT_FRAME_QUESTION = 'Explain what this code is doing at this point and whether anything here looks wrong.';

/** A value on one line, at most `max` characters; a longer one says how long it was. */
export function boundValue(value: string, max: number): string {
  const line = value.replace(/\r?\n/g, '\\n');
  return line.length > max ? `${line.slice(0, max)}\u2026 (${line.length} chars)` : line;
}

/**
 * A frame name (or a type) short enough to read: C++ names (LLDB) run to hundreds of characters of template
 * arguments. Past `max`, template arguments are folded (innermost first), then parameter lists.
 */
export function shortFrameName(name: string, max = 120): string {
  let short = name;
  // Folded arguments are marked with ‹…› while folding, so that each pass folds one level.
  for (let pass = 0; short.length > max && /<[^<>]*>/.test(short) && pass < 20; pass++) short = short.replace(/<[^<>]*>/g, '\u2039\u2026\u203a');
  for (let pass = 0; short.length > max && /\([^()]+\)/.test(short) && pass < 20; pass++) short = short.replace(/\([^()]+\)/g, '(\u2026)');
  short = short.replace(/\u2039\u2026\u203a/g, '<\u2026>');
  return short.length > max ? `${short.slice(0, max - 1)}\u2026` : short;
}

/** Replaces absolute paths under the workspace folders by workspace-relative ones (in stack traces). */
export function shortenPaths(text: string, roots: readonly string[]): string {
  let result = text;
  for (const root of [...roots].sort((a, b) => b.length - a.length)) {
    const base = root.replace(/[\\/]+$/, '');
    if (!base) continue;
    for (const prefix of [`file://${base}/`, `${base}/`, `${base}\\`]) result = result.split(prefix).join('');
  }
  return result;
}

/** `crash.js:13:29`, or the frame's name alone when the debugger gave no source. */
export function frameLocation(frame: FrameInfo): string | undefined {
  if (!frame.path) return undefined;
  if (!frame.line) return frame.path;
  return frame.column ? `${frame.path}:${frame.line}:${frame.column}` : `${frame.path}:${frame.line}`;
}

function whereStopped(frame: FrameInfo | undefined): string {
  if (!frame) return '';
  const at = frame.path ? ` at ${codeSpan(frame.path)}${frame.line ? `, line ${frame.line}` : ''}` : '';
  return ` in ${codeSpan(frame.name)}${at}`;
}

/** The frame's source lines with line numbers; the frame's own line is marked with `>`. */
export function formatSource(frame: FrameInfo, bounds: DebugBounds = DEBUG_BOUNDS): string | undefined {
  const source = frame.source;
  if (!source || source.lines.length === 0) return undefined;
  const line = frame.line ?? 0;
  const first = Math.max(source.startLine, line ? line - bounds.sourceContext : source.startLine);
  const last = Math.min(source.startLine + source.lines.length - 1, line ? line + bounds.sourceContext : source.startLine + 2 * bounds.sourceContext);
  if (last < first) return undefined;
  const width = String(last).length;
  const lines: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = boundValue(source.lines[n - source.startLine] ?? '', bounds.lineLength).replace(/\s+$/, '');
    lines.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${text}`.replace(/\s+$/, ''));
  }
  return fenced(redactSecretsInText(lines.join('\n')), frame.languageId ?? '');
}

interface LineBudget {
  left: number;
  cut: boolean;
}

function variableLine(v: VariableInfo, indent: string, bounds: DebugBounds): string {
  const type = v.type ? `: ${v.type}` : '';
  const value = isSecretName(v.name) ? REDACTED : redactSecretsInText(boundValue(v.value, bounds.valueLength));
  return `${indent}${v.name}${type} = ${value}`;
}

function pushVariables(out: string[], vars: readonly VariableInfo[], omitted: number, level: number, indent: string, bounds: DebugBounds, budget: LineBudget): void {
  const shown = vars.slice(0, bounds.count);
  const more = vars.length - shown.length + omitted;
  for (const v of shown) {
    if (budget.left <= 0) {
      budget.cut = true;
      return;
    }
    budget.left--;
    out.push(variableLine(v, indent, bounds));
    // A secret's children are as secret as its value.
    if (level < bounds.depth && v.children && !isSecretName(v.name)) {
      pushVariables(out, v.children, v.omittedChildren ?? 0, level + 1, `${indent}  `, bounds, budget);
    }
  }
  if (more > 0 && budget.left > 0) out.push(`${indent}\u2026 ${more} more`);
}

/** Scopes and their variables as indented `name: type = value` lines, bounded and redacted. */
export function formatScopes(scopes: readonly ScopeInfo[], bounds: DebugBounds = DEBUG_BOUNDS): string {
  const out: string[] = [];
  const budget: LineBudget = { left: bounds.variableLines, cut: false };
  for (const scope of scopes) {
    if (budget.left <= 0) {
      budget.cut = true;
      break;
    }
    out.push(scope.name);
    if (scope.variables.length === 0 && !scope.omitted) out.push('  (none)');
    pushVariables(out, scope.variables, scope.omitted ?? 0, 1, '  ', bounds, budget);
  }
  if (budget.cut) out.push('\u2026 (more variables left out)');
  return out.join('\n');
}

/** One variable and its children (Variables view, Ask Gemini about this value). */
export function formatVariable(variable: VariableInfo, bounds: DebugBounds = DEBUG_BOUNDS): string {
  const out: string[] = [];
  const budget: LineBudget = { left: bounds.variableLines, cut: false };
  pushVariables(out, [variable], 0, 1, '', bounds, budget);
  if (budget.cut) out.push('\u2026 (more left out)');
  return out.join('\n');
}

/**
 * The exception as the program printed it, for debuggers that do not say (LLDB on an uncaught C++
 * exception stops on SIGABRT; the runtime prints `terminate called after throwing an instance of
 * 'std::runtime_error'` and `what():  …`). Undefined when the output holds no such lines.
 */
export function exceptionFromOutput(lines: readonly string[]): ExceptionDetails | undefined {
  const text = lines.slice(-40).join('\n');
  const thrown = /terminate called after throwing an instance of '([^']+)'/.exec(text);
  const what = /what\(\):\s+(.+)/.exec(text);
  if (!thrown && !what) return undefined;
  const typeName = thrown?.[1];
  const message = what?.[1]?.trim();
  return { ...(typeName ? { id: typeName, typeName } : {}), ...(message ? { description: message, message } : {}) };
}

/** "TypeError: Cannot read properties of undefined (reading 'price')", from what the debugger gave. */
export function exceptionHeadline(stop: Pick<ExceptionStop, 'exception' | 'stopText' | 'stopDescription'>): string {
  const e = stop.exception;
  const id = e?.id?.trim();
  const text = (e?.description ?? e?.message)?.trim();
  let headline: string | undefined;
  if (id && text) headline = text.includes(id) ? text : id.includes(text) ? id : `${id}: ${text}`;
  else headline = id || text || stop.stopText?.trim() || stop.stopDescription?.trim();
  return oneLine(redactSecretsInText((headline?.split('\n')[0] ?? '').slice(0, 1000)) || 'Exception');
}

function exceptionBlock(stop: ExceptionStop, bounds: DebugBounds): string {
  const e = stop.exception;
  const lines: string[] = [];
  if (e) {
    lines.push(exceptionHeadline(stop));
    if (e.typeName && !lines[0]!.includes(e.typeName)) lines.push(`type: ${e.typeName}`);
    if (e.message && !lines.join('\n').includes(e.message.trim())) lines.push(`message: ${e.message.trim()}`);
    const trace = (e.stackTrace ?? '').split(/\r?\n/).filter((l) => l.trim() !== '');
    for (const line of trace.slice(0, bounds.stackTraceLines)) lines.push(boundValue(line.replace(/\s+$/, ''), bounds.lineLength));
    if (trace.length > bounds.stackTraceLines) lines.push(`\u2026 ${trace.length - bounds.stackTraceLines} more lines`);
  } else {
    if (stop.stopDescription?.trim()) lines.push(stop.stopDescription.trim());
    if (stop.stopText?.trim()) {
      const text = stop.stopText.trim().split(/\r?\n/);
      for (const line of text.slice(0, bounds.stackTraceLines + 1)) lines.push(boundValue(line.replace(/\s+$/, ''), bounds.lineLength));
      if (text.length > bounds.stackTraceLines + 1) lines.push(`\u2026 ${text.length - bounds.stackTraceLines - 1} more lines`);
    }
  }
  return fenced(redactSecretsInText(lines.join('\n')), 'text');
}

function frameHeading(frame: FrameInfo): string {
  const location = frameLocation(frame);
  return `${codeSpan(frame.name)}${location ? ` at ${codeSpan(location)}` : ''}`;
}

/** Numbered frames, each with its source lines when they were readable. */
export function formatFrames(frames: readonly FrameInfo[], moreFrames: boolean, bounds: DebugBounds = DEBUG_BOUNDS): string {
  const shown = frames.slice(0, bounds.frames);
  const more = moreFrames || frames.length > shown.length;
  const heading = `Call stack (${more ? `top ${shown.length} frames; more left out` : `${shown.length} frame${shown.length === 1 ? '' : 's'}`}):`;
  const parts = [heading];
  shown.forEach((frame, i) => {
    parts.push(`${i + 1}. ${frameHeading(frame)}`);
    const source = formatSource(frame, bounds);
    if (source) parts.push(source);
  });
  return parts.join('\n\n');
}

/** The user turn for "Ask Gemini about this exception". */
export function exceptionPrompt(stop: ExceptionStop, question?: string, bounds: DebugBounds = DEBUG_BOUNDS): UserMessage {
  const top = stop.frames[0];
  const skipped = stop.systemFrames ? ` (the ${stop.systemFrames} frame${stop.systemFrames === 1 ? '' : 's'} above it, outside the workspace, are left out)` : '';
  const sections = [
    `The debugger (${stop.debugType}) stopped on this exception${whereStopped(top)}${skipped}.`,
    stop.exception ? `Exception:\n${exceptionBlock(stop, bounds)}` : `The debugger gives no exception details; its stop said:\n${exceptionBlock(stop, bounds)}`,
  ];
  if (stop.frames.length > 0) sections.push(formatFrames(stop.frames, stop.moreFrames === true, bounds));
  if (stop.scopes.length > 0) sections.push(`Local variables${top ? ` of ${codeSpan(top.name)}` : ''}:\n${fenced(formatScopes(stop.scopes, bounds), 'text')}`);
  return contextMessage('exception', exceptionHeadline(stop), sections, question?.trim() || DEFAULT_EXCEPTION_QUESTION);
}

export interface VariableContext {
  debugType: string;
  /** `evaluateName` when the debugger gave one (order.items), else the name. */
  variable: VariableInfo;
  /** The frame the value belongs to, when known. */
  frame?: FrameInfo;
}

/** The user turn for "Ask Gemini about this value" (Variables view). */
export function variablePrompt(context: VariableContext, question?: string, bounds: DebugBounds = DEBUG_BOUNDS): UserMessage {
  const { variable, frame } = context;
  const value = isSecretName(variable.name) ? REDACTED : redactSecretsInText(variable.value);
  const sections = [`A value in the debugger (${context.debugType})${frame ? `, stopped${whereStopped(frame)}` : ''}:`, fenced(formatVariable(variable, bounds), 'text')];
  const source = frame && formatSource(frame, bounds);
  if (source) sections.push(`The code there:\n${source}`);
  return contextMessage('variable', `${variable.name} = ${value}`, sections, question?.trim() || DEFAULT_VARIABLE_QUESTION);
}

export interface FrameContext {
  debugType: string;
  frame: FrameInfo;
  /** 0 for the top frame. */
  index: number;
  /** The frames below it (its callers), nearest first. */
  callers: FrameInfo[];
  moreCallers?: boolean;
  scopes: ScopeInfo[];
}

/** The user turn for "Ask Gemini about this frame" (Call Stack view). */
export function framePrompt(context: FrameContext, question?: string, bounds: DebugBounds = DEBUG_BOUNDS): UserMessage {
  const { frame } = context;
  const location = frame.path ? `${frame.path}${frame.line ? `:${frame.line}` : ''}` : undefined;
  const sections = [`Stack frame ${context.index + 1} of the stopped thread in the debugger (${context.debugType}): ${frameHeading(frame)}.`];
  const source = formatSource(frame, bounds);
  if (source) sections.push(source);
  const callers = context.callers.slice(0, Math.max(0, bounds.frames - 1));
  if (callers.length > 0) {
    const more = context.moreCallers || context.callers.length > callers.length ? '\n- \u2026' : '';
    sections.push(`Called from:\n${callers.map((f) => `- ${frameHeading(f)}`).join('\n')}${more}`);
  }
  if (context.scopes.length > 0) sections.push(`Local variables of ${codeSpan(frame.name)}:\n${fenced(formatScopes(context.scopes, bounds), 'text')}`);
  return contextMessage('frame', location ? `${frame.name} (${location})` : frame.name, sections, question?.trim() || DEFAULT_FRAME_QUESTION);
}

const LANGUAGES: Record<string, string> = {
  js: 'javascript',
  cjs: 'javascript',
  mjs: 'javascript',
  jsx: 'javascriptreact',
  ts: 'typescript',
  cts: 'typescript',
  mts: 'typescript',
  tsx: 'typescriptreact',
  py: 'python',
  rb: 'ruby',
  go: 'go',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  cs: 'csharp',
  fs: 'fsharp',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  php: 'php',
  swift: 'swift',
  dart: 'dart',
  lua: 'lua',
  sh: 'shellscript',
  ps1: 'powershell',
  scala: 'scala',
  ex: 'elixir',
  exs: 'elixir',
  erl: 'erlang',
  hs: 'haskell',
  r: 'r',
  jl: 'julia',
  pl: 'perl',
};

/** A language id for a code fence, from the file's extension ('' when unknown). */
export function languageIdForPath(path: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return (ext && LANGUAGES[ext]) || '';
}
