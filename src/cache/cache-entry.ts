import { createHash } from 'node:crypto';
import type { Family } from '../reports/report';

/**
 * What is stored per key: the answer serialised once with its ETag, so a hit only copies bytes.
 * `storedAt` is when the data left Webex (for `Age`); `status` 404 marks a remembered missing report.
 */
export type CacheEntry = {
  status: 200 | 404;
  body: string;
  /** UTF-8 length of `body`, counted once at fill time rather than on every hit. */
  bytes: number;
  etag: string;
  storedAt: number;
  freshUntil: number;
};

export type CacheOutcome = 'HIT' | 'MISS' | 'STALE' | 'BYPASS';

/** Which entry answered: enough to rebuild its key later (a list's key changes with its generation). */
export type CacheTarget =
  { family: Family; list: Record<string, string> } | { family: Family; id: string };

/** What a caller gets: the entry, how it was served, and its `Age` and `max-age` at that moment. */
export type CachedAnswer = {
  entry: CacheEntry;
  outcome: CacheOutcome;
  ageS: number;
  maxAgeS: number;
  target?: CacheTarget;
};

export function toEntry(
  status: 200 | 404,
  value: unknown,
  now: number,
  freshMs: number,
): CacheEntry {
  const body = JSON.stringify(value);
  const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
  return {
    status,
    body,
    bytes: Buffer.byteLength(body),
    etag,
    storedAt: now,
    freshUntil: now + Math.max(0, freshMs),
  };
}

export const ageSecondsOf = (entry: CacheEntry, now: number) =>
  Math.max(0, Math.floor((now - entry.storedAt) / 1000));
export const maxAgeSecondsOf = (entry: CacheEntry, now: number) =>
  Math.max(0, Math.floor((entry.freshUntil - now) / 1000));
