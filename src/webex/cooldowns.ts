import { Injectable } from '@nestjs/common';
import { Clock } from '../clock';
import { SharedState } from '../state/shared-state';
import { MetricsService } from '../metrics/metrics.service';
import { WebexApiError } from './webex-api.error';

/** Time an attempt needs after a wait; waiting until the very deadline would only end in a timeout. */
export const MIN_ATTEMPT_MS = 250;

/**
 * After a 429 the whole credential cools down, after a 423 only that resource (CONTRACT §5). The
 * instant lives in SharedState, so with Redis every replica holds back until it passes.
 */
@Injectable()
export class Cooldowns {
  constructor(
    private readonly state: SharedState,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  async start(scope: string, resource: string | null, delayMs: number): Promise<void> {
    const until = this.clock.now() + delayMs;
    const key = this.keyOf(scope, resource);
    const current = Number((await this.state.get(key)) ?? 0);
    if (until > current) await this.state.set(key, String(until), delayMs + 1000);
  }

  /**
   * Waits out any cooldown that ends early enough to still make the attempt before the deadline;
   * throws a 429/423 error (503 with Retry-After for the caller) for one that does not.
   */
  async waitFor(scope: string, resource: string, deadlineMs: number): Promise<void> {
    for (const [key, status] of [
      [this.keyOf(scope, null), 429],
      [this.keyOf(scope, resource), 423],
    ] as const) {
      const until = Number((await this.state.get(key)) ?? 0);
      const waitMs = until - this.clock.now();
      if (waitMs <= 0) continue;
      if (until > deadlineMs - MIN_ATTEMPT_MS)
        throw new WebexApiError(
          'cooldown',
          status,
          status === 429 ? 'credential cooling down after 429' : 'resource locked (423)',
          {
            retryAfterS: Math.ceil(waitMs / 1000),
            mayHaveReached: false,
          },
        );
      this.metrics.upstreamWaits.inc({ reason: status === 429 ? 'throttled' : 'locked' });
      await this.clock.sleep(waitMs);
    }
  }

  private keyOf(scope: string, resource: string | null): string {
    return resource === null ? `cooldown:${scope}` : `cooldown:${scope}:${resource}`;
  }
}
