import { Clock } from '../../src/clock';

/** A `sleep()` in progress: it ends when the clock reaches `wakeAt`, or its signal aborts. */
export type Sleeper = { ms: number; wakeAt: number; wake: () => void };

/**
 * Real time plus an offset tests move forward: TTLs and expiry without sleeping. A `sleep()` ends
 * when `now()` reaches its wake time, whether real time or `advance()` moved it there, so a spec
 * releases a backoff or a cooldown by advancing the clock instead of waiting it out.
 */
export class TestClock extends Clock {
  private offset = 0;
  private readonly sleepers = new Set<Sleeper>();
  private readonly watchers = new Set<() => void>();
  /** How many `skipSleeps` calls are running: while any is, every sleep is advanced through at once. */
  private skipping = 0;
  /** The length of every sleep started, in order. */
  readonly slept: number[] = [];

  override now(): number {
    return Date.now() + this.offset;
  }

  /** Moves the clock forward and wakes every sleeper whose time has come. */
  advance(ms: number): void {
    this.offset += ms;
    const now = this.now();
    for (const sleeper of [...this.sleepers]) if (sleeper.wakeAt <= now) sleeper.wake();
  }

  override sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0 || signal?.aborted) return Promise.resolve();
    this.slept.push(ms);
    return new Promise((resolve) => {
      const sleeper: Sleeper = { ms, wakeAt: this.now() + ms, wake: () => undefined };
      // Real time moves now() too: the timer ends a sleep nobody advances through.
      const timer = setTimeout(() => sleeper.wake(), ms);
      sleeper.wake = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', sleeper.wake);
        this.sleepers.delete(sleeper);
        resolve();
      };
      signal?.addEventListener('abort', sleeper.wake, { once: true });
      this.sleepers.add(sleeper);
      if (this.skipping > 0)
        queueMicrotask(() => this.advance(Math.max(0, sleeper.wakeAt - this.now())));
      for (const watcher of [...this.watchers]) watcher();
    });
  }

  /**
   * Resolves, with them, once at least `count` sleeps that `match` are in progress (other code, such
   * as a token poll, may be sleeping too).
   */
  untilSleeping(match: (sleeper: Sleeper) => boolean, count = 1): Promise<Sleeper[]> {
    return new Promise((resolve) => {
      const check = () => {
        const matching = [...this.sleepers].filter(match);
        if (matching.length < count) return;
        this.watchers.delete(check);
        resolve(matching);
      };
      this.watchers.add(check);
      check();
    });
  }

  /** Runs `work`, advancing the clock through every sleep started meanwhile (backoffs, cooldowns). */
  async skipSleeps<T>(work: () => Promise<T>): Promise<T> {
    this.skipping += 1;
    try {
      return await work();
    } finally {
      this.skipping -= 1;
    }
  }
}
