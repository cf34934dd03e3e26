import KeyvRedis, { createClient, type RedisClientType } from '@keyv/redis';
import { Keyv } from 'keyv';
import { LRUCache } from 'lru-cache';
import { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';

/**
 * Bytes of one stored entry as V8 holds it: the serialised body (a one-byte string) dominates; the
 * constant covers the entry object, its ETag and key strings, and the LRU's and Keyv's bookkeeping.
 */
function sizeOf(item: unknown): number {
  const body = (item as { value?: { body?: unknown } })?.value?.body;
  return typeof body === 'string'
    ? body.length + 640
    : Buffer.byteLength(JSON.stringify(item)) + 640;
}

/** Reads an entry without waiting (memory store); undefined where the store cannot (Redis). */
export type StorePeek = (key: string) => unknown;
export type CacheStores = { keyv: Keyv; peek: StorePeek | null };

const NAMESPACE = 'bff';

/** The memory store: LRU bounded by entries and bytes; values kept as objects (no serialisation). */
export function memoryStore(env: Env, metrics: MetricsService): CacheStores {
  const lru = new LRUCache<string, object>({
    max: env.CACHE_MAX_ENTRIES,
    maxSize: env.CACHE_MAX_BYTES,
    sizeCalculation: sizeOf,
    dispose: (_value, _key, reason) => {
      if (reason === 'evict') metrics.cache.inc({ outcome: 'eviction' });
    },
  });
  // Keyv passes a TTL number as set()'s third argument, which LRUCache reads as options; Keyv keeps the
  // expiry itself, so the adapter drops it.
  const store = {
    get: (key: string) => lru.get(key),
    set: (key: string, value: object) => lru.set(key, value) && true,
    delete: (key: string) => lru.delete(key),
    clear: () => lru.clear(),
    has: (key: string) => lru.has(key),
  };
  // The LRU is this store's alone, so keys go in unprefixed: the hit fast path then looks up the very
  // key string it holds (its hash already computed), not a new concatenation per request.
  const keyv = new Keyv({
    store,
    namespace: NAMESPACE,
    useKeyPrefix: false,
    serialize: undefined,
    deserialize: undefined,
  });
  // Keyv keeps `{ value, expires }` under the key; the hit fast path reads it synchronously.
  const peek: StorePeek = (key) => {
    const held = lru.get(key) as { value?: unknown; expires?: number } | undefined;
    if (!held || (held.expires !== undefined && held.expires <= Date.now())) return null;
    return held.value ?? null;
  };
  return { keyv, peek };
}

export function redisStore(client: RedisClientType): CacheStores {
  return {
    keyv: new Keyv({ store: new KeyvRedis(client), namespace: NAMESPACE, useKeyPrefix: false }),
    peek: null,
  };
}

/** One Redis connection per process for the store and SharedState; failures surface via readiness. */
export function redisClientFor(url: string): RedisClientType {
  const client = createClient({
    url,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(retries * 100, 2000) },
  }) as RedisClientType;
  client.on('error', () => undefined); // reported by /health/ready; an unhandled 'error' event would crash the process
  return client;
}
