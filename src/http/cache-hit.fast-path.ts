import type { FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import { CacheEntry, CacheTarget } from '../cache/cache-entry';
import { targetKeyFor } from '../cache/cache-keys';
import { ReportCache } from '../cache/report-cache';
import { ApiKeys, Caller } from '../callers/callers';
import { RateLimits, Verdict } from '../callers/rate-limits';
import { Clock } from '../clock';
import { MetricsService } from '../metrics/metrics.service';
import { WebexTokenService } from '../webex/webex-token.service';
import { requestIdOf } from './request-id';
import { HitRecord, RequestLog, requestFields } from './request-log';
import { hitWriter } from './hit-response';
import { cacheModeOf } from '../reports/cached-reply';

export type FastPathDeps = {
  cache: ReportCache;
  token: WebexTokenService;
  keys: ApiKeys;
  limits: RateLimits;
  clock: Clock;
  metrics: MetricsService;
  log: RequestLog;
  corsEnabled: boolean;
};

/** What the caller checks need of a raw request (Fastify's `request.ip` is the socket address too). */
const callerOf = (req: IncomingMessage): Caller => ({
  headers: req.headers,
  url: req.url ?? '',
  ip: req.socket.remoteAddress ?? '',
});

/**
 * A URL the full pipeline validated: its cache target, its log fields and metric series (built once),
 * and its last computed cache key.
 */
type Known = HitRecord & { target: CacheTarget; key?: string; generation?: number };
type Hit = {
  known: Known;
  entry: CacheEntry;
  now: number;
  verdict: Verdict & { headers: string[] };
  started: number;
};

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
  private readonly writeHit = hitWriter();
  private deps: FastPathDeps | null = null;
  private draining = false;

  /** The app's services, once Nest has built them; until then every request goes to Fastify. */
  attach(deps: FastPathDeps): void {
    this.deps = deps;
  }

  drain(): void {
    this.draining = true;
  }

  /**
   * Answers a fresh hit, or hands the request to `next` (Fastify). With the memory store the answer
   * takes no promise and no microtask; with Redis it awaits the store. A request it is not sure it
   * can answer goes to `next` unchanged.
   */
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const caller = callerOf(req);
    const known = this.eligible(req, caller);
    if (!known) return next();
    const answered = this.answerNow(known, caller, req, res);
    if (answered !== undefined) return answered ? undefined : next();
    this.answer(known, caller, req, res).then(
      (done) => done || next(),
      () => res.headersSent || next(),
    );
  }

  /** true: answered; false: Fastify's; undefined: the stores cannot tell without waiting (Redis). */
  private answerNow(
    known: Known,
    caller: Caller,
    req: IncomingMessage,
    res: ServerResponse,
  ): boolean | undefined {
    const deps = this.deps as FastPathDeps;
    const started = performance.now();
    const key = this.keyNow(known);
    const entry = key === undefined ? undefined : deps.cache.readNow(key);
    if (entry === undefined) return undefined;
    const now = deps.clock.now();
    if (!this.isFresh(entry, now)) return false;
    const verdict = deps.limits.countNow(caller);
    if (verdict === undefined) return undefined;
    return (
      'headers' in verdict &&
      this.respond(req, res, { known, entry: entry as CacheEntry, now, verdict, started })
    );
  }

  private async answer(
    known: Known,
    caller: Caller,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<boolean> {
    const deps = this.deps as FastPathDeps;
    const started = performance.now();
    const entry = await deps.cache.read(await this.keyOf(known));
    const now = deps.clock.now();
    if (!this.isFresh(entry, now)) return false;
    const verdict = await deps.limits.count(caller);
    return (
      'headers' in verdict &&
      this.respond(req, res, { known, entry: entry as CacheEntry, now, verdict, started })
    );
  }

  private isFresh(entry: CacheEntry | null, now: number): boolean {
    return entry !== null && entry.status === 200 && now < entry.freshUntil;
  }

  private respond(req: IncomingMessage, res: ServerResponse, hit: Hit): true {
    const deps = this.deps as FastPathDeps;
    const requestId = requestIdOf(req.headers);
    const status = this.writeHit(req, res, {
      entry: hit.entry,
      now: hit.now,
      requestId,
      limitHeaders: hit.verdict.headers,
    });
    deps.metrics.cacheHits.inc();
    deps.log.recordHit(hit.known, requestId, status, performance.now() - hit.started);
    return true;
  }

  /** After the full pipeline answered a GET with a cached entry: its URL is known valid from now on. */
  learn(request: FastifyRequest & { cacheTarget?: CacheTarget }, status: number): void {
    const waits = (request.query as Record<string, unknown> | undefined)?.waitFor !== undefined;
    const metrics = this.deps?.metrics;
    if (
      !metrics ||
      request.method !== 'GET' ||
      !request.cacheTarget ||
      (status !== 200 && status !== 304) ||
      waits
    )
      return;
    const route = request.routeOptions.url ?? 'unmatched';
    const ok = metrics.requestSeries('GET', route, 200);
    this.known.set(request.url, {
      target: request.cacheTarget,
      fields: requestFields('GET', route, request.url),
      series: (answered) => (answered === 200 ? ok : metrics.requestSeries('GET', route, answered)),
    });
  }

  private keyNow(known: Known): string | undefined {
    const { cache, token } = this.deps as FastPathDeps;
    if ('id' in known.target) return this.keyFor(known, 0);
    const generation = cache.generationNow(token.scope, known.target.family);
    return generation === undefined ? undefined : this.keyFor(known, generation);
  }

  private async keyOf(known: Known): Promise<string> {
    const { cache, token } = this.deps as FastPathDeps;
    if ('id' in known.target) return this.keyFor(known, 0);
    return this.keyFor(known, await cache.generation(token.scope, known.target.family));
  }

  /** The entry's key, rebuilt only when the family's list generation moved. */
  private keyFor(known: Known, generation: number): string {
    const { token } = this.deps as FastPathDeps;
    if (known.key === undefined || known.generation !== generation)
      Object.assign(known, {
        generation,
        key: targetKeyFor(token.scope, known.target, generation),
      });
    return known.key as string;
  }

  private eligible(req: IncomingMessage, caller: Caller): Known | undefined {
    if (req.method !== 'GET' || this.draining || !this.deps) return undefined;
    const known = this.known.get(req.url ?? '');
    if (!known || cacheModeOf(req) === 'bypass') return undefined;
    if (this.deps.corsEnabled && req.headers.origin) return undefined;
    return this.deps.keys.allows(caller) ? known : undefined;
  }
}
