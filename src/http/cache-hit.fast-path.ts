import type { FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { LRUCache } from 'lru-cache';
import { ageSecondsOf, CacheEntry, CacheTarget, maxAgeSecondsOf } from '../cache/cache-entry';
import { cacheKeyFor } from '../cache/cache-keys';
import { ReportCache } from '../cache/report-cache';
import { ApiKeys, countCall } from '../callers/callers';
import { SharedThrottlerStorage } from '../callers/shared-throttler.storage';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { etagMatches } from '../reports/cached-reply';
import { WebexTokenService } from '../webex/webex-token.service';
import { requestIdOf } from './request-id';
import { recordRequest } from './request-log';
import { helmetHeaders } from './security-headers';

export type FastPathDeps = {
  cache: ReportCache;
  token: WebexTokenService;
  keys: ApiKeys;
  limits: SharedThrottlerStorage;
  env: Env;
  clock: Clock;
  metrics: MetricsService;
  logger: Logger;
  corsEnabled: boolean;
};

/** A validated URL: its cache target, its route pattern (for metrics), and its last computed key. */
type Known = { target: CacheTarget; route: string; key?: string; generation?: number };

/**
 * Fresh cache hits answered at the HTTP server, before Fastify and Nest (router, hooks, guards, pipes,
 * interceptors), which were most of a hit's cost in the benchmark. Nothing is bypassed: the API key
 * is checked, the call counts against the caller's rate limit (the guard's counter), and only a URL
 * the full pipeline already validated is eligible — remembered, exactly as sent, with the cache target
 * it resolved to. The answer carries the full pipeline's headers and is logged and counted alike.
 * Anything else (not a fresh hit, no-cache, a CORS request, over the limit, draining) goes to Fastify.
 */
export class CacheHitFastPath {
  private readonly known = new LRUCache<string, Known>({ max: 10_000 });
  private readonly fixedHeaders = Object.entries(helmetHeaders()).flat();
  private deps: FastPathDeps | null = null;
  private draining = false;

  /** The app's services, once Nest has built them; until then every request goes to Fastify. */
  attach(deps: FastPathDeps): void {
    this.deps = deps;
  }

  drain(): void {
    this.draining = true;
  }

  /** A request it may answer (a known URL, GET, no no-cache); everything else goes straight to Fastify. */
  wants(req: IncomingMessage): boolean {
    return this.eligible(req) !== undefined;
  }

  /** True when it answered; false when Fastify should handle the request. */
  async answer(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const known = this.eligible(req);
    if (!known || !this.deps) return false;
    const started = performance.now();
    const { cache, clock } = this.deps;
    const entry = await cache.read(await this.keyOf(known));
    const now = clock.now();
    if (!entry || entry.status !== 200 || now >= entry.freshUntil) return false;
    const limitHeaders = await countCall(this.deps.limits, this.deps.env, {
      headers: req.headers,
      ip: req.socket.remoteAddress,
    } as FastifyRequest);
    if (!limitHeaders) return false; // over the limit: the guard answers the 429
    const requestId = requestIdOf(req.headers);
    const status = this.write(req, res, entry, [
      ...limitHeaders,
      ...this.cacheHeaders(requestId, entry, now),
    ]);
    this.deps.metrics.cache.inc({ outcome: 'hit' });
    const record = {
      requestId,
      method: 'GET',
      route: known.route,
      status,
      path: req.url ?? '',
      cache: 'HIT',
      upstreamCalls: 0,
      fastPath: true,
    };
    recordRequest(this.deps.logger, this.deps.metrics, {
      ...record,
      latencyMs: performance.now() - started,
    });
    return true;
  }

  /** After the full pipeline answered a GET with a cached entry: its URL is known valid from now on. */
  learn(request: FastifyRequest & { cacheTarget?: CacheTarget }, status: number): void {
    const waits = (request.query as Record<string, unknown> | undefined)?.waitFor !== undefined;
    if (
      request.method === 'GET' &&
      request.cacheTarget &&
      (status === 200 || status === 304) &&
      !waits
    )
      this.known.set(request.url, {
        target: request.cacheTarget,
        route: request.routeOptions.url ?? 'unmatched',
      });
  }

  /** The entry's key, rebuilt only when the family's list generation moved. */
  private async keyOf(known: Known): Promise<string> {
    const { cache, token } = this.deps as FastPathDeps;
    const { target } = known;
    if ('id' in target)
      return (known.key ??= cacheKeyFor({ kind: 'report', scope: token.scope, ...target }));
    const generation = await cache.generation(token.scope, target.family);
    if (known.key === undefined || known.generation !== generation)
      Object.assign(known, {
        generation,
        key: cacheKeyFor({
          kind: 'list',
          scope: token.scope,
          family: target.family,
          generation,
          query: target.list,
        }),
      });
    return known.key as string;
  }

  private eligible(req: IncomingMessage): Known | undefined {
    if (req.method !== 'GET' || this.draining || !this.deps) return undefined;
    const known = this.known.get(req.url ?? '');
    if (!known || /\bno-cache\b/i.test(req.headers['cache-control'] ?? '')) return undefined;
    if (this.deps.corsEnabled && req.headers.origin) return undefined;
    return this.deps.keys.allows({ headers: req.headers, url: req.url ?? '' } as FastifyRequest)
      ? known
      : undefined;
  }

  private cacheHeaders(requestId: string, entry: CacheEntry, now: number): string[] {
    const maxAge = `private, max-age=${maxAgeSecondsOf(entry, now)}`;
    return [
      'x-request-id',
      requestId,
      'x-cache',
      'HIT',
      'age',
      String(ageSecondsOf(entry, now)),
      'etag',
      entry.etag,
      'cache-control',
      maxAge,
    ];
  }

  private write(
    req: IncomingMessage,
    res: ServerResponse,
    entry: CacheEntry,
    headers: string[],
  ): number {
    if (etagMatches(req.headers['if-none-match'], entry.etag)) {
      res.writeHead(304, [...this.fixedHeaders, ...headers]);
      res.end();
      return 304;
    }
    const body = [
      'content-type',
      'application/json; charset=utf-8',
      'content-length',
      String(Buffer.byteLength(entry.body)),
    ];
    res.writeHead(200, [...this.fixedHeaders, ...headers, ...body]);
    res.end(entry.body);
    return 200;
  }
}
