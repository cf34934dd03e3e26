import { FailedAttempt, retryStepFor } from './retry-step';

const now = Date.parse('2026-11-28T12:00:00Z');
/** A GET's first attempt that Webex answered 503, with 10 s left before its deadline. */
const failed = (overrides: Partial<FailedAttempt> = {}): FailedAttempt => ({
  failure: 'http',
  status: 503,
  isOutage: true,
  mayHaveReached: true,
  retryAfterHeader: undefined,
  method: 'GET',
  attempt: 1,
  maxAttempts: 3,
  nowMs: now,
  deadlineMs: now + 10_000,
  minAttemptMs: 250,
  authRetried: false,
  tokenRefreshes: true,
  random: () => 0.5,
  ...overrides,
});

describe('retryStepFor', () => {
  it('refreshes a refreshable token once after a 401, then rejects it', () => {
    const unauthorized = failed({ status: 401, isOutage: false });
    expect(retryStepFor(unauthorized)).toEqual({ do: 'refresh' });
    expect(retryStepFor({ ...unauthorized, authRetried: true })).toEqual({ do: 'reject' });
    expect(retryStepFor({ ...unauthorized, tokenRefreshes: false })).toEqual({ do: 'reject' });
  });

  it('cools the credential down for Retry-After seconds after a 429, and retries when it fits', () => {
    const step = retryStepFor(failed({ status: 429, isOutage: false, retryAfterHeader: '2' }));
    expect(step).toEqual({
      do: 'cool-down',
      resource: false,
      delayMs: 2000,
      retry: true,
      retryAfterS: 2,
    });
  });

  it('cools only the resource down after a 423', () => {
    const step = retryStepFor(failed({ status: 423, isOutage: false, retryAfterHeader: '1' }));
    expect(step).toMatchObject({ do: 'cool-down', resource: true, delayMs: 1000 });
  });

  it('still starts the cooldown when it ends too late for the attempt, and tells the caller when to return', () => {
    const step = retryStepFor(failed({ status: 429, isOutage: false, retryAfterHeader: '30' }));
    expect(step).toEqual({
      do: 'cool-down',
      resource: false,
      delayMs: 30_000,
      retry: false,
      retryAfterS: 30,
    });
    // Ending within minAttemptMs of the deadline leaves no time for the attempt either.
    const tight = failed({ status: 429, isOutage: false, retryAfterHeader: '10' });
    expect(retryStepFor(tight)).toMatchObject({ retry: false });
    expect(retryStepFor({ ...tight, deadlineMs: now + 10_250 })).toMatchObject({ retry: true });
  });

  it('backs off with jitter when Retry-After is absent, and not past the last attempt', () => {
    const throttled = failed({ status: 429, isOutage: false });
    expect(retryStepFor(throttled)).toMatchObject({ delayMs: 100, retry: true }); // 0.5 × 200 ms
    expect(retryStepFor({ ...throttled, attempt: 3 })).toMatchObject({ retry: false });
  });

  it('backs off before retrying a GET after an outage error', () => {
    expect(retryStepFor(failed())).toEqual({ do: 'back-off', delayMs: 100 });
    expect(retryStepFor(failed({ attempt: 2 }))).toEqual({ do: 'back-off', delayMs: 200 });
  });

  it('offers no wait when the backoff would pass the deadline', () => {
    expect(retryStepFor(failed({ deadlineMs: now + 50 }))).toEqual({
      do: 'back-off',
      delayMs: null,
    });
  });

  it('retries a write only when it certainly never reached Webex', () => {
    expect(retryStepFor(failed({ method: 'POST' }))).toEqual({ do: 'give-up' });
    expect(retryStepFor(failed({ method: 'DELETE', failure: 'timeout', status: 0 }))).toEqual({
      do: 'give-up',
    });
    expect(retryStepFor(failed({ method: 'POST', mayHaveReached: false }))).toMatchObject({
      do: 'back-off',
    });
  });

  it("gives up on the caller's own errors and after the last attempt", () => {
    expect(retryStepFor(failed({ status: 404, isOutage: false }))).toEqual({ do: 'give-up' });
    expect(retryStepFor(failed({ attempt: 3 }))).toEqual({ do: 'give-up' });
  });
});
