import { Injectable } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';

/** The only source of time for TTLs, cooldowns and token expiry, so tests can move it. */
@Injectable()
export class Clock {
  now(): number {
    return Date.now();
  }

  /** Resolves after `ms`, or early when `signal` aborts (a waiter that leaves frees its timer). */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms > 0 && !signal?.aborted) await delay(ms, undefined, { signal }).catch(() => undefined);
  }
}
