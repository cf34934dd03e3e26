import { Injectable } from '@nestjs/common';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { WebexApiError } from '../webex/webex-api.error';
import { ageSecondsOf, CachedAnswer, CacheEntry, CacheTarget, toEntry } from './cache-entry';
import { CacheMode, CacheWindows, mayRevalidate, mayServeStale, planRead } from './cache-decision';
import { generationKeyFor, targetKeyFor } from './cache-keys';
import { EntryStore } from './entry-store';
import { FillCoordinator, FillSkippedError } from './fill-coordinator';
import { RefreshGate } from './refresh-gate';
import { SharedState } from '../state/shared-state';

/** A target's cache key and the list generation it was built for (0 for a report). */
export type BuiltKey = { key: string; generation: number };

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
 * Redis), and old entries stand in when Webex fails. Errors are never stored as answers; a key whose
 * load failed backs off before the next attempt (RefreshGate), however many callers read it.
 */
@Injectable()
export class ReportCache {
  private readonly gate: RefreshGate;
  private readonly windows: CacheWindows;

  constructor(
    private readonly entries: EntryStore,
    private readonly state: SharedState,
    private readonly fills: FillCoordinator,
    private readonly clock: Clock,
    private readonly env: Env,
    private readonly metrics: MetricsService,
  ) {
    this.gate = new RefreshGate(state, clock);
    this.windows = {
      minRefreshMs: env.CACHE_MIN_REFRESH_S * 1000,
      staleWhileRevalidateMs: env.CACHE_STALE_WHILE_REVALIDATE_S * 1000,
      staleIfErrorMs: env.CACHE_STALE_IF_ERROR_S * 1000,
    };
  }

  async getOrLoad<T>(key: string, spec: LoadSpec<T>, mode: CacheMode): Promise<CachedAnswer> {
    const startedAt = this.clock.now();
    const cached = await (mode === 'normal' ? this.entries.get(key) : this.entries.getShared(key));
    const now = this.clock.now();
    const effective = await this.effectiveMode(key, cached, mode, now);
    const plan = planRead(cached, effective, now, this.windows);
    if (cached && plan === 'hit') return this.answer(cached, 'HIT');
    const load = () => this.loadAndStore(key, spec);
    const mayLoad = async () => !(await this.gate.isClosed(key));
    if (cached && plan === 'stale') {
      void this.refreshInBackground(key, load, mayLoad, startedAt);
      return this.answer(cached, 'STALE');
    }
    // With an old entry to fall back on, a key whose last load failed waits out its backoff; a
    // caller with nothing to fall back on tries (the breaker and retry budget bound that).
    const gated = cached?.status === 200 ? mayLoad : undefined;
    try {
      if (gated && !(await gated())) throw new FillSkippedError(`${key} is backing off`);
      const entry = await this.fills.fill(key, load, startedAt, gated);
      return this.answer(entry, effective === 'normal' ? 'MISS' : 'BYPASS');
    } catch (error) {
      if (cached && mayServeStale(cached, allowsStale(error), this.clock.now(), this.windows))
        return this.answer(cached, 'STALE');
      throw this.asCallerError(error);
    }
  }

  /** The freshest entry in this process's memory, without waiting; undefined when it must be read. */
  peek(key: string): CacheEntry | undefined {
    return this.entries.peek(key);
  }

  /** How a served entry is counted and answered, whichever path answers it. */
  answer(entry: CacheEntry, outcome: CachedAnswer['outcome']): CachedAnswer {
    this.metrics.cacheOutcome(outcome).inc();
    return { entry, outcome, ageS: ageSecondsOf(entry, this.clock.now()) };
  }

  /** The key of a target now: a list's key holds its family's current generation. */
  async keyFor(scope: string, target: CacheTarget): Promise<string> {
    const generation = 'id' in target ? 0 : await this.generation(scope, target.family);
    return targetKeyFor(scope, target, generation);
  }

  /**
   * `keyFor` without waiting, where the generation is known in memory; undefined otherwise. `built`,
   * what this returned for the target before, is returned as is while its generation is current.
   */
  keyNow(scope: string, target: CacheTarget, built?: BuiltKey): BuiltKey | undefined {
    const generation =
      'id' in target ? 0 : this.entries.knownGeneration(generationKeyFor(scope, target.family));
    if (generation === undefined) return undefined;
    if (built?.generation === generation) return built;
    return { key: targetKeyFor(scope, target, generation), generation };
  }

  /** Current generation of a family's lists; part of their keys, so a bump misses on every replica. */
  async generation(scope: string, family: string): Promise<number> {
    const key = generationKeyFor(scope, family);
    const known = this.entries.knownGeneration(key);
    if (known !== undefined) return known;
    const value = Number((await this.state.get(key)) ?? 0);
    this.entries.rememberGeneration(key, value);
    return value;
  }

  /** After a create or delete: that family's lists (and the report) miss on every replica. */
  async invalidate(scope: string, family: string, reportKey?: string): Promise<void> {
    const key = generationKeyFor(scope, family);
    const known = await this.generation(scope, family);
    const bumped = await this.state.increment(key);
    // While Redis is away the bump counts from this replica's last known generation.
    await this.entries.announceGeneration(key, this.state.available ? bumped : known + 1);
    if (reportKey) await this.entries.delete(reportKey);
  }

  /** A caller's no-cache refetches only an entry older than CACHE_MIN_REFRESH_S, and not while backing off. */
  private async effectiveMode(
    key: string,
    cached: CacheEntry | null,
    mode: CacheMode,
    now: number,
  ): Promise<CacheMode> {
    if (mode !== 'revalidate' || !cached) return mode;
    if (!mayRevalidate(cached, now, this.windows)) return 'normal';
    return (await this.gate.isClosed(key)) ? 'normal' : 'revalidate';
  }

  private async refreshInBackground(
    key: string,
    load: () => Promise<CacheEntry>,
    mayLoad: () => Promise<boolean>,
    since: number,
  ): Promise<void> {
    try {
      if (await mayLoad()) await this.fills.fill(key, load, since, mayLoad);
    } catch {
      // A failed refresh costs the callers nothing (they had the stale entry); the gate logged it.
    }
  }

  private async loadAndStore<T>(key: string, spec: LoadSpec<T>): Promise<CacheEntry> {
    let entry: CacheEntry;
    try {
      const value = await spec.load();
      const keepMs =
        Math.max(this.env.CACHE_STALE_WHILE_REVALIDATE_S, this.env.CACHE_STALE_IF_ERROR_S) * 1000;
      entry = toEntry(200, value, this.clock.now(), spec.freshFor(value), keepMs);
    } catch (error) {
      if (spec.remember404 && isNotFound(error))
        entry = toEntry(404, { detail: error.message }, this.clock.now(), NOT_FOUND_MEMORY_MS);
      else {
        if (error instanceof WebexApiError && error.allowsStale)
          await this.gate.failed(key, error.message).catch(() => undefined);
        throw error;
      }
    }
    await this.entries.set(key, entry, entry.keepUntil - this.clock.now());
    await this.gate.succeeded(key).catch(() => undefined);
    return entry;
  }

  /** A load skipped because this key is backing off after failures: Webex is failing, retry soon. */
  private asCallerError(error: unknown): unknown {
    if (!(error instanceof FillSkippedError)) return error;
    return new WebexApiError('circuit-open', 503, 'Webex failed for this request moments ago', {
      mayHaveReached: false,
      retryAfterS: 1,
    });
  }
}

/** Failures where the entry held beats an error: Webex's, and a load skipped while backing off. */
const allowsStale = (error: unknown): boolean =>
  error instanceof FillSkippedError || (error instanceof WebexApiError && error.allowsStale);

const isNotFound = (error: unknown): error is WebexApiError =>
  error instanceof WebexApiError && error.failure === 'http' && error.status === 404;
