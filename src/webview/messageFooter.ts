// The footer under a message: the typing indicator, the note, the answer's token usage, the
// retry countdown and the action buttons, updated in place so focus and screen-reader announcements survive updates.
import type { MessageAction } from '../shared/protocol';
import { h } from './dom';

export const ACTION_LABELS: Record<MessageAction, string> = {
  retry: 'Retry',
  setApiKey: 'Set API Key',
  openSettings: 'Open Settings',
  continue: 'Continue',
  allow: 'Allow',
  allowForChat: 'Allow for this chat',
  deny: 'Deny',
  regenerate: 'Regenerate',
  edit: 'Edit',
  chooseModel: 'Choose Model',
};

/** Offered on many messages at once: shown as links, not as buttons that call for a decision. */
const QUIET = new Set<MessageAction>(['edit', 'regenerate']);

/** What the footer shows of a message. */
export interface FooterState {
  footer: HTMLElement;
  streaming: boolean;
  note: string;
  /** The answer's token line (formatAnswerUsage), '' for none. */
  usage: string;
  /** When the local retry countdown reaches zero. */
  retryDeadline: number | undefined;
}

/** A line of text in the footer, before the countdown and the actions; removed when there is no text. */
function textLine(footer: HTMLElement, className: string, text: string | undefined, attrs: Record<string, string> = {}): void {
  let line = footer.querySelector<HTMLElement>(`.${className}`);
  if (!text) {
    line?.remove();
    return;
  }
  if (!line) {
    line = h('div', { class: className, attrs });
    const after = footer.querySelector('.message-retry, .message-actions');
    if (after) after.before(line);
    else footer.append(line);
  }
  if (line.textContent !== text) line.textContent = text;
}

export function renderFooter(entry: FooterState, actions: MessageAction[], actionsChanged: boolean): void {
  const { footer } = entry;
  // Typing indicator.
  let typing = footer.querySelector<HTMLElement>('.typing');
  if (entry.streaming && !typing) {
    typing = h('span', { class: 'typing', attrs: { 'aria-hidden': 'true' } }, h('span'), h('span'), h('span'));
    footer.prepend(typing);
  } else if (!entry.streaming && typing) {
    typing.remove();
  }
  textLine(footer, 'message-note', entry.note);
  // Token usage of a stored answer: data-usage is its stable hook.
  textLine(footer, 'message-usage', entry.usage, { 'data-usage': '' });
  // Retry countdown. Its per-second updates are not announced (aria-live off); its start is,
  // once (announcements.ts).
  let retry = footer.querySelector<HTMLElement>('.message-retry');
  if (entry.retryDeadline !== undefined) {
    if (!retry) {
      retry = h('div', { class: 'message-retry', attrs: { 'aria-live': 'off' } });
      const actionsEl = footer.querySelector('.message-actions');
      if (actionsEl) actionsEl.before(retry);
      else footer.append(retry);
    }
    renderCountdown(entry, retry);
  } else {
    retry?.remove();
  }
  // Actions.
  const actionsEl = footer.querySelector<HTMLElement>('.message-actions');
  if (actions.length === 0) {
    actionsEl?.remove();
  } else if (!actionsEl || actionsChanged) {
    const hadFocus = actionsEl?.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.action : undefined;
    const next = h(
      'div',
      { class: 'message-actions' },
      ...actions.map((action, i) =>
        h('button', {
          class: QUIET.has(action) ? 'button button-quiet action-button' : i === 0 ? 'button button-primary action-button' : 'button button-secondary action-button',
          text: ACTION_LABELS[action],
          attrs: { type: 'button', 'data-action': action },
        }),
      ),
    );
    if (actionsEl) actionsEl.replaceWith(next);
    else footer.append(next);
    if (hadFocus) {
      const again = next.querySelector<HTMLElement>(`[data-action="${hadFocus}"]`) ?? next.querySelector<HTMLElement>('button');
      again?.focus();
    }
  }
  footer.hidden = footer.childElementCount === 0;
}

export function renderCountdown(entry: Pick<FooterState, 'retryDeadline'>, el: HTMLElement): void {
  const left = Math.max(0, Math.ceil(((entry.retryDeadline ?? 0) - Date.now()) / 1000));
  const text = left > 0 ? `Retrying in ${left} s` : 'Retrying\u2026';
  if (el.textContent !== text) el.textContent = text;
}
