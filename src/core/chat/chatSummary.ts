// Archived turns are not lost to Gemini: one extra request per archive step asks it to summarize
// them (together with the previous summary), and every request then starts with that summary.
import { oneLine } from '../context/cards';
import { textOf } from '../parts';
import type { ChatSummary, Content } from '../types';
import { callsOf, responsesOf } from './calls';

/** A turn as the summary request shows it: its text, and a line for each debugger call and result. */
function render(turn: Content): string {
  const lines: string[] = [];
  for (const response of responsesOf(turn))
    lines.push(`Debugger: ${response.functionResponse!.name} returned ${oneLine(JSON.stringify(response.functionResponse!.response), 300)}`);
  const text = textOf(turn);
  if (text) lines.push(`${turn.role === 'user' ? 'User' : 'Gemini'}: ${text}`);
  for (const call of callsOf(turn)) lines.push(`Gemini asked the debugger: ${call.functionCall!.name} ${oneLine(JSON.stringify(call.functionCall!.args ?? {}), 200)}`);
  return lines.join('\n\n');
}

export const SUMMARY_INSTRUCTION =
  'Summarize the earlier part of this debugging conversation in at most about 200 words: the problem, ' +
  'the facts learned, the code locations involved, the decisions made and the open questions. ' +
  'Reply with the summary only.';

export const SUMMARY_ACK = 'Understood. I will keep that in mind.';

/** The single user turn of a summary request: instruction, previous summary, then the newly archived turns. */
export function summaryRequest(previous: string | undefined, turns: readonly Content[], maxChars = Infinity): Content[] {
  let rendered = turns.map(render).filter(Boolean).join('\n\n');
  // Over the budget, the newest archived turns are kept (the previous summary covers what came before).
  if (rendered.length > maxChars) rendered = '…' + rendered.slice(rendered.length - maxChars);
  const sections = [SUMMARY_INSTRUCTION, ...(previous ? [`Summary so far:\n\n${previous}`] : []), rendered];
  return [{ role: 'user', parts: [{ text: sections.join('\n\n') }] }];
}

/** The user/model pair that starts every request once there is a summary (roles still alternate). */
export function summaryPreamble(summary: ChatSummary | undefined, archived: number): Content[] {
  if (!summary) return [];
  return [
    { role: 'user', parts: [{ text: `Summary of our earlier conversation (${archived} older messages are archived):\n\n${summary.text}` }] },
    { role: 'model', parts: [{ text: SUMMARY_ACK }] },
  ];
}
