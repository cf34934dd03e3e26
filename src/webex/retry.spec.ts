import fc from 'fast-check';
import {
  BACKOFF_CAP_MS,
  MAX_RETRY_AFTER_MS,
  backoffDelay,
  parseRetryAfter,
  planRetry,
} from './retry';

const NOW = Date.parse('2026-11-23T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => expect(parseRetryAfter('2', NOW)).toBe(2000));
  it('reads an HTTP date in the future', () =>
    expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:05 GMT', NOW)).toBe(5000));
  it('reads an HTTP date in the past as no wait', () =>
    expect(parseRetryAfter('Mon, 23 Nov 2026 11:00:00 GMT', NOW)).toBe(0));
  it.each([
    'rand(30),add(30)',
    '-5',
    '1.5',
    '',
    'soon',
    'Mon, 99 Nov 2026 12:00:05 GMT',
    '2026-11-23T12:00:05Z',
  ])('treats %p as unreadable', (value) => expect(parseRetryAfter(value, NOW)).toBeUndefined());
  it('caps a huge value', () =>
    expect(parseRetryAfter('999999999999', NOW)).toBe(MAX_RETRY_AFTER_MS));
  it('ignores an absent header', () => expect(parseRetryAfter(undefined, NOW)).toBeUndefined());
});

describe('backoffDelay', () => {
  it('grows exponentially with full jitter under the cap', () => {
    expect(backoffDelay(1, () => 0.999)).toBeLessThan(200);
    expect(backoffDelay(3, () => 0.999)).toBeGreaterThan(700);
    expect(backoffDelay(30, () => 0.999)).toBeLessThan(BACKOFF_CAP_MS);
    expect(backoffDelay(3, () => 0)).toBe(0);
  });
});

const headerValue = fc.oneof(
  fc.nat({ max: 10 ** 12 }).map(String),
  fc.integer({ min: -(10 ** 9), max: -1 }).map(String),
  fc
    .integer({ min: -(10 ** 10), max: 10 ** 10 })
    .map((delta) => new Date(NOW + delta * 1000).toUTCString()),
  fc.constantFrom('rand(30),add(30)', '', ' ', 'NaN', 'Infinity', '1e9', '0x10'),
  fc.string(),
  fc.constant(undefined),
);

describe('planRetry (property)', () => {
  it('never waits outside [0, cap] nor past the deadline, whatever Retry-After holds', () => {
    fc.assert(
      fc.property(
        headerValue,
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (value, attempt, budget, random) => {
          const plan = planRetry({
            retryAfter: value,
            attempt,
            nowMs: NOW,
            deadlineMs: NOW + budget,
            random: () => random,
          });
          if (plan.wait) {
            expect(plan.delayMs).toBeGreaterThanOrEqual(0);
            expect(plan.delayMs).toBeLessThanOrEqual(Math.max(MAX_RETRY_AFTER_MS, BACKOFF_CAP_MS));
            expect(NOW + plan.delayMs).toBeLessThanOrEqual(NOW + budget);
          } else {
            expect(plan.retryAfterS).toBeGreaterThanOrEqual(1);
            expect(plan.retryAfterS).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS / 1000);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
