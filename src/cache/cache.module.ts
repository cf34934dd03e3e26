import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { EntryStore } from './entry-store';
import { FillCoordinator } from './fill-coordinator';
import { RedisLink } from '../state/redis-link';
import { ResilientSharedState } from '../state/redis-shared-state';
import { ReportCache } from './report-cache';
import { MemorySharedState, SharedState } from '../state/shared-state';

/** The process's one Redis link (null with CACHE_STORE=memory). */
export const REDIS_LINK = Symbol('REDIS_LINK');

/**
 * The one cache: entries in an LRU (and in Redis, behind that LRU as a coherent memory tier), small
 * shared values in SharedState; with Redis both fall back to this replica's memory while it is away.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_LINK,
      inject: [Env, MetricsService],
      useFactory: async (env: Env, metrics: MetricsService): Promise<RedisLink | null> => {
        if (env.CACHE_STORE !== 'redis' || !env.REDIS_URL) return null;
        const link = new RedisLink(env.REDIS_URL, env.REDIS_TIMEOUT_MS, metrics);
        await link.connect();
        return link;
      },
    },
    {
      provide: SharedState,
      inject: [REDIS_LINK, Clock],
      useFactory: (link: RedisLink | null, clock: Clock) =>
        link ? new ResilientSharedState(link, clock) : new MemorySharedState(clock),
    },
    {
      provide: EntryStore,
      inject: [Env, MetricsService, Clock, REDIS_LINK],
      useFactory: async (
        env: Env,
        metrics: MetricsService,
        clock: Clock,
        link: RedisLink | null,
      ) => {
        const entries = new EntryStore(env, metrics, clock, link);
        await entries.start();
        return entries;
      },
    },
    FillCoordinator,
    ReportCache,
  ],
  exports: [SharedState, ReportCache, REDIS_LINK],
})
export class CacheModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_LINK) private readonly link: RedisLink | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.link?.close();
  }
}
