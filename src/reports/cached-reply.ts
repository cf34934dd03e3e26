import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { CachedAnswer, CacheTarget, lifetimeSecondsOf } from '../cache/cache-entry';
import { CacheMode } from '../cache/report-cache';

/**
 * `Cache-Control: no-cache` or `max-age=0` from a caller (a browser reload, DevTools "disable cache",
 * `fetch(…, { cache: 'no-store' })`) asks for a refetch, which the cache grants at most once per key
 * per CACHE_MIN_REFRESH_S (CONTRACT §4).
 */
export const cacheModeOf = (request: { headers: IncomingHttpHeaders }): CacheMode =>
  /\bno-cache\b|\bmax-age\s*=\s*0\b/i.test(request.headers['cache-control'] ?? '')
    ? 'revalidate'
    : 'normal';

/** If-None-Match against an ETag (weak comparison, lists and `*` allowed). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const weakless = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || weakless(tag) === etag);
}

/** Adds to `Vary` (CORS may have named Origin already) instead of replacing it. */
export function appendVary(reply: FastifyReply, names: string): void {
  const current = reply.getHeader('vary');
  reply.header('vary', current ? `${String(current)}, ${names}` : names);
}

/**
 * Sends a cacheable answer, or 304 on a matching ETag, with the headers of CONTRACT §4: `X-Cache`,
 * `Age`, `ETag`, `Cache-Control: private, max-age=<lifetime>` and `Vary` naming the credential
 * headers (a browser must not reuse an answer for another key). Every path that answers a cached
 * entry (the early hit in the edge, the route handlers) sends it through here.
 */
export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: CachedAnswer,
  cacheControl = `private, max-age=${lifetimeSecondsOf(answer.entry)}`,
): void {
  if (reply.sent) return; // answered already (request-timeout); the load still filled the cache
  if (answer.target) request.cacheTarget = answer.target; // the edge learns this URL for early hits
  const { entry } = answer;
  appendVary(reply, 'Authorization, X-API-Key');
  reply
    .header('x-cache', answer.outcome)
    .header('age', String(answer.ageS))
    .header('etag', entry.etag)
    .header('cache-control', cacheControl);
  if (etagMatches(request.headers['if-none-match'], entry.etag)) {
    reply.status(304).send();
    return;
  }
  reply.status(200).header('content-type', 'application/json; charset=utf-8').send(entry.body);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The cache entry a GET was answered from, so the edge can answer that URL early next time. */
    cacheTarget?: CacheTarget;
  }
}
