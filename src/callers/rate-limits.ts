import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { SharedState, Window } from '../state/shared-state';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { BoundedMap } from '../bounded-map';
import { freshIntegerText } from '../number-text';

const WINDOW_MS = 60_000;

/**
 * A counted call: the X-RateLimit-* headers to answer with (name, value, …), and over the limit how
 * long the caller must wait. A refusal carries the headers too, so that a dashboard reads them on the
 * 429 as on every other answer.
 */
export type Verdict = { readonly headers: readonly string[]; retryAfterS?: number };

/** What this replica knows of a caller's window in Redis, and its calls not counted there yet. */
type View = { hits: number; resetAt: number; pending: number; sending: number; key: string };

/** How often calls admitted without waiting are added to their counts in Redis. */
const FLUSH_EVERY_MS = 20;
/** Calls a caller must have left for one to be admitted without waiting for Redis. */
const HEADROOM = 10;

/**
 * RATE_LIMIT_PER_MINUTE per caller over every `/v1` route, in a fixed one-minute window kept in
 * SharedState (CONTRACT §7). In memory the count is exact and costs nothing. With Redis every call is
 * counted there, but a call only waits for Redis's count where it could matter: a caller known to be
 * over its limit is refused at once; one far below its limit (at most half of it used, and at least
 * ten calls left) is admitted at once and its calls are added to Redis in batches every 20 ms; in
 * between, the call waits for the exact count across replicas. A hit then never waits for Redis, and
 * the limit holds across replicas to within what the others admitted in their last 20 ms.
 */
@Injectable()
export class RateLimits implements OnModuleDestroy {
  private readonly views = new Map<string, View>();
  /** Each caller's window key, built once: a caller string the edge reuses is then hashed once too. */
  private readonly keys = new BoundedMap<string, string>(10_000);
  private flushTimer: NodeJS.Timeout | null = null;
  private lastVerdict = {
    remaining: -1,
    resetS: -1,
    over: false,
    verdict: { headers: [] } as Verdict,
  };

  constructor(
    private readonly state: SharedState,
    private readonly env: Env,
    private readonly clock: Clock,
  ) {}

  get limit(): number {
    return this.env.RATE_LIMIT_PER_MINUTE;
  }

  onModuleDestroy(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  /** Counts one call of `caller`; synchronous whenever the answer is already known. */
  count(caller: string): Verdict | Promise<Verdict> {
    let key = this.keys.get(caller);
    if (key === undefined) this.keys.set(caller, (key = `ratelimit:default:${caller}`));
    const exact = this.state.hitWindowNow(key, WINDOW_MS);
    if (exact) return this.verdictOf(exact.hits, exact.resetInMs);
    const now = this.clock.now();
    const view = this.viewOf(caller, key, now);
    if (view.hits > this.limit) return this.verdictOf(view.hits, view.resetAt - now);
    const guess = view.hits + view.sending + view.pending + 1;
    if (guess <= this.limit / 2 && this.limit - guess >= HEADROOM) {
      view.pending += 1;
      this.flusher();
      return this.verdictOf(guess, view.resetAt - now);
    }
    const calls = view.pending + 1;
    view.pending = 0;
    return this.send(view, calls).then((window) => this.verdictOf(window.hits, window.resetInMs));
  }

  private send(view: View, calls: number): Promise<Window> {
    view.sending += calls;
    const now = this.clock.now();
    return this.state.hitWindow(view.key, WINDOW_MS, calls).then(
      (window) => this.learn(view, calls, window),
      () => this.learn(view, calls, { hits: view.hits + calls, resetInMs: view.resetAt - now }),
    );
  }

  private flusher(): void {
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      for (const view of this.views.values())
        if (view.pending > 0) {
          const calls = view.pending;
          view.pending = 0;
          void this.send(view, calls);
        }
    }, FLUSH_EVERY_MS).unref();
  }

  private viewOf(caller: string, key: string, now: number): View {
    let view = this.views.get(caller);
    if (!view || (view.resetAt <= now && view.pending === 0 && view.sending === 0)) {
      if (this.views.size > 10_000) this.sweep(now);
      view = { hits: 0, resetAt: now + WINDOW_MS, pending: 0, sending: 0, key };
      this.views.set(caller, view);
    }
    return view;
  }

  private learn(view: View, calls: number, window: Window): Window {
    view.sending -= calls;
    view.hits = Math.max(view.hits, window.hits);
    view.resetAt = this.clock.now() + window.resetInMs;
    return window;
  }

  private sweep(now: number): void {
    for (const [caller, view] of this.views)
      if (view.resetAt <= now && view.pending === 0 && view.sending === 0)
        this.views.delete(caller);
  }

  private verdictOf(hits: number, resetInMs: number): Verdict {
    const { limit } = this;
    const resetS = Math.max(1, Math.ceil(resetInMs / 1000));
    const remaining = Math.max(0, limit - hits);
    const last = this.lastVerdict;
    // A caller over its limit hears the same verdict for a second at a time: reuse it (lists are only read).
    if (last.remaining === remaining && last.resetS === resetS && last.over === hits > limit)
      return last.verdict;
    const headers = [
      'x-ratelimit-limit',
      String(limit),
      'x-ratelimit-remaining',
      freshIntegerText(remaining), // a new number per request of a caller
      'x-ratelimit-reset',
      String(resetS),
    ];
    const verdict = hits > limit ? { headers, retryAfterS: resetS } : { headers };
    this.lastVerdict = { remaining, resetS, over: hits > limit, verdict };
    return verdict;
  }
}
