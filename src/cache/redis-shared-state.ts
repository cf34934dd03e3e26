import type { RedisClientType } from '@keyv/redis';
import { SharedState } from './shared-state';

/** SharedState on Redis, so cooldowns, leases, generations and tokens hold across replicas. */
export class RedisSharedState extends SharedState {
  constructor(private readonly redis: RedisClientType) {
    super();
  }

  get(key: string): Promise<string | null> {
    return this.redis.get(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(key, value, { PX: Math.max(1, Math.ceil(ttlMs)) });
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const reply = await this.redis.set(key, value, { NX: true, PX: Math.max(1, Math.ceil(ttlMs)) });
    return reply === 'OK';
  }

  async deleteIf(key: string, value: string): Promise<void> {
    // Compare-and-delete in one step: a lease that expired and was taken by another replica stays theirs.
    await this.redis.eval(
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
      { keys: [key], arguments: [value] },
    );
  }

  async hitWindow(key: string, windowMs: number): Promise<{ hits: number; resetInMs: number }> {
    const [hits, ttl] = (await this.redis.eval(
      "local n = redis.call('incr', KEYS[1]) if n == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end return {n, redis.call('pttl', KEYS[1])}",
      { keys: [key], arguments: [String(windowMs)] },
    )) as [number, number];
    return { hits, resetInMs: ttl > 0 ? ttl : windowMs };
  }

  increment(key: string): Promise<number> {
    return this.redis.incr(key);
  }
}
