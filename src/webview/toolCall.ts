// A debugger call in the conversation: which tool, with what, how far it got, a one-line
// result, and (on request) exactly what Gemini got back. Built as plain DOM text: nothing here
// is ever parsed as HTML or markdown (tool results are the debuggee's data).
import type { ToolCallState, ToolCallView } from '../shared/protocol';
import { h } from './dom';

const STATE_LABELS: Record<ToolCallState, string> = {
  pending: 'Waiting',
  consent: 'Needs your consent',
  running: 'Running\u2026',
  done: 'Done',
  error: 'Failed',
  denied: 'Denied',
  cancelled: 'Cancelled',
  refused: 'Not allowed',
  notRun: 'Not run',
};

/** A stable key: the element is rebuilt only when the call's view changes. */
export function toolKey(tool: ToolCallView | undefined): string {
  return tool ? JSON.stringify([tool.name, tool.args, tool.state, tool.reason ?? '', tool.summary ?? '', tool.detail ?? '']) : '';
}

/** Fills `body` with the call; an open "Show result" stays open. */
export function renderToolCall(body: HTMLElement, tool: ToolCallView): void {
  const wasOpen = body.querySelector('details.tool-detail')?.hasAttribute('open') === true;
  const state = tool.state in STATE_LABELS ? tool.state : 'error';
  const head = h(
    'div',
    { class: 'tool-head' },
    h('span', { class: 'tool-name', text: typeof tool.name === 'string' ? tool.name : '' }),
    tool.args ? h('code', { class: 'tool-args', text: tool.args }) : null,
    h('span', { class: 'tool-state', attrs: { 'data-state': state }, text: STATE_LABELS[state] }),
  );
  const parts: HTMLElement[] = [head];
  if (typeof tool.reason === 'string' && tool.reason) parts.push(h('div', { class: 'tool-reason', text: tool.reason }));
  if (typeof tool.summary === 'string' && tool.summary) parts.push(h('div', { class: 'tool-summary', text: tool.summary }));
  if (typeof tool.detail === 'string' && tool.detail) {
    const detail = h('details', { class: 'tool-detail' }, h('summary', { text: 'Show what Gemini got' }), h('pre', { class: 'tool-result', text: tool.detail }));
    if (wasOpen) detail.setAttribute('open', '');
    parts.push(detail);
  }
  body.replaceChildren(...parts);
  body.closest('.message')?.setAttribute('data-tool', typeof tool.name === 'string' ? tool.name : '');
}
