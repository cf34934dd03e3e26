import type { IncomingMessage, ServerResponse } from 'node:http';
import { ageSecondsOf, CacheEntry, maxAgeSecondsOf } from '../cache/cache-entry';
import { etagMatches } from '../reports/cached-reply';
import { helmetHeaders } from './security-headers';

export type Hit = { entry: CacheEntry; now: number; requestId: string; limitHeaders: string[] };

/**
 * Writes a fresh hit straight to the socket with every header the full pipeline would send (helmet's,
 * the request id, the rate-limit and cache headers), or 304 on a matching If-None-Match; returns the
 * status. Headers go as one flat array, so Node checks and joins them once.
 */
export function hitWriter(): (req: IncomingMessage, res: ServerResponse, hit: Hit) => number {
  const fixed = Object.entries(helmetHeaders()).flat();
  return (req, res, { entry, now, requestId, limitHeaders }) => {
    const cache = [
      'x-request-id',
      requestId,
      'x-cache',
      'HIT',
      'age',
      String(ageSecondsOf(entry, now)),
      'etag',
      entry.etag,
    ];
    const headers = [
      ...fixed,
      ...limitHeaders,
      ...cache,
      'cache-control',
      `private, max-age=${maxAgeSecondsOf(entry, now)}`,
    ];
    if (etagMatches(req.headers['if-none-match'], entry.etag)) {
      res.writeHead(304, headers);
      res.end();
      return 304;
    }
    headers.push(
      'content-type',
      'application/json; charset=utf-8',
      'content-length',
      String(entry.bytes),
    );
    res.writeHead(200, headers);
    res.end(entry.body);
    return 200;
  };
}
