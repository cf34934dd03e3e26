import { Clock } from '../clock';

export type Window = { hits: number; resetInMs: number };

/**
 * Small shared values with expiry: cooldowns, leases, generations, refresh gates, tokens, idempotency
 * keys, rate-limit windows. In memory for one process, in Redis across replicas; both behave the same
 * (see redis-shared-state.ts), and with Redis a replica falls back to its own memory while Redis is
 * away (`available` false), except where a caller asks for the shared store only (`sharedOnly`).
 */
export abstract class SharedState {
  abstract get(key: string): Promise<string | null>;
  abstract set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets only when absent; true when this call set it (a lease or lock was taken). */
  abstract setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes only when the value still is `value` (releasing one's own lease). */
  abstract deleteIf(key: string, value: string): Promise<void>;
  /** Extends the expiry only when the value still is `value`; false when the lease was lost. */
  abstract renewIf(key: string, value: string, ttlMs: number): Promise<boolean>;
  abstract delete(key: string): Promise<void>;
  abstract increment(key: string, ttlMs?: number): Promise<number>;
  /** Counts a hit in a fixed window that starts with the first hit; for per-caller rate limits. */
  abstract hitWindow(key: string, windowMs: number, hits?: number): Promise<Window>;

  /** False while values are this replica's own because the shared store is away. */
  get available(): boolean {
    return true;
  }

  /** The shared store without the memory fallback: its operations fail while it is away. */
  get sharedOnly(): SharedState {
    return this;
  }

  /** `get` without waiting, where the store allows it (memory); undefined means "ask `get`". */
  getNow(_key: string): string | null | undefined {
    return undefined;
  }

  /** `hitWindow` without waiting, where the store allows it (memory); undefined means "ask `hitWindow`". */
  hitWindowNow(_key: string, _windowMs: number): Window | undefined {
    return undefined;
  }
}

/** Far enough in the future to mean "no expiry", and still a valid timer/PX value. */
export const FOREVER_MS = 365 * 24 * 3600 * 1000;

export class MemorySharedState extends SharedState {
  private readonly values = new Map<string, { value: string; expiresAt: number }>();
  private writes = 0;
  /** Rate-limit windows, counted as numbers: one is counted on every request. */
  private readonly windows = new Map<string, { hits: number; expiresAt: number }>();
  private windowsOpened = 0;

  constructor(private readonly clock: Clock) {
    super();
  }

  override getNow(key: string): string | null {
    const entry = this.values.get(key);
    if (entry && entry.expiresAt <= this.clock.now()) this.values.delete(key);
    return this.values.get(key)?.value ?? null;
  }

  get(key: string): Promise<string | null> {
    return Promise.resolve(this.getNow(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.values.set(key, { value, expiresAt: this.clock.now() + ttlMs });
    if (++this.writes % 1000 === 0) this.sweep();
    return Promise.resolve();
  }

  /** Expired values are dropped on read; this drops the ones nobody reads again (idempotency keys). */
  private sweep(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.values) if (entry.expiresAt <= now) this.values.delete(key);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if ((await this.get(key)) !== null) return false;
    await this.set(key, value, ttlMs);
    return true;
  }

  async deleteIf(key: string, value: string): Promise<void> {
    if ((await this.get(key)) === value) this.values.delete(key);
  }

  async renewIf(key: string, value: string, ttlMs: number): Promise<boolean> {
    if ((await this.get(key)) !== value) return false;
    await this.set(key, value, ttlMs);
    return true;
  }

  delete(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }

  override hitWindowNow(key: string, windowMs: number): Window | undefined {
    return this.countInWindow(key, windowMs);
  }

  protected countInWindow(key: string, windowMs: number, hits = 1): Window {
    const window = this.windows.get(key);
    const now = this.clock.now();
    if (!window || window.expiresAt <= now) {
      this.windows.set(key, { hits, expiresAt: now + windowMs });
      if (++this.windowsOpened % 1000 === 0) this.sweepWindows(now);
      return { hits, resetInMs: windowMs };
    }
    window.hits += hits;
    return { hits: window.hits, resetInMs: window.expiresAt - now };
  }

  /** Windows of callers gone quiet. */
  private sweepWindows(now: number): void {
    for (const [key, window] of this.windows) if (window.expiresAt <= now) this.windows.delete(key);
  }

  hitWindow(key: string, windowMs: number, hits = 1): Promise<Window> {
    return Promise.resolve(this.countInWindow(key, windowMs, hits));
  }

  async increment(key: string, ttlMs = FOREVER_MS): Promise<number> {
    const next = Number((await this.get(key)) ?? '0') + 1;
    await this.set(key, String(next), ttlMs);
    return next;
  }
}
