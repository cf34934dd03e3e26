import { CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import type { RedisClientType } from '@keyv/redis';
import { Clock } from '../clock';
import { CacheStores } from './cache-stores';
import { FillCoordinator } from './fill-coordinator';
import { RedisSharedState } from './redis-shared-state';
import { CACHE_STORES, REDIS_CLIENT, RedisClientModule } from './redis-client.module';
import { ReportCache } from './report-cache';
import { MemorySharedState, SharedState } from './shared-state';

/** The one cache: entries in cache-manager (LRU memory or Redis), small shared values in SharedState. */
@Global()
@Module({
  imports: [
    RedisClientModule,
    NestCacheModule.registerAsync({
      imports: [RedisClientModule],
      inject: [CACHE_STORES],
      useFactory: (stores: CacheStores) => ({ stores: [stores.keyv] }),
    }),
  ],
  providers: [
    {
      provide: SharedState,
      inject: [REDIS_CLIENT, Clock],
      useFactory: (redis: RedisClientType | null, clock: Clock) =>
        redis ? new RedisSharedState(redis) : new MemorySharedState(clock),
    },
    FillCoordinator,
    ReportCache,
  ],
  exports: [SharedState, ReportCache, RedisClientModule],
})
export class CacheModule {}
