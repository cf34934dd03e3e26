import { toProblem, WebexApiError, WebexFailure } from './webex-api.error';

const problemOf = (failure: WebexFailure, status: number, retryAfterS?: number) =>
  toProblem(new WebexApiError(failure, status, 'what Webex said', { retryAfterS }));

describe('toProblem', () => {
  it.each([
    [400, 'upstream-rejected', 400],
    [401, 'upstream-auth-failed', 502],
    [403, 'upstream-forbidden', 502],
    [404, 'not-found', 404],
    [409, 'upstream-conflict', 409],
    [423, 'upstream-locked', 503],
    [429, 'upstream-throttled', 503],
    [500, 'upstream-unavailable', 502],
    [502, 'upstream-unavailable', 502],
    [503, 'upstream-unavailable', 502],
    [504, 'upstream-timeout', 504],
    [418, 'upstream-unavailable', 502],
  ])('answers a Webex %i as %s (%i)', (status, code, answered) => {
    const problem = problemOf('http', status);
    expect(problem.code).toBe(code);
    expect(problem.status).toBe(answered);
  });

  it.each<[WebexFailure, string]>([
    ['timeout', 'upstream-timeout'],
    ['network', 'upstream-unavailable'],
    ['invalid-response', 'upstream-invalid-response'],
    ['circuit-open', 'upstream-circuit-open'],
    ['too-late', 'request-timeout'],
  ])('answers a %s failure as %s, whatever the status', (failure, code) => {
    expect(problemOf(failure, 0).code).toBe(code);
    expect(problemOf(failure, 400).code).toBe(code);
  });

  it('answers a cooldown by its status: throttled after a 429, locked after a 423', () => {
    expect(problemOf('cooldown', 429).code).toBe('upstream-throttled');
    expect(problemOf('cooldown', 423).code).toBe('upstream-locked');
  });

  it("keeps Webex's words for the caller's own 4xx, and a neutral sentence for upstream faults", () => {
    expect(problemOf('http', 400).detail).toBe('what Webex said');
    expect(problemOf('http', 404).detail).toBe('what Webex said');
    expect(problemOf('http', 409).detail).toBe('what Webex said');
    expect(problemOf('http', 403).detail).toBe('Webex call failed: what Webex said');
    expect(problemOf('timeout', 400).detail).toBe('Webex call failed: what Webex said');
  });

  it('carries Retry-After seconds to the caller', () => {
    expect(problemOf('http', 429, 30).extra.retryAfterS).toBe(30);
    expect(problemOf('http', 400).extra.retryAfterS).toBeUndefined();
  });
});

describe('WebexApiError', () => {
  it('counts 5xx, timeouts, network and unreadable answers as outages, not 4xx', () => {
    const outage = (failure: WebexFailure, status: number) =>
      new WebexApiError(failure, status, '').isOutage;
    expect([outage('http', 500), outage('timeout', 0), outage('network', 0)]).toEqual([
      true,
      true,
      true,
    ]);
    expect(outage('invalid-response', 200)).toBe(true);
    expect([outage('http', 404), outage('http', 429), outage('cooldown', 429)]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("allows stale data for everything but the caller's own 4xx", () => {
    const stale = (failure: WebexFailure, status: number) =>
      new WebexApiError(failure, status, '').allowsStale;
    for (const status of [401, 403, 423, 429, 500, 503]) expect(stale('http', status)).toBe(true);
    for (const status of [400, 404, 409]) expect(stale('http', status)).toBe(false);
    expect(stale('circuit-open', 503)).toBe(true);
    expect(stale('too-late', 503)).toBe(true);
  });
});
