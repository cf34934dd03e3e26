import { createHash } from 'node:crypto';

/**
 * What is stored per key: the answer serialised once with its ETag, so a hit only copies bytes.
 * `storedAt` is when the data left Webex (for `Age`); `status` 404 marks a remembered missing report.
 * `keepUntil` is when the entry may be dropped: past freshness it still serves stale answers.
 */
export type CacheEntry = {
  status: 200 | 404;
  body: string;
  /** UTF-8 length of `body`, counted once at fill time rather than on every hit. */
  bytes: number;
  etag: string;
  storedAt: number;
  freshUntil: number;
  keepUntil: number;
};

export type CacheOutcome = 'HIT' | 'MISS' | 'STALE' | 'BYPASS';

/** Which entry answered: enough to rebuild its key later (a list's key changes with its generation). */
export type CacheTarget =
  { family: string; list: Record<string, string> } | { family: string; id: string };

/** What a caller gets: the entry, how it was served, and its `Age` at that moment. */
export type CachedAnswer = {
  entry: CacheEntry;
  outcome: CacheOutcome;
  ageS: number;
  target?: CacheTarget;
};

export function toEntry(
  status: 200 | 404,
  value: unknown,
  now: number,
  freshMs: number,
  keepMs = 0,
): CacheEntry {
  const body = JSON.stringify(value);
  const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
  const freshUntil = now + Math.max(0, freshMs);
  return {
    status,
    body,
    bytes: Buffer.byteLength(body),
    etag,
    storedAt: now,
    freshUntil,
    keepUntil: freshUntil + Math.max(0, keepMs),
  };
}

/** `Age`: whole seconds since the data left Webex. */
export const ageSecondsOf = (entry: CacheEntry, now: number) =>
  Math.max(0, Math.floor((now - entry.storedAt) / 1000));

/**
 * `max-age`: the entry's whole freshness lifetime, sent beside `Age`, so that a browser's
 * `max-age − Age` is the freshness left (RFC 9111 §4.2.3); sending the remaining time instead would
 * have the age subtracted twice.
 */
export const lifetimeSecondsOf = (entry: CacheEntry) =>
  Math.max(0, Math.floor((entry.freshUntil - entry.storedAt) / 1000));
