import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CachedAnswer } from '../cache/cache-entry';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { RequestContext } from '../request-context';
import { asProblem } from '../http/problem.filter';

export type PollResult = { answer: CachedAnswer } | { error: unknown };
export type PollListener = (result: PollResult) => void;

type Poller = { listeners: Set<PollListener>; stopped: AbortController };

/**
 * One poller per report per process (CONTRACT §8): every waiter on a report subscribes to the same
 * loop, so any number of them cost one upstream poll per WAIT_POLL_INTERVAL_S. The loop stops as soon
 * as its last listener leaves. Cooldowns are honoured by the Webex client each poll goes through.
 */
@Injectable()
export class ReportPollers {
  private readonly logger = new Logger(ReportPollers.name);
  private readonly pollers = new Map<string, Poller>();

  constructor(
    private readonly clock: Clock,
    private readonly env: Env,
  ) {}

  /**
   * Adds `listener` to the poller of `key` (starting it with `poll`, which is given the poller's own
   * caller context); returns the unsubscribe.
   */
  subscribe(
    key: string,
    poll: (caller: RequestContext) => Promise<CachedAnswer>,
    listener: PollListener,
  ): () => void {
    const poller = this.pollers.get(key) ?? this.start(key, poll);
    poller.listeners.add(listener);
    return () => this.unsubscribe(key, poller, listener);
  }

  private start(key: string, poll: (caller: RequestContext) => Promise<CachedAnswer>): Poller {
    const poller: Poller = { listeners: new Set(), stopped: new AbortController() };
    this.pollers.set(key, poller);
    // Shared by many callers, so its calls carry a request id of their own, not the first waiter's.
    const caller: RequestContext = { requestId: `wait-${randomUUID()}`, upstreamCalls: 0 };
    this.run(poller, () => poll(caller)).catch((error: unknown) =>
      this.logger.error(`poller of ${key} failed: ${(error as Error).message}`),
    );
    return poller;
  }

  private unsubscribe(key: string, poller: Poller, listener: PollListener): void {
    poller.listeners.delete(listener);
    if (poller.listeners.size > 0) return;
    poller.stopped.abort();
    if (this.pollers.get(key) === poller) this.pollers.delete(key);
  }

  private async run(poller: Poller, poll: () => Promise<CachedAnswer>): Promise<void> {
    const intervalMs = this.env.WAIT_POLL_INTERVAL_S * 1000;
    let delayMs = intervalMs;
    for (;;) {
      await this.clock.sleep(delayMs, poller.stopped.signal);
      if (poller.stopped.signal.aborted) return;
      const result = await poll().then(
        (answer): PollResult => ({ answer }),
        (error: unknown): PollResult => ({ error }),
      );
      for (const listener of [...poller.listeners]) listener(result);
      // A Retry-After past the interval (a cooldown longer than the client's deadline) is waited out.
      delayMs = Math.max(
        intervalMs,
        'error' in result ? (asProblem(result.error).extra.retryAfterS ?? 0) * 1000 : 0,
      );
    }
  }
}
