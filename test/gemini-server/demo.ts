// The demo model: what `npm start` answers with when the user has no API key. Deterministic,
// clearly labelled, and streamed slowly enough that streaming is visible.
import type { RecordedRequest, Reply } from './wire';
import { splitWords } from './wire';

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

/** The demo responder: a short markdown answer that reacts to the last user message. */
export function demoReply(req: RecordedRequest): Reply {
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
