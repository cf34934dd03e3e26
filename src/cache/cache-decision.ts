import type { CacheEntry } from './cache-entry';

/**
 * How a read may use the cache: `normal`; `revalidate`, a caller's `Cache-Control: no-cache` or
 * `max-age=0` (refetch unless the entry is younger than CACHE_MIN_REFRESH_S); `bypass`, the service's
 * own refetch (waitFor polls, download URLs about to expire).
 */
export type CacheMode = 'normal' | 'revalidate' | 'bypass';

/** The timings of CONTRACT §4 in milliseconds, from CACHE_* settings. */
export type CacheWindows = {
  /** CACHE_MIN_REFRESH_S: a caller's no-cache refetches no entry younger than this. */
  minRefreshMs: number;
  /** CACHE_STALE_WHILE_REVALIDATE_S: past freshness, served while a background refresh runs. */
  staleWhileRevalidateMs: number;
  /** CACHE_STALE_IF_ERROR_S: an entry this old or younger stands in when Webex fails. */
  staleIfErrorMs: number;
};

type Timing = Pick<CacheEntry, 'status' | 'storedAt' | 'freshUntil'>;

/**
 * What a read does with what the cache holds: answer it (`hit`), answer it and refresh behind the
 * caller's back (`stale`), or load (`load`: a miss, an old entry, or a mode that refetches).
 */
export type ReadPlan = 'hit' | 'stale' | 'load';

export function planRead(
  cached: Timing | null,
  mode: CacheMode,
  now: number,
  windows: CacheWindows,
): ReadPlan {
  if (mode !== 'normal' || !cached) return 'load';
  if (now < cached.freshUntil) return 'hit';
  if (cached.status === 200 && now < cached.freshUntil + windows.staleWhileRevalidateMs)
    return 'stale';
  return 'load';
}

/**
 * A caller's no-cache asks for a refetch; an entry younger than CACHE_MIN_REFRESH_S is answered as
 * usual instead (and so is one whose key is backing off, which only the refresh gate knows).
 */
export const mayRevalidate = (cached: Timing, now: number, windows: CacheWindows): boolean =>
  now - cached.storedAt >= windows.minRefreshMs;

/**
 * Whether a failed load may be answered with the entry held: a 200 no older than
 * CACHE_STALE_IF_ERROR_S, when the failure is Webex's (`errorAllowsStale`), not the caller's.
 */
export const mayServeStale = (
  cached: Timing,
  errorAllowsStale: boolean,
  now: number,
  windows: CacheWindows,
): boolean =>
  cached.status === 200 && errorAllowsStale && now - cached.storedAt <= windows.staleIfErrorMs;
