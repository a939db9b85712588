// Token counts as the view writes them. Counts come from the host, so anything that is not a
// count is left out rather than shown.
import type { AnswerUsage } from '../shared/protocol';

const numberFormat = new Intl.NumberFormat('en-US');

export const formatCount = (value: number): string => numberFormat.format(value);

export const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** "Tokens: 1,234 sent · 56 answer · 300 thinking" for one answer, without the unknown parts; '' without any. */
export function formatAnswerUsage(usage: AnswerUsage | undefined): string {
  if (!usage || typeof usage !== 'object') return '';
  const parts: string[] = [];
  if (isCount(usage.prompt)) parts.push(`${formatCount(usage.prompt)} sent`);
  if (isCount(usage.answer)) parts.push(`${formatCount(usage.answer)} answer`);
  if (isCount(usage.thinking) && usage.thinking > 0) parts.push(`${formatCount(usage.thinking)} thinking`);
  return parts.length > 0 ? `Tokens: ${parts.join(' \u00b7 ')}` : '';
}
