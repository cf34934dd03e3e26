import { Injectable } from '@nestjs/common';
import { SharedState, Window } from '../cache/shared-state';
import { Clock } from '../clock';
import { Env } from '../config/env';

const WINDOW_MS = 60_000;

/**
 * A counted call: the X-RateLimit-* headers to answer with (name, value, …), and over the limit how
 * long the caller must wait. A refusal carries the headers too, so that a dashboard reads them on the
 * 429 as on every other answer.
 */
export type Verdict = { headers: string[]; retryAfterS?: number };

/** What this replica knows of a caller's window in Redis, and its counts not yet answered. */
type View = { hits: number; resetAt: number; inFlight: number };

/**
 * RATE_LIMIT_PER_MINUTE per caller over every `/v1` route, in a fixed one-minute window kept in
 * SharedState (CONTRACT §7). In memory the count is exact and costs nothing. With Redis every call is
 * counted there too, but a call is only made to wait for Redis's count where it could matter: a caller
 * known to be over its limit is refused at once, and one known to be below half of it is admitted at
 * once (its count goes to Redis in the background), so a hit never waits for Redis; in between, the
 * answer waits for the exact count across replicas.
 */
@Injectable()
export class RateLimits {
  private readonly views = new Map<string, View>();

  constructor(
    private readonly state: SharedState,
    private readonly env: Env,
    private readonly clock: Clock,
  ) {}

  get limit(): number {
    return this.env.RATE_LIMIT_PER_MINUTE;
  }

  /** Counts one call of `caller`; synchronous whenever the answer is already known. */
  count(caller: string): Verdict | Promise<Verdict> {
    const key = `ratelimit:default:${caller}`;
    const exact = this.state.hitWindowNow(key, WINDOW_MS);
    if (exact) return this.verdictOf(exact.hits, exact.resetInMs);
    const now = this.clock.now();
    const view = this.viewOf(caller, now);
    if (view.hits > this.limit) return this.verdictOf(view.hits, view.resetAt - now);
    view.inFlight += 1;
    const counted = this.state.hitWindow(key, WINDOW_MS).then(
      (window) => this.learn(view, window),
      () => this.learn(view, { hits: view.hits + view.inFlight, resetInMs: view.resetAt - now }),
    );
    const guess = view.hits + view.inFlight;
    if (guess <= this.limit / 2) return this.verdictOf(guess, view.resetAt - now);
    return counted.then((window) => this.verdictOf(window.hits, window.resetInMs));
  }

  private viewOf(caller: string, now: number): View {
    let view = this.views.get(caller);
    if (!view || view.resetAt <= now) {
      if (this.views.size > 10_000) this.sweep(now);
      view = { hits: 0, resetAt: now + WINDOW_MS, inFlight: 0 };
      this.views.set(caller, view);
    }
    return view;
  }

  private learn(view: View, window: Window): Window {
    view.inFlight -= 1;
    view.hits = Math.max(view.hits, window.hits);
    view.resetAt = this.clock.now() + window.resetInMs;
    return window;
  }

  private sweep(now: number): void {
    for (const [caller, view] of this.views) if (view.resetAt <= now) this.views.delete(caller);
  }

  private verdictOf(hits: number, resetInMs: number): Verdict {
    const { limit } = this;
    const resetS = Math.max(1, Math.ceil(resetInMs / 1000));
    const headers = [
      'x-ratelimit-limit',
      String(limit),
      'x-ratelimit-remaining',
      String(Math.max(0, limit - hits)),
      'x-ratelimit-reset',
      String(resetS),
    ];
    return hits > limit ? { headers, retryAfterS: resetS } : { headers };
  }
}
