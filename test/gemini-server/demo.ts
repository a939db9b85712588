// The demo model: what `npm start` answers with when the user has no API key. Deterministic,
// clearly labelled, and streamed slowly enough that streaming is visible.
import type { ListedModel } from './modelList';
import type { RecordedRequest, Reply } from './wire';
import { splitWords } from './wire';

/** What the demo lists for the model picker: every id answers with the demo model; the embedding model cannot chat, so the picker leaves it out. */
export const DEMO_MODELS: ListedModel[] = [
  {
    name: 'models/gemini-2.5-flash',
    displayName: 'Gemini 2.5 Flash',
    description: 'Demo: answered by the local demo model.',
    supportedGenerationMethods: ['generateContent', 'countTokens'],
  },
  {
    name: 'models/gemini-2.5-pro',
    displayName: 'Gemini 2.5 Pro',
    description: 'Demo: answered by the local demo model.',
    supportedGenerationMethods: ['generateContent', 'countTokens'],
  },
  {
    name: 'models/gemini-2.5-flash-lite',
    displayName: 'Gemini 2.5 Flash-Lite',
    description: 'Demo: answered by the local demo model.',
    supportedGenerationMethods: ['generateContent', 'countTokens'],
  },
  { name: 'models/gemini-embedding-001', displayName: 'Gemini Embedding 001', supportedGenerationMethods: ['embedContent'] },
];

const WORDS_PER_CHUNK = 5;
const CHUNK_DELAY_MS = 30;
const QUOTE_MAX = 100;

function lastUserText(req: RecordedRequest): string {
  const contents = Array.isArray(req.body.contents) ? req.body.contents : [];
  const last = [...contents].reverse().find((content) => (content?.role ?? 'user') === 'user');
  const parts = Array.isArray(last?.parts) ? last.parts : [];
  return parts.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
}

function firstLine(text: string): string {
  const line =
    text
      .split(/\r?\n/)
      .find((l) => l.trim() !== '' && !l.trim().startsWith('```'))
      ?.trim() ?? '';
  return line.length > QUOTE_MAX ? line.slice(0, QUOTE_MAX - 1) + '…' : line;
}

function snippet(language: string): string[] {
  if (/^(py|python)$/i.test(language)) {
    return ['```python', 'assert value is not None, "value should be set here"', 'print(f"value={value!r}")', '```'];
  }
  const tag = /^(ts|typescript|tsx)$/i.test(language) ? 'ts' : 'js';
  return [`\`\`\`${tag}`, "console.assert(value !== undefined, 'value should be set here');", 'console.log({ value });', '```'];
}

/** The debugger tools this request lets the demo call (none, or tool calls are off now). */
function callableTools(req: RecordedRequest): Set<string> {
  const mode = (req.body.toolConfig as { functionCallingConfig?: { mode?: string } } | undefined)?.functionCallingConfig?.mode;
  if (mode === 'NONE') return new Set();
  const declarations = (req.body.tools ?? []).flatMap((tool) => ((tool as { functionDeclarations?: { name?: unknown }[] }).functionDeclarations ?? []).map((d) => String(d.name)));
  return new Set(declarations);
}

/** One line of a debugger result for the demo's answer. */
function describe(name: string, response: Record<string, unknown>): string {
  if (response.status !== 'ok') return `- \`${name}\`: ${String(response.error ?? response.status)}`;
  const result = (response.result ?? {}) as Record<string, unknown>;
  if (name === 'debugger_state') {
    const top = result.topFrame as { name?: string; path?: string; line?: number } | undefined;
    const where = top ? ` in \`${top.name}\`${top.path ? ` at \`${top.path}:${top.line ?? '?'}\`` : ''}` : '';
    return result.state === 'stopped'
      ? `- The program is stopped (${String(result.reason)})${where}${typeof result.exception === 'string' ? `: ${result.exception}` : ''}.`
      : '- The program is running.';
  }
  if (name === 'debugger_variables') {
    const variables = (result.variables ?? []) as { name: string; value: string }[];
    return `- Its variables: ${variables.map((v) => `\`${v.name}\` = \`${v.value}\``).join(', ') || 'none'}.`;
  }
  return `- \`${name}\` answered.`;
}

/**
 * A short investigation while a debug session exists: the demo asks the debugger where the
 * program is and what its variables hold, then answers from what came back.
 */
function demoInvestigation(req: RecordedRequest): Reply | undefined {
  const last = req.body.contents.at(-1);
  const responses = (last?.parts ?? []).flatMap((p) => (p.functionResponse ? [p.functionResponse] : []));
  if (responses.length > 0) {
    const text = [
      '*Demo model (local, not Gemini)*: here is what the debugger told me.',
      '',
      ...responses.map((r) => describe(r.name, r.response)),
      '',
      'Gemini would now reason about these values. For real answers, start with `GEMINI_API_KEY` set.',
    ].join('\n');
    return { text: splitWords(text, Math.ceil(text.split(/\s+/).length / WORDS_PER_CHUNK)), chunkDelayMs: CHUNK_DELAY_MS };
  }
  const tools = callableTools(req);
  if (!tools.has('debugger_state') || !tools.has('debugger_variables')) return undefined;
  return {
    text: ['*Demo model*: let me look at the paused program first.'],
    functionCalls: [{ name: 'debugger_state' }, { name: 'debugger_variables', args: {} }],
    thoughtSignature: 'demo-signature',
  };
}

/** The demo responder: a short markdown answer that reacts to the last user message (or a short investigation while a debug session exists). */
export function demoReply(req: RecordedRequest): Reply {
  const investigation = demoInvestigation(req);
  if (investigation) return investigation;
  const message = lastUserText(req);
  const turns = Array.isArray(req.body?.contents) ? req.body.contents.length : 0;
  const earlier = turns - 1;
  const fence = /```([\w+-]*)/.exec(message);

  const lines = [
    '*Demo model (local, not Gemini)*',
    '',
    `You wrote:`,
    '',
    `> ${firstLine(message) || '(no text)'}`,
    '',
    earlier > 0
      ? `This request carried ${turns} turns: ${earlier} earlier ${earlier === 1 ? 'turn' : 'turns'} plus your message. ` + 'The whole conversation is re-sent on every request.'
      : 'This request carried 1 turn: your message starts the conversation.',
  ];
  if (fence) {
    lines.push(
      '',
      'You included code, so here is a generic debugging checklist:',
      '',
      '1. Reproduce the problem with the smallest input you can.',
      '2. Read the whole error message and stack trace, top frame first.',
      '3. Set a breakpoint just before the failing line and inspect the variables.',
      '4. Check assumptions: `null`/`undefined`, types, off-by-one bounds.',
      '',
      ...snippet(fence[1] ?? ''),
    );
  } else {
    lines.push('', 'Paste code in a fenced block to see a debugging checklist.');
  }
  lines.push('', 'For real answers, start with `GEMINI_API_KEY` set (`npm start` then talks to Gemini), or clear `geminiAssistant.apiBaseUrl` and run **Gemini: Set API Key**.');

  const text = lines.join('\n');
  const chunkCount = Math.ceil(text.split(/\s+/).length / WORDS_PER_CHUNK);
  return { text: splitWords(text, chunkCount), chunkDelayMs: CHUNK_DELAY_MS };
}
