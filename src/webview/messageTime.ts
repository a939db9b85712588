// When a message was written, as its tooltip says it: "Today 14:02", "Yesterday 09:15", or the
// date for older ones, in the user's language and clock.

const DAY_MS = 86_400_000;

/** Midnight (local time) of the day `time` falls on. */
function dayOf(time: number): number {
  const date = new Date(time);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** `time` and `now` in ms since the epoch; `locale` undefined: the view's language. */
export function messageTimeLabel(time: number, now: number, locale?: string): string {
  const clock = new Date(time).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  // Calendar days, not 24-hour spans (a daylight-saving day is 23 or 25 hours long).
  const days = Math.round((dayOf(now) - dayOf(time)) / DAY_MS);
  if (days === 0 || days === 1) {
    const word = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-days, 'day');
    return `${word.charAt(0).toLocaleUpperCase(locale) + word.slice(1)} ${clock}`;
  }
  const sameYear = new Date(time).getFullYear() === new Date(now).getFullYear();
  const date = new Date(time).toLocaleDateString(locale, { weekday: 'short', day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) });
  return `${date} ${clock}`;
}
