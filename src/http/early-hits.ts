import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { CacheTarget } from '../cache/cache-entry';
import { ReportCache } from '../cache/report-cache';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { cacheModeOf, sendCached } from '../reports/cached-reply';
import { WebexTokenService } from '../webex/webex-token.service';

/** A URL a route handler answered from the cache: the entry it resolved to, on which route. */
type Known = { target: CacheTarget; route: string };

/**
 * Fresh cache hits answered in the edge, after admission and before Nest's router, guards, pipes and
 * handler, which were most of a hit's cost in the benchmark. Only a URL a route handler has already
 * validated and answered from the cache is eligible (remembered exactly as sent, with the route that
 * served it and the entry it resolved to), and only while that entry is fresh in this process's
 * memory; the answer goes through `sendCached` and the same hooks as the handler's, so it carries the
 * same headers and is logged and counted alike. Anything else continues to the route handler.
 */
export class EarlyHits {
  private readonly known = new LRUCache<string, Known>({ max: 10_000 });

  constructor(
    private readonly cache: ReportCache,
    private readonly token: WebexTokenService,
    private readonly clock: Clock,
    private readonly env: Env,
  ) {}

  /** True when the request was answered. */
  answer(request: FastifyRequest, reply: FastifyReply): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const known = this.known.get(request.url);
    if (!known || known.route !== request.routeOptions.url) return false;
    const key = this.cache.keyNow(this.token.scope, known.target);
    const entry = key === undefined ? undefined : this.cache.peek(key);
    const now = this.clock.now();
    if (!entry || entry.status !== 200 || now >= entry.freshUntil) return false;
    const refetchable = now - entry.storedAt >= this.env.CACHE_MIN_REFRESH_S * 1000;
    if (refetchable && cacheModeOf(request) === 'revalidate') return false;
    request.answeredEarly = true;
    sendCached(request, reply, { ...this.cache.answer(entry, 'HIT'), target: known.target });
    return true;
  }

  /** After a route handler answered a GET from the cache: its URL may be answered early from now on. */
  learn(request: FastifyRequest, status: number): void {
    const route = request.routeOptions.url;
    if (request.method !== 'GET' || !request.cacheTarget || !route) return;
    if (status !== 200 && status !== 304) return;
    if ((request.query as Record<string, unknown> | undefined)?.waitFor !== undefined) return;
    this.known.set(request.url, { target: request.cacheTarget, route });
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Answered by the edge from memory, without Nest (for the request log). */
    answeredEarly?: boolean;
  }
}
