import { WebexApiError, WebexFailure } from './webex-api.error';

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
