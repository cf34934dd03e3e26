import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { RedisClientType } from '@keyv/redis';
import { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { CacheStores, memoryStore, redisClientFor, redisStore } from './cache-stores';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export const CACHE_STORES = Symbol('CACHE_STORES');

/**
 * The process's one Redis connection (null with CACHE_STORE=memory), closed on shutdown, and the
 * entry store built on it (or the memory LRU), shared by cache-manager and the hit fast path.
 */
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [Env],
      useFactory: (env: Env): RedisClientType | null => {
        if (env.CACHE_STORE !== 'redis' || !env.REDIS_URL) return null;
        const client = redisClientFor(env.REDIS_URL);
        client.connect().catch(() => undefined); // keeps reconnecting; readiness reports it meanwhile
        return client;
      },
    },
    {
      provide: CACHE_STORES,
      inject: [Env, MetricsService, REDIS_CLIENT],
      useFactory: (
        env: Env,
        metrics: MetricsService,
        redis: RedisClientType | null,
      ): CacheStores => (redis ? redisStore(redis) : memoryStore(env, metrics)),
    },
  ],
  exports: [REDIS_CLIENT, CACHE_STORES],
})
export class RedisClientModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClientType | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis?.isOpen) await this.redis.quit().catch(() => undefined);
  }
}
