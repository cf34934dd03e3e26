import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every Prometheus series the service exports, on one registry per process (one per test app). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'Caller requests by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Caller request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly cache = new Counter({
    name: 'cache_events_total',
    help: 'Cache outcomes: hit, miss, stale, bypass, eviction',
    labelNames: ['outcome'],
    registers: [this.registry],
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
  private readonly cacheOutcomes = new Map<string, { inc(): void }>();

  /** The cache counter's child for one outcome, resolved once: hits are the hottest path. */
  cacheOutcome(outcome: string): { inc(): void } {
    let child = this.cacheOutcomes.get(outcome);
    if (!child) {
      child = this.cache.labels({ outcome: outcome.toLowerCase() });
      this.cacheOutcomes.set(outcome, child);
    }
    return child;
  }

  // Label children resolved once per (method, route, status): hashing labels on every request showed
  // up in the cache-hit profile. Routes are patterns, so the map stays small.
  private readonly requestSeriesByKey = new Map<string, RequestSeries>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** The request count and latency series of one (method, route, status). */
  requestSeries(method: string, route: string, status: number): RequestSeries {
    const key = `${method} ${route} ${status}`;
    let series = this.requestSeriesByKey.get(key);
    if (!series) {
      const labels = { method, route, status: String(status) };
      const count = this.requests.labels(labels);
      const latency = this.latency.labels(labels);
      series = {
        observe: (seconds) => {
          count.inc();
          latency.observe(seconds);
        },
      };
      this.requestSeriesByKey.set(key, series);
    }
    return series;
  }
}

/** One (method, route, status) of the request metrics: counts the request and its latency. */
export type RequestSeries = { observe(seconds: number): void };
