// What a screen reader hears of the conversation. The message log is not a live region (it
// re-renders while an answer streams, which would read every frame); instead each finished
// answer, each error, each retry countdown's start and each consent request is announced once.
import type { ViewMessage } from '../shared/protocol';

/** Something to announce: `answer` is read from the rendered body (not the markdown source). */
export type Announcement = { kind: 'answer'; id: string } | { kind: 'text'; text: string };

interface Seen {
  streaming: boolean;
  retrying: boolean;
  consent: boolean;
}

export class Announcements {
  private seen = new Map<string, Seen>();

  /**
   * What changed since the last call. `quiet` learns the messages without announcing anything:
   * the first state and a switch to another conversation show history, not news.
   */
  next(messages: readonly ViewMessage[], quiet: boolean): Announcement[] {
    const out: Announcement[] = [];
    const next = new Map<string, Seen>();
    for (const message of messages) {
      const before = this.seen.get(message.id);
      const now: Seen = {
        streaming: message.streaming === true,
        retrying: typeof message.retryInSeconds === 'number' && message.retryInSeconds >= 0,
        consent: message.role === 'tool' && message.tool?.state === 'consent',
      };
      next.set(message.id, now);
      if (quiet) continue;
      if (message.role === 'model' && !now.streaming && (before === undefined || before.streaming)) out.push({ kind: 'answer', id: message.id });
      if (message.role === 'error' && (before === undefined || (now.retrying && !before.retrying))) {
        const retry = now.retrying ? ` Retrying in ${Math.ceil(message.retryInSeconds!)} seconds.` : '';
        out.push({ kind: 'text', text: `Error: ${clip(message.text)}${retry}` });
      }
      if (now.consent && !before?.consent && message.tool) {
        const reason = message.tool.reason ? ` ${clip(message.tool.reason)}` : '';
        out.push({ kind: 'text', text: `Gemini asks to run ${message.tool.name}.${reason} Allow or Deny it below the call.` });
      }
    }
    this.seen = next;
    return out;
  }
}

const LIMIT = 400;

/** Text, whitespace collapsed and cut at about LIMIT characters: the rest is in the log. */
export function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= LIMIT ? flat : `${flat.slice(0, LIMIT).trimEnd()}\u2026`;
}
