import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { Family } from '../reports/report';
import { WebexApiError } from '../webex/webex-api.error';
import {
  ageSecondsOf,
  CachedAnswer,
  CacheTarget,
  CacheEntry,
  maxAgeSecondsOf,
  toEntry,
} from './cache-entry';
import { generationKeyFor, targetKeyFor } from './cache-keys';
import { CacheStores } from './cache-stores';
import { FillCoordinator } from './fill-coordinator';
import { CACHE_STORES } from './redis-client.module';
import { SharedState } from './shared-state';

export type CacheMode = 'normal' | 'bypass';
export type LoadSpec<T> = {
  load: () => Promise<T>;
  /** Freshness in ms for a freshly loaded value. */
  freshFor: (value: T) => number;
  /** Remember a Webex 404 for a short while (single reports only). */
  remember404?: boolean;
};

const NOT_FOUND_MEMORY_MS = 15_000;

/**
 * The one cache of the service (CONTRACT §4): fresh entries are hits, stale ones are served while a
 * background refresh runs, misses are filled once for all concurrent callers (across replicas with
 * Redis), and old entries stand in when Webex fails. Errors are never stored as answers.
 */
@Injectable()
export class ReportCache {
  private readonly logger = new Logger(ReportCache.name);

  constructor(
    @Inject(CACHE_MANAGER) private readonly store: Cache,
    @Inject(CACHE_STORES) private readonly stores: CacheStores,
    private readonly state: SharedState,
    private readonly fills: FillCoordinator,
    private readonly clock: Clock,
    private readonly env: Env,
    private readonly metrics: MetricsService,
  ) {}

  async getOrLoad<T>(key: string, spec: LoadSpec<T>, mode: CacheMode): Promise<CachedAnswer> {
    const startedAt = this.clock.now();
    const cached = await this.read(key);
    const now = this.clock.now();
    if (mode === 'normal' && cached && now < cached.freshUntil) return this.answer(cached, 'HIT');
    const revalidating =
      now < (cached?.freshUntil ?? 0) + this.env.CACHE_STALE_WHILE_REVALIDATE_S * 1000;
    if (mode === 'normal' && cached?.status === 200 && revalidating) {
      this.fills
        .fill(key, () => this.loadAndStore(key, spec), startedAt)
        .catch((error: unknown) =>
          this.logger.warn(`background refresh failed: ${(error as Error).message}`),
        );
      return this.answer(cached, 'STALE');
    }
    try {
      const entry = await this.fills.fill(key, () => this.loadAndStore(key, spec), startedAt);
      return this.answer(entry, mode === 'bypass' ? 'BYPASS' : 'MISS');
    } catch (error) {
      if (cached && this.mayServeStale(cached, error)) return this.answer(cached, 'STALE');
      throw error;
    }
  }

  /** The key of a target now: a list's key holds its family's current generation. */
  async keyFor(scope: string, target: CacheTarget): Promise<string> {
    const generation = 'id' in target ? 0 : await this.generation(scope, target.family);
    return targetKeyFor(scope, target, generation);
  }

  /** Current generation of a family's lists; part of their keys, so a bump misses on every replica. */
  async generation(scope: string, family: Family): Promise<number> {
    return Number((await this.state.get(generationKeyFor(scope, family))) ?? 0);
  }

  async invalidate(scope: string, family: Family, reportKey?: string): Promise<void> {
    await this.state.increment(generationKeyFor(scope, family));
    if (reportKey) await this.store.del(reportKey);
  }

  /** `read` without waiting, where the store allows it (memory); undefined means "ask `read`". */
  readNow(key: string): CacheEntry | null | undefined {
    return this.stores.peek ? ((this.stores.peek(key) as CacheEntry | null) ?? null) : undefined;
  }

  /** A list's current generation without waiting (memory); undefined means "ask `generation`". */
  generationNow(scope: string, family: Family): number | undefined {
    const raw = this.state.getNow(generationKeyFor(scope, family));
    return raw === undefined ? undefined : Number(raw ?? 0);
  }

  async read(key: string): Promise<CacheEntry | null> {
    return (await this.store.get<CacheEntry>(key)) ?? null;
  }

  async write(key: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    await this.store.set(key, entry, ttlMs);
  }

  private async loadAndStore<T>(key: string, spec: LoadSpec<T>): Promise<CacheEntry> {
    try {
      const value = await spec.load();
      const entry = toEntry(200, value, this.clock.now(), spec.freshFor(value));
      const keepMs =
        Math.max(this.env.CACHE_STALE_WHILE_REVALIDATE_S, this.env.CACHE_STALE_IF_ERROR_S) * 1000;
      await this.write(key, entry, entry.freshUntil - entry.storedAt + keepMs);
      return entry;
    } catch (error) {
      if (!(
        spec.remember404 &&
        error instanceof WebexApiError &&
        error.failure === 'http' &&
        error.status === 404
      ))
        throw error;
      const entry = toEntry(404, { detail: error.message }, this.clock.now(), NOT_FOUND_MEMORY_MS);
      await this.write(key, entry, NOT_FOUND_MEMORY_MS);
      return entry;
    }
  }

  private mayServeStale(entry: CacheEntry, error: unknown): boolean {
    const age = this.clock.now() - entry.storedAt;
    return (
      entry.status === 200 &&
      error instanceof WebexApiError &&
      error.allowsStale &&
      age <= this.env.CACHE_STALE_IF_ERROR_S * 1000
    );
  }

  private answer(entry: CacheEntry, outcome: CachedAnswer['outcome']): CachedAnswer {
    this.metrics.cache.inc({ outcome: outcome.toLowerCase() });
    const now = this.clock.now();
    return { entry, outcome, ageS: ageSecondsOf(entry, now), maxAgeS: maxAgeSecondsOf(entry, now) };
  }
}
