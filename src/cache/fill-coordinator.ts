import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Cache } from 'cache-manager';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { CacheEntry } from './cache-entry';
import { SharedState } from './shared-state';

const POLL_MS = 20;

/**
 * Concurrent identical misses share one load: one promise per key in this process, and a short lease
 * in SharedState across replicas. A replica that finds the lease taken waits for the holder's entry;
 * a crashed holder's lease expires, and then the waiter loads itself.
 */
@Injectable()
export class FillCoordinator {
  private readonly inFlight = new Map<string, Promise<CacheEntry>>();

  constructor(
    @Inject(CACHE_MANAGER) private readonly store: Cache,
    private readonly state: SharedState,
    private readonly clock: Clock,
    private readonly env: Env,
  ) {}

  /** `since`: when the caller found no usable entry; an entry stored after that is the answer too. */
  fill(key: string, load: () => Promise<CacheEntry>, since: number): Promise<CacheEntry> {
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.filledSince(key, since)
        .then((entry) => entry ?? this.fillAcrossReplicas(key, load))
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  // A fill that finished between the caller's read and now has already answered this caller.
  private async filledSince(key: string, since: number): Promise<CacheEntry | null> {
    const entry = (await this.store.get<CacheEntry>(key)) ?? null;
    return entry && entry.storedAt >= since ? entry : null;
  }

  private get leaseMs(): number {
    return this.env.upstreamDeadlineMs + 2000;
  }

  private async fillAcrossReplicas(
    key: string,
    load: () => Promise<CacheEntry>,
  ): Promise<CacheEntry> {
    const since = this.clock.now();
    const giveUpAt = since + this.leaseMs;
    while (this.clock.now() < giveUpAt) {
      const leaseId = randomUUID();
      if (await this.state.setIfAbsent(`lease:${key}`, leaseId, this.leaseMs)) {
        try {
          return await load();
        } finally {
          await this.state.deleteIf(`lease:${key}`, leaseId);
        }
      }
      const entry = await this.awaitHolder(key, since, giveUpAt);
      if (entry) return entry;
    }
    return load();
  }

  /** Polls for the entry the lease holder stores; null when the lease ends without one. */
  private async awaitHolder(
    key: string,
    since: number,
    giveUpAt: number,
  ): Promise<CacheEntry | null> {
    while (this.clock.now() < giveUpAt) {
      await this.clock.sleep(POLL_MS);
      const entry = (await this.store.get<CacheEntry>(key)) ?? null;
      if (entry && entry.storedAt >= since) return entry;
      if ((await this.state.get(`lease:${key}`)) === null) {
        const late = (await this.store.get<CacheEntry>(key)) ?? null;
        return late && late.storedAt >= since ? late : null;
      }
    }
    return null;
  }
}
