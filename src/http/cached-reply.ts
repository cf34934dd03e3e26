import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { CachedAnswer, lifetimeSecondsOf } from '../cache/cache-entry';
import { Answer, sendAnswer } from './answers';
import type {} from './fastify-request';
import { CacheMode } from '../cache/cache-decision';

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

/**
 * A cacheable answer, or 304 on a matching ETag, with the headers of CONTRACT §4: `X-Cache`, `Age`,
 * `ETag`, `Cache-Control: private, max-age=<lifetime>` and `Vary` naming the credential headers (a
 * browser must not reuse an answer for another key). The route handlers send it (`sendCached`), the
 * edge writes it for an early hit: one definition.
 */
export function cachedAnswerOf(
  request: { headers: IncomingHttpHeaders },
  answer: CachedAnswer,
  cacheControl = `private, max-age=${lifetimeSecondsOf(answer.entry)}`,
): Answer {
  const { entry } = answer;
  const headers = [
    'vary',
    'Authorization, X-API-Key',
    'x-cache',
    answer.outcome,
    'age',
    String(answer.ageS),
    'etag',
    entry.etag,
    'cache-control',
    cacheControl,
  ];
  if (etagMatches(request.headers['if-none-match'], entry.etag)) return { status: 304, headers };
  headers.push('content-type', 'application/json; charset=utf-8');
  return { status: 200, headers, body: entry.body, bytes: entry.bytes };
}

/** Sends a cached answer from a route handler; the edge learns its URL for early hits. */
export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: CachedAnswer,
  cacheControl?: string,
): void {
  if (reply.sent) return; // answered already (request-timeout); the load still filled the cache
  if (answer.target) request.cacheTarget = answer.target;
  request.cacheOutcome = answer.outcome;
  sendAnswer(reply, cachedAnswerOf(request, answer, cacheControl));
}
