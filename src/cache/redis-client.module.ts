import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { RedisClientType } from '@keyv/redis';
import { Env } from '../config/env';
import { redisClientFor } from './cache-stores';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** The process's one Redis connection (null with CACHE_STORE=memory), closed on shutdown. */
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
  ],
  exports: [REDIS_CLIENT],
})
export class RedisClientModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClientType | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis?.isOpen) await this.redis.quit().catch(() => undefined);
  }
}
