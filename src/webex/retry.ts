/**
 * Retry timing as pure functions. Webex sends `Retry-After` as delta-seconds or an HTTP date, and has
 * been seen sending garbage such as `rand(30),add(30)`; nothing it sends may push a wait past the
 * caller's deadline.
 */

/** Longest Retry-After believed, so a huge value cannot become a day-long cooldown. */
export const MAX_RETRY_AFTER_MS = 10 * 60 * 1000;
export const BACKOFF_BASE_MS = 200;
export const BACKOFF_CAP_MS = 8000;

const HTTP_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Milliseconds to wait from `nowMs`, or undefined when the value is absent or unreadable. */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d{1,15}$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  if (!HTTP_DATE.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}

/** Exponential backoff with full jitter: uniform in [0, min(cap, base · 2^(attempt-1))]. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export type RetryPlan = { wait: true; delayMs: number } | { wait: false; retryAfterS: number };

/**
 * Whether to wait and retry: the wait is Retry-After when readable, else backoff; a wait that would end
 * past the deadline is not taken, and the caller is told when to come back instead.
 */
export function planRetry(input: {
  retryAfter: string | null | undefined;
  attempt: number;
  nowMs: number;
  deadlineMs: number;
  random?: () => number;
}): RetryPlan {
  const delayMs =
    parseRetryAfter(input.retryAfter, input.nowMs) ?? backoffDelay(input.attempt, input.random);
  if (input.nowMs + delayMs <= input.deadlineMs) return { wait: true, delayMs };
  return { wait: false, retryAfterS: Math.max(1, Math.ceil(delayMs / 1000)) };
}
