// Parts as Gemini sends them: text, thought summaries, function calls, code, signatures, and
// kinds added later. They are kept exactly (a signature must go back on the part it came with);
// the view, the budget and the summary read only the text. Pure functions over plain JSON.
import type { Content, Part, UsageMetadata } from './types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fields that say something about a part but are not its data. */
const ANNOTATIONS = new Set(['text', 'thought', 'thoughtSignature']);

/**
 * A part worth keeping: a JSON object whose `text`, if any, is a string, and that carries data:
 * non-empty text, a signature (Gemini sends it on an empty text part too), or any other field
 * (functionCall, executableCode, inlineData, a kind we do not know yet). `{ text: "" }` is not.
 */
export function isPart(value: unknown): value is Part {
  if (!isRecord(value)) return false;
  if (value.text !== undefined && typeof value.text !== 'string') return false;
  if (typeof value.text === 'string' && value.text.length > 0) return true;
  if (typeof value.thoughtSignature === 'string' && value.thoughtSignature.length > 0) return true;
  return Object.keys(value).some((key) => !ANNOTATIONS.has(key) && hasData(value[key]));
}

/** A field's value that says something: not null, and not an empty object, list or string. */
function hasData(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return !isRecord(value) || Object.keys(value).length > 0;
}

/** A deep copy that is plain JSON (what storage and the wire can carry). */
export function clonePart(part: Part): Part {
  // Most parts are text alone: copied without a JSON round trip.
  if (typeof part.text === 'string' && Object.keys(part).length === 1) return { text: part.text };
  return JSON.parse(JSON.stringify(part)) as Part;
}

export function cloneContent(content: Content): Content {
  return { role: content.role, parts: content.parts.map(clonePart) };
}

/** Deep equality of JSON values (key order does not matter). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a).filter((k) => a[k] !== undefined);
  return keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length && keys.every((k) => sameJson(a[k], b[k]));
}

const isThought = (part: Part) => part.thought === true;
const hasText = (part: Part): part is Part & { text: string } => typeof part.text === 'string' && part.text.length > 0;

/** Text only (no other field at all): pieces of it that arrive in a stream are joined. */
function isBareText(part: Part): boolean {
  return hasText(part) && Object.keys(part).every((key) => key === 'text' || key === 'thought');
}

/**
 * Adds one streamed chunk's parts to `parts`, the answer being built (changed in place: a long
 * answer arrives in thousands of chunks). Text that streams in pieces is joined into one part
 * (as a non-streamed answer holds it); every other part (a function call, a part with a
 * signature) is kept as it came. Invalid parts (`{ text: "" }`, non-objects) are dropped.
 */
export function appendStreamedParts(parts: Part[], incoming: readonly unknown[]): void {
  for (const value of incoming) {
    if (!isPart(value)) continue;
    const part = clonePart(value);
    const last = parts[parts.length - 1];
    if (last && isBareText(last) && isBareText(part) && isThought(last) === isThought(part)) last.text += part.text!;
    else parts.push(part);
  }
}

/** The answer's words: text parts that are not thoughts. */
export function answerText(parts: readonly Part[]): string {
  return parts
    .filter((p) => hasText(p) && !isThought(p))
    .map((p) => p.text)
    .join('');
}

/** Gemini's thought summaries, joined; empty when there are none. */
export function thoughtText(parts: readonly Part[]): string {
  return parts
    .filter((p) => hasText(p) && isThought(p))
    .map((p) => p.text)
    .join('');
}

/** What the user reads of a turn: a model turn's answer text; a user turn's messages, a paragraph each. */
export function textOf(content: Content): string {
  if (content.role === 'model') return answerText(content.parts);
  return content.parts
    .filter(hasText)
    .map((p) => p.text)
    .join('\n\n');
}

/** Every text the turn sends, thoughts included (for the token estimate). */
export function sentText(content: Content): string {
  return content.parts
    .filter(hasText)
    .map((p) => p.text)
    .join('');
}

/** Parts that are neither text nor a bare signature: function calls, code, data. */
export function dataParts(parts: readonly Part[]): Part[] {
  return parts.filter((p) => Object.keys(p).some((key) => !ANNOTATIONS.has(key)));
}

/** True when the parts hold something beyond thoughts: answer text, a function call, code, data. */
export function hasAnswer(parts: readonly Part[]): boolean {
  return answerText(parts).length > 0 || dataParts(parts).length > 0;
}

/** Gemini's usageMetadata with only its top-level numbers (the per-modality lists are dropped). */
export function usageNumbers(value: unknown): UsageMetadata | undefined {
  if (!isRecord(value)) return undefined;
  const usage: UsageMetadata = {};
  for (const [key, count] of Object.entries(value)) if (typeof count === 'number' && Number.isFinite(count)) usage[key] = count;
  return Object.keys(usage).length > 0 ? usage : undefined;
}
