import { Injectable } from '@nestjs/common';
import { SharedState } from '../cache/shared-state';
import { Env } from '../config/env';
import { Caller, callerOf } from './callers';

const WINDOW_MS = 60_000;

/** A counted call: the headers to answer with, or how long the caller must wait (over the limit). */
export type Verdict = { headers: string[] } | { retryAfterS: number };

/**
 * RATE_LIMIT_PER_MINUTE per caller (API key, else address) over every `/v1` route, counted in
 * SharedState: in memory for one process, in Redis across replicas. One counter whichever path
 * answers the call (the Nest guard or the hit fast path).
 */
@Injectable()
export class RateLimits {
  constructor(
    private readonly state: SharedState,
    private readonly env: Env,
  ) {}

  get limit(): number {
    return this.env.RATE_LIMIT_PER_MINUTE;
  }

  /** Counts one call. */
  async count(caller: Caller): Promise<Verdict> {
    return this.verdictOf(await this.state.hitWindow(this.keyOf(caller), WINDOW_MS));
  }

  /** `count` without waiting, where the store allows it (memory); undefined means "use `count`" (nothing was counted). */
  countNow(caller: Caller): Verdict | undefined {
    const window = this.state.hitWindowNow(this.keyOf(caller), WINDOW_MS);
    return window && this.verdictOf(window);
  }

  private keyOf(caller: Caller): string {
    return `ratelimit:default:${callerOf(caller)}`;
  }

  private verdictOf({ hits, resetInMs }: { hits: number; resetInMs: number }): Verdict {
    const { limit } = this;
    const resetS = Math.max(1, Math.ceil(resetInMs / 1000));
    if (hits > limit) return { retryAfterS: resetS };
    return {
      headers: [
        'x-ratelimit-limit',
        String(limit),
        'x-ratelimit-remaining',
        String(Math.max(0, limit - hits)),
        'x-ratelimit-reset',
        String(resetS),
      ],
    };
  }
}
