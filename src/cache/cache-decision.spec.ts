import { CacheWindows, mayRevalidate, mayServeStale, planRead } from './cache-decision';

const windows: CacheWindows = {
  minRefreshMs: 5_000,
  staleWhileRevalidateMs: 60_000,
  staleIfErrorMs: 3_600_000,
};
const stored = 1_000_000;
/** A 200 stored at `stored`, fresh for 30 s. */
const entry = { status: 200 as const, storedAt: stored, freshUntil: stored + 30_000 };
const missing = { ...entry, status: 404 as const };

describe('planRead', () => {
  it('loads on a miss, whatever the mode', () => {
    for (const mode of ['normal', 'revalidate', 'bypass'] as const)
      expect(planRead(null, mode, stored, windows)).toBe('load');
  });

  it('answers a fresh entry, up to the instant it goes stale', () => {
    expect(planRead(entry, 'normal', stored, windows)).toBe('hit');
    expect(planRead(entry, 'normal', stored + 29_999, windows)).toBe('hit');
    expect(planRead(entry, 'normal', stored + 30_000, windows)).toBe('stale');
  });

  it('serves a stale 200 while revalidating, until the window closes', () => {
    expect(planRead(entry, 'normal', stored + 30_000 + 59_999, windows)).toBe('stale');
    expect(planRead(entry, 'normal', stored + 30_000 + 60_000, windows)).toBe('load');
  });

  it('answers a remembered 404 while fresh, but never serves it stale', () => {
    expect(planRead(missing, 'normal', stored + 1, windows)).toBe('hit');
    expect(planRead(missing, 'normal', stored + 30_000, windows)).toBe('load');
  });

  it('loads even a fresh entry when the mode refetches', () => {
    expect(planRead(entry, 'revalidate', stored + 1, windows)).toBe('load');
    expect(planRead(entry, 'bypass', stored + 1, windows)).toBe('load');
  });
});

describe('mayRevalidate', () => {
  it('refuses a no-cache refetch of an entry younger than CACHE_MIN_REFRESH_S', () => {
    expect(mayRevalidate(entry, stored + 4_999, windows)).toBe(false);
    expect(mayRevalidate(entry, stored + 5_000, windows)).toBe(true);
  });
});

describe('mayServeStale', () => {
  it('stands in with a 200 no older than CACHE_STALE_IF_ERROR_S when the failure allows it', () => {
    expect(mayServeStale(entry, true, stored + 3_600_000, windows)).toBe(true);
    expect(mayServeStale(entry, true, stored + 3_600_001, windows)).toBe(false);
  });

  it("never stands in for the caller's own error, nor with a remembered 404", () => {
    expect(mayServeStale(entry, false, stored + 1, windows)).toBe(false);
    expect(mayServeStale(missing, true, stored + 1, windows)).toBe(false);
  });
});
