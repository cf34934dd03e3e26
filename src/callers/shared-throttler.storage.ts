import { Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { SharedState } from '../cache/shared-state';

const recordOf = (
  { hits, resetInMs }: { hits: number; resetInMs: number },
  limit: number,
): ThrottlerStorageRecord => {
  const seconds = Math.max(1, Math.ceil(resetInMs / 1000));
  return {
    totalHits: hits,
    timeToExpire: seconds,
    isBlocked: hits > limit,
    timeToBlockExpire: hits > limit ? seconds : 0,
  };
};

/** Per-caller request counts in SharedState: in memory for one process, in Redis across replicas. */
@Injectable()
export class SharedThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly state: SharedState) {}

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    return recordOf(await this.state.hitWindow(`ratelimit:${key}`, ttl), limit);
  }

  /** `increment` without waiting, where the store allows it (memory); undefined means "ask `increment`". */
  incrementNow(key: string, ttl: number, limit: number): ThrottlerStorageRecord | undefined {
    const window = this.state.hitWindowNow(`ratelimit:${key}`, ttl);
    return window && recordOf(window, limit);
  }
}
