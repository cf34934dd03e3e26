import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { CacheEntry } from './cache-entry';
import { EntryStore } from './entry-store';
import { SharedState } from '../state/shared-state';

/** A lease lives this long unless its holder renews it, so a dead holder is replaced within about a second. */
export const LEASE_MS = 1000;
const RENEW_EVERY_MS = 300;
const POLL_MS = 20;

/** A waiter's holder gave up without an entry, and `mayLoad` says not to try again now. */
export class FillSkippedError extends Error {}

/**
 * Concurrent identical misses share one load: one promise per key in this process, and a short lease
 * in SharedState across replicas, renewed while its holder works. A replica that finds the lease
 * taken waits for the holder's entry; when the lease ends without one (the holder failed, or died and
 * its lease ran out), the waiter loads itself, unless `mayLoad` says the key is backing off.
 */
@Injectable()
export class FillCoordinator {
  private readonly inFlight = new Map<string, Promise<CacheEntry>>();

  constructor(
    private readonly entries: EntryStore,
    private readonly state: SharedState,
    private readonly clock: Clock,
    private readonly env: Env,
  ) {}

  /** `since`: when the caller found no usable entry; an entry stored after that is the answer too. */
  fill(
    key: string,
    load: () => Promise<CacheEntry>,
    since: number,
    mayLoad: () => Promise<boolean> = () => Promise.resolve(true),
  ): Promise<CacheEntry> {
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.filledSince(key, since)
        .then((entry) => entry ?? this.fillAcrossReplicas(key, load, mayLoad))
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  // A fill that finished between the caller's read and now has already answered this caller.
  private async filledSince(key: string, since: number): Promise<CacheEntry | null> {
    const entry = await this.entries.getShared(key);
    return entry && entry.storedAt >= since ? entry : null;
  }

  private async fillAcrossReplicas(
    key: string,
    load: () => Promise<CacheEntry>,
    mayLoad: () => Promise<boolean>,
  ): Promise<CacheEntry> {
    const since = this.clock.now();
    const giveUpAt = since + this.env.upstreamDeadlineMs + LEASE_MS;
    while (this.clock.now() < giveUpAt) {
      const leaseId = randomUUID();
      if (await this.state.setIfAbsent(`lease:${key}`, leaseId, LEASE_MS))
        return this.holding(key, leaseId, load);
      const entry = await this.awaitHolder(key, since, giveUpAt);
      if (entry) return entry;
      if (!(await mayLoad())) throw new FillSkippedError(`a load of ${key} just failed`);
    }
    return load();
  }

  private async holding(
    key: string,
    leaseId: string,
    load: () => Promise<CacheEntry>,
  ): Promise<CacheEntry> {
    const renew = setInterval(() => {
      this.state.renewIf(`lease:${key}`, leaseId, LEASE_MS).catch(() => undefined);
    }, RENEW_EVERY_MS);
    try {
      return await load();
    } finally {
      clearInterval(renew);
      await this.state.deleteIf(`lease:${key}`, leaseId).catch(() => undefined);
    }
  }

  /** Waits while the lease is held; then the holder's entry, or null when it stored none. */
  private async awaitHolder(
    key: string,
    since: number,
    giveUpAt: number,
  ): Promise<CacheEntry | null> {
    while (this.clock.now() < giveUpAt) {
      await this.clock.sleep(POLL_MS);
      if ((await this.state.get(`lease:${key}`)) !== null) continue;
      const entry = await this.entries.getShared(key);
      return entry && entry.storedAt >= since ? entry : null;
    }
    return null;
  }
}
