import { Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { CacheEntry } from './cache-entry';
import { RedisLink, RedisUnavailableError } from '../state/redis-link';

/** Bytes of one entry as V8 holds it: the body (a one-byte string) and a constant for the rest. */
const sizeOf = (entry: CacheEntry) => entry.body.length + 640;

const CHANNEL = 'bff:invalidate';

type Invalidation = { t: 'del'; k: string } | { t: 'gen'; k: string; v: number };

/**
 * Where cache entries live: a bounded LRU in this process (the whole store with CACHE_STORE=memory),
 * and with Redis a memory tier in front of the shared entries, so a hit never waits for Redis.
 * The tier stays coherent across replicas: a delete or a generation bump (a create or delete makes a
 * family's lists miss) is published to every replica, and the tier is only trusted while that
 * subscription is up; after a Redis outage (missed messages) it starts empty. While Redis is away the
 * tier is this replica's own cache (CONTRACT §4: GETs are still answered from the replica's memory).
 */
export class EntryStore {
  private readonly lru: LRUCache<string, CacheEntry>;
  private readonly generations = new Map<string, number>();
  private readonly logger = new Logger(EntryStore.name);

  constructor(
    env: Env,
    metrics: MetricsService,
    private readonly clock: Clock,
    private readonly link: RedisLink | null,
  ) {
    this.lru = new LRUCache<string, CacheEntry>({
      max: env.CACHE_MAX_ENTRIES,
      maxSize: env.CACHE_MAX_BYTES,
      sizeCalculation: sizeOf,
      dispose: (_value, _key, reason) => {
        if (reason === 'evict') metrics.cache.inc({ outcome: 'eviction' });
      },
    });
    link?.onRecovered(() => this.forgetAll());
  }

  /** Subscribes to the other replicas' invalidations (Redis only). */
  async start(): Promise<void> {
    await this.link?.subscribe(CHANNEL, (message) => this.apply(message));
  }

  /** The entry in this process's memory, when it can be trusted; never waits. */
  peek(key: string): CacheEntry | undefined {
    return this.tierUsable ? this.lru.get(key) : undefined;
  }

  /** The entry: from memory when fresh there, else the newer of memory and Redis. */
  async get(key: string): Promise<CacheEntry | null> {
    const local = this.peek(key) ?? null;
    if (!this.link?.available) return local;
    if (local && local.freshUntil > this.clock.now()) return local;
    return this.newer(local, await this.readShared(key));
  }

  /** The entry as Redis holds it now (a lease holder on another replica may just have stored it). */
  async getShared(key: string): Promise<CacheEntry | null> {
    if (!this.link?.available) return this.peek(key) ?? null;
    return this.readShared(key);
  }

  async set(key: string, entry: CacheEntry, keepMs: number): Promise<void> {
    this.lru.set(key, entry, { ttl: Math.max(1, keepMs) });
    await this.shared((redis) =>
      redis.set(key, JSON.stringify(entry), { PX: Math.max(1, Math.ceil(keepMs)) }),
    );
  }

  async delete(key: string): Promise<void> {
    this.lru.delete(key);
    await this.shared((redis) => redis.del(key));
    await this.publish({ t: 'del', k: key });
  }

  /** A list generation known without asking SharedState; undefined when it must be read. */
  knownGeneration(key: string): number | undefined {
    return this.tierUsable ? this.generations.get(key) : undefined;
  }

  /** Remembers a generation read from SharedState. */
  rememberGeneration(key: string, value: number): void {
    this.generations.set(key, Math.max(value, this.generations.get(key) ?? 0));
  }

  /** A bumped generation: remembered here and announced to every replica. */
  async announceGeneration(key: string, value: number): Promise<void> {
    this.generations.set(key, value);
    await this.publish({ t: 'gen', k: key, v: value });
  }

  /** Memory is the store, or Redis is away (memory is all there is), or no invalidation was missed. */
  private get tierUsable(): boolean {
    return !this.link || !this.link.available || this.link.subscribed;
  }

  private async readShared(key: string): Promise<CacheEntry | null> {
    const raw = await this.shared((redis) => redis.get(key));
    if (!raw) return null;
    const entry = JSON.parse(raw) as CacheEntry;
    const keepMs = (entry.keepUntil ?? entry.freshUntil) - this.clock.now();
    if (keepMs > 0) this.lru.set(key, entry, { ttl: keepMs });
    return entry;
  }

  private newer(local: CacheEntry | null, shared: CacheEntry | null): CacheEntry | null {
    if (!local || !shared) return shared ?? local;
    return shared.storedAt >= local.storedAt ? shared : local;
  }

  /** A Redis operation that may fail: the link has already switched to degraded mode then. */
  private async shared<T>(
    operation: (redis: RedisLink['client']) => Promise<T>,
  ): Promise<T | null> {
    if (!this.link?.available) return null;
    try {
      return await this.link.run(operation);
    } catch (error) {
      if (error instanceof RedisUnavailableError) return null;
      throw error;
    }
  }

  private async publish(message: Invalidation): Promise<void> {
    await this.shared((redis) => redis.publish(CHANNEL, JSON.stringify(message)));
  }

  private apply(raw: string): void {
    try {
      const message = JSON.parse(raw) as Invalidation;
      if (message.t === 'del') this.lru.delete(message.k);
      else this.rememberGeneration(message.k, message.v);
    } catch {
      this.logger.warn('unreadable invalidation message ignored');
    }
  }

  private forgetAll(): void {
    this.lru.clear();
    this.generations.clear();
  }
}
