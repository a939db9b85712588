// How long ago a conversation was used, as the list and the Switch Conversation picker say it.
// Shared by the host and the webview (pure, no imports).

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "3 min ago", "2 hours ago", "yesterday", or a date. */
export function lastUsedLabel(time: number, now: number): string {
  const minutes = Math.round((now - time) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${plural(hours, 'hour')} ago`;
  if (hours < 48) return 'yesterday';
  return new Date(time).toLocaleDateString();
}

/** "12 messages · 3 min ago" */
export function conversationDetail(messages: number, lastUsed: number, now: number): string {
  return `${plural(messages, 'message')} · ${lastUsedLabel(lastUsed, now)}`;
}
