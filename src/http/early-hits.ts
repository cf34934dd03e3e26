import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { CacheEntry, CacheTarget } from '../cache/cache-entry';
import { BuiltKey, ReportCache } from '../cache/report-cache';
import { BoundedMap } from '../bounded-map';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { cachedAnswerOf, cacheModeOf } from './cached-reply';
import { WebexTokenService } from '../webex/webex-token.service';
import { Answer } from './answers';
import type {} from './fastify-request';

/**
 * A URL a route handler answered from the cache: the entry it resolved to, on which route, and that
 * entry's key as last built (a list's key changes only when its family's generation moves).
 */
type Known = { target: CacheTarget; route: string; built?: BuiltKey };

/** What an early hit reads of a request (the edge has only Node's request). */
export type Asked = { method?: string; url: string; headers: IncomingHttpHeaders };
export type EarlyHit = { answer: Answer; target: CacheTarget };

/**
 * Fresh cache hits answered in the edge, after admission and before Nest's router, guards, pipes and
 * handler, which were most of a hit's cost in the benchmark. Only a URL a route handler has already
 * validated and answered from the cache is eligible (remembered exactly as sent, with the route that
 * served it and the entry it resolved to), and only while that entry is fresh in this process's
 * memory; the answer is `cachedAnswerOf`'s, as the handler's is, and is logged and counted alike.
 * Anything else continues to the route handler.
 */
export class EarlyHits {
  private readonly known = new BoundedMap<string, Known>(10_000);
  /**
   * The UTF-8 bytes of entries answered early, encoded at their first early hit and gone with the
   * entry: a string body was encoded and joined to the head on every hit (a quarter of a hit's
   * allocation). Only entries hit early get a copy, so the cache's own bound is not doubled.
   */
  private readonly encoded = new WeakMap<CacheEntry, Buffer>();

  constructor(
    private readonly cache: ReportCache,
    private readonly token: WebexTokenService,
    private readonly clock: Clock,
    private readonly env: Env,
  ) {}

  /** The answer to a request on `route`, or null when its route handler must answer. */
  answer(request: Asked, route: string): EarlyHit | null {
    if (request.method !== 'GET' && request.method !== 'HEAD') return null;
    const known = this.known.get(request.url);
    if (!known || known.route !== route) return null;
    const built = this.cache.keyNow(this.token.scope, known.target, known.built);
    if (built === undefined) return null;
    known.built = built;
    const entry = this.cache.peek(built.key);
    const now = this.clock.now();
    if (!entry || entry.status !== 200 || now >= entry.freshUntil) return null;
    const refetchable = now - entry.storedAt >= this.env.CACHE_MIN_REFRESH_S * 1000;
    if (refetchable && cacheModeOf(request) === 'revalidate') return null;
    const answer = cachedAnswerOf(request, this.cache.answer(entry, 'HIT'));
    if (answer.body !== undefined) answer.body = this.encodedOf(entry);
    return { answer, target: known.target };
  }

  private encodedOf(entry: CacheEntry): Buffer {
    let bytes = this.encoded.get(entry);
    if (bytes === undefined) {
      bytes = Buffer.from(entry.body, 'utf8');
      this.encoded.set(entry, bytes);
    }
    return bytes;
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
