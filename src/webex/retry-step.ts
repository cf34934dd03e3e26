import { planRetry } from './retry';
import type { WebexFailure } from './webex-api.error';

/** What the client knows when an attempt failed. */
export type FailedAttempt = {
  failure: WebexFailure;
  status: number;
  /** Webex answered 5xx, timed out, or could not be reached or read. */
  isOutage: boolean;
  /** False only when the request certainly never reached Webex. */
  mayHaveReached: boolean | undefined;
  retryAfterHeader: string | undefined;
  method: 'GET' | 'POST' | 'DELETE';
  attempt: number;
  maxAttempts: number;
  nowMs: number;
  deadlineMs: number;
  /** Time an attempt needs after a wait: a cooldown must end this long before the deadline. */
  minAttemptMs: number;
  authRetried: boolean;
  /** Whether the token can be refreshed (OAuth mode). */
  tokenRefreshes: boolean;
  random?: () => number;
};

/**
 * What to do about a failed attempt (CONTRACT §5):
 * - `refresh`: a first 401 with a refreshable token; refresh it and send again.
 * - `reject`: a 401 otherwise; the token is marked rejected and the error thrown.
 * - `cool-down`: a 429 (the credential) or 423 (`resource`) starts a cooldown of `delayMs`; the
 *   request then waits it out if `retry`, else the caller is told `retryAfterS`.
 * - `back-off`: an outage error worth retrying; `delayMs` null when the wait would not fit, and the
 *   retry budget has the last word either way.
 * - `give-up`: the error goes to the caller.
 */
export type RetryStep =
  | { do: 'refresh' }
  | { do: 'reject' }
  | { do: 'cool-down'; resource: boolean; delayMs: number; retry: boolean; retryAfterS: number }
  | { do: 'back-off'; delayMs: number | null }
  | { do: 'give-up' };

export function retryStepFor(failed: FailedAttempt): RetryStep {
  if (failed.failure === 'http' && failed.status === 401)
    return !failed.authRetried && failed.tokenRefreshes ? { do: 'refresh' } : { do: 'reject' };
  if (failed.failure === 'http' && (failed.status === 429 || failed.status === 423))
    return coolDownFor(failed);
  if (failed.attempt >= failed.maxAttempts) return { do: 'give-up' };
  const retriable = failed.isOutage && (failed.method === 'GET' || failed.mayHaveReached === false);
  if (!retriable) return { do: 'give-up' };
  const plan = planRetry({
    retryAfter: null,
    attempt: failed.attempt,
    nowMs: failed.nowMs,
    deadlineMs: failed.deadlineMs,
    random: failed.random,
  });
  return { do: 'back-off', delayMs: plan.wait ? plan.delayMs : null };
}

function coolDownFor(failed: FailedAttempt): RetryStep {
  const plan = planRetry({
    retryAfter: failed.retryAfterHeader,
    attempt: failed.attempt,
    nowMs: failed.nowMs,
    deadlineMs: Infinity,
    random: failed.random,
  });
  const delayMs = plan.wait ? plan.delayMs : 0;
  const fits = failed.nowMs + delayMs <= failed.deadlineMs - failed.minAttemptMs;
  return {
    do: 'cool-down',
    resource: failed.status === 423,
    delayMs,
    retry: fits && failed.attempt < failed.maxAttempts,
    retryAfterS: Math.max(1, Math.ceil(delayMs / 1000)),
  };
}
