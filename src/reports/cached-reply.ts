import type { FastifyReply, FastifyRequest } from 'fastify';
import { CachedAnswer } from '../cache/cache-entry';
import { CacheMode } from '../cache/report-cache';

/** `Cache-Control: no-cache` from a caller skips the read and refetches (X-Cache: BYPASS). */
export const cacheModeOf = (request: FastifyRequest): CacheMode =>
  /\bno-cache\b/i.test(request.headers['cache-control'] ?? '') ? 'bypass' : 'normal';

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
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
  const { entry } = answer;
  reply
    .header('x-cache', answer.outcome)
    .header('age', String(answer.ageS))
    .header('etag', entry.etag)
    .header('cache-control', `private, max-age=${answer.maxAgeS}`);
  if (matches(request.headers['if-none-match'], entry.etag)) {
    reply.status(304).send();
    return;
  }
  reply.status(200).header('content-type', 'application/json; charset=utf-8').send(entry.body);
}
