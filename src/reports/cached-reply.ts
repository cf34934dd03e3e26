import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { CachedAnswer, CacheTarget } from '../cache/cache-entry';
import { CacheMode } from '../cache/report-cache';

/** `Cache-Control: no-cache` from a caller skips the read and refetches (X-Cache: BYPASS). */
export const cacheModeOf = (request: { headers: IncomingHttpHeaders }): CacheMode =>
  /\bno-cache\b/i.test(request.headers['cache-control'] ?? '') ? 'bypass' : 'normal';

/** If-None-Match against an ETag (weak comparison, lists and `*` allowed). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const weakless = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || weakless(tag) === etag);
}

/** Sends a cacheable answer with X-Cache, Age, ETag and Cache-Control, or 304 on a matching ETag. */
export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: CachedAnswer,
): void {
  if (reply.sent) return; // answered already (request-timeout); the load still filled the cache
  (request as FastifyRequest & { cacheTarget?: CacheTarget }).cacheTarget = answer.target; // for the hit fast path
  const { entry } = answer;
  reply
    .header('x-cache', answer.outcome)
    .header('age', String(answer.ageS))
    .header('etag', entry.etag)
    .header('cache-control', `private, max-age=${answer.maxAgeS}`);
  if (etagMatches(request.headers['if-none-match'], entry.etag)) {
    reply.status(304).send();
    return;
  }
  reply.status(200).header('content-type', 'application/json; charset=utf-8').send(entry.body);
}
