import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { collectDefaultMetricsButLeftOut } from './default-metrics';
import { RequestMetrics, RequestSeries } from './request-metrics';

/** Every Prometheus series the service exports, on one registry per process (one per test app). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  /** http_requests_total and http_request_duration_seconds: the hottest series, kept by hand. */
  private readonly requestMetrics = new RequestMetrics(this.registry);
  readonly cache = new Counter({
    name: 'cache_events_total',
    help: 'Cache outcomes: hit, miss, stale, bypass, eviction',
    labelNames: ['outcome'],
    registers: [this.registry],
    collect: () => this.foldCacheOutcomes(),
  });
  readonly upstreamCalls = new Counter({
    name: 'webex_upstream_calls_total',
    help: 'Attempts sent to Webex by status (0 = no answer)',
    labelNames: ['method', 'status'],
    registers: [this.registry],
  });
  readonly upstreamWaits = new Counter({
    name: 'webex_upstream_waits_total',
    help: 'Waits before retrying or sending: throttled (429), locked (423), backoff',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly tokenRefreshes = new Counter({
    name: 'webex_token_refreshes_total',
    help: 'OAuth token refreshes by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  /** Epoch ms at which the current access token expires; null for a static token. */
  tokenExpiresAt: number | null = null;
  readonly tokenExpiry: Gauge = new Gauge({
    name: 'webex_token_expiry_seconds',
    help: 'Seconds until the current access token expires (static tokens: not set)',
    registers: [this.registry],
    collect: () => {
      if (this.tokenExpiresAt !== null)
        this.tokenExpiry.set((this.tokenExpiresAt - Date.now()) / 1000);
    },
  });
  readonly droppedItems = new Counter({
    name: 'webex_unreadable_items_total',
    help: 'Upstream list items that could not be read and were dropped',
    labelNames: ['family'],
    registers: [this.registry],
  });

  readonly redisDegraded = new Gauge({
    name: 'redis_degraded',
    help: '1 while Redis is unreachable or stalled and this replica serves from its own memory',
    registers: [this.registry],
  });
  /**
   * Cache outcomes counted in plain numbers and added to `cache_events_total` when it is read (its
   * `collect`): a prom-client child's `inc()` validates and hashes its labels each time, and hits are
   * the hottest path.
   */
  private readonly cacheOutcomes = new Map<string, { count: number; inc(): void }>();

  /** The cache counter's child for one outcome. */
  cacheOutcome(outcome: string): { inc(): void } {
    let child = this.cacheOutcomes.get(outcome);
    if (!child) {
      const counted = {
        count: 0,
        inc: () => {
          counted.count += 1;
        },
      };
      child = counted;
      this.cacheOutcomes.set(outcome, child);
    }
    return child;
  }

  private foldCacheOutcomes(): void {
    for (const [outcome, counted] of this.cacheOutcomes)
      if (counted.count > 0) {
        this.cache.inc({ outcome: outcome.toLowerCase() }, counted.count);
        counted.count = 0;
      }
  }

  constructor() {
    collectDefaultMetricsButLeftOut(this.registry);
  }

  /** The request count and latency series of one (method, route, status). */
  requestSeries(method: string, route: string, status: number): RequestSeries {
    return this.requestMetrics.series(method, route, status);
  }
}

export type { RequestSeries };
