import { WebexApiError, WebexFailure } from '../webex/webex-api.error';
import { toProblem } from './webex-problem';

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
