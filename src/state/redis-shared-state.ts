import { Clock } from '../clock';
import { RedisLink, RedisUnavailableError } from './redis-link';
import { FOREVER_MS, MemorySharedState, SharedState, Window } from './shared-state';

const px = (ttlMs: number) => Math.max(1, Math.ceil(ttlMs));

/** SharedState in Redis only: every operation bounded by the link, failing while Redis is away. */
export class RedisSharedState extends SharedState {
  constructor(private readonly link: RedisLink) {
    super();
  }

  override get available(): boolean {
    return this.link.available;
  }

  get(key: string): Promise<string | null> {
    return this.link.run((redis) => redis.get(key));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.link.run((redis) => redis.set(key, value, { PX: px(ttlMs) }));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const reply = await this.link.run((redis) =>
      redis.set(key, value, { NX: true, PX: px(ttlMs) }),
    );
    return reply === 'OK';
  }

  async deleteIf(key: string, value: string): Promise<void> {
    // Compare-and-delete in one step: a lease that expired and was taken by another replica stays theirs.
    await this.link.run((redis) =>
      redis.eval(
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
        { keys: [key], arguments: [value] },
      ),
    );
  }

  async renewIf(key: string, value: string, ttlMs: number): Promise<boolean> {
    const renewed = await this.link.run((redis) =>
      redis.eval(
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end",
        { keys: [key], arguments: [value, String(px(ttlMs))] },
      ),
    );
    return renewed === 1;
  }

  async delete(key: string): Promise<void> {
    await this.link.run((redis) => redis.del(key));
  }

  async hitWindow(key: string, windowMs: number, hits = 1): Promise<Window> {
    const [total, ttl] = (await this.link.run((redis) =>
      redis.eval(
        "local n = redis.call('incrby', KEYS[1], ARGV[2]) if n == tonumber(ARGV[2]) then redis.call('pexpire', KEYS[1], ARGV[1]) end return {n, redis.call('pttl', KEYS[1])}",
        { keys: [key], arguments: [String(windowMs), String(hits)] },
      ),
    )) as [number, number];
    return { hits: total, resetInMs: ttl > 0 ? ttl : windowMs };
  }

  async increment(key: string, ttlMs = FOREVER_MS): Promise<number> {
    const next = (await this.link.run((redis) =>
      redis.eval(
        "local n = redis.call('incr', KEYS[1]) redis.call('pexpire', KEYS[1], ARGV[1]) return n",
        { keys: [key], arguments: [String(px(ttlMs))] },
      ),
    )) as number;
    return next;
  }
}

/**
 * Redis while it answers, this replica's own memory while it does not (CONTRACT §4: a Redis outage
 * never fails a request). Cooldowns, leases and rate limits then hold within the replica. Counters
 * bumped during the outage (list generations after a create or delete) are bumped in Redis again
 * when it returns, so the other replicas' lists miss too.
 */
export class ResilientSharedState extends SharedState {
  private readonly redis: RedisSharedState;
  private readonly local: MemorySharedState;
  private readonly bumpedWhileAway = new Map<string, number>();

  constructor(link: RedisLink, clock: Clock) {
    super();
    this.redis = new RedisSharedState(link);
    this.local = new MemorySharedState(clock);
    link.onRecovered(() => void this.replayBumps());
  }

  override get available(): boolean {
    return this.redis.available;
  }

  override get sharedOnly(): SharedState {
    return this.redis;
  }

  get(key: string) {
    return this.either((state) => state.get(key));
  }
  set(key: string, value: string, ttlMs: number) {
    return this.either((state) => state.set(key, value, ttlMs));
  }
  setIfAbsent(key: string, value: string, ttlMs: number) {
    return this.either((state) => state.setIfAbsent(key, value, ttlMs));
  }
  deleteIf(key: string, value: string) {
    return this.either((state) => state.deleteIf(key, value));
  }
  renewIf(key: string, value: string, ttlMs: number) {
    return this.either((state) => state.renewIf(key, value, ttlMs));
  }
  delete(key: string) {
    return this.either((state) => state.delete(key));
  }
  hitWindow(key: string, windowMs: number, hits = 1) {
    return this.either((state) => state.hitWindow(key, windowMs, hits));
  }

  async increment(key: string, ttlMs = FOREVER_MS): Promise<number> {
    return this.either(
      (state) => state.increment(key, ttlMs),
      () => this.bumpedWhileAway.set(key, ttlMs),
    );
  }

  private async either<T>(
    operation: (state: SharedState) => Promise<T>,
    onFallback?: () => void,
  ): Promise<T> {
    if (this.redis.available) {
      try {
        return await operation(this.redis);
      } catch (error) {
        if (!(error instanceof RedisUnavailableError)) throw error;
      }
    }
    onFallback?.();
    return operation(this.local);
  }

  private async replayBumps(): Promise<void> {
    for (const [key, ttlMs] of [...this.bumpedWhileAway]) {
      this.bumpedWhileAway.delete(key);
      await this.redis.increment(key, ttlMs).catch(() => this.bumpedWhileAway.set(key, ttlMs));
    }
  }
}
