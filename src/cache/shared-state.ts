import { Clock } from '../clock';

/**
 * Small shared values with expiry: cooldowns, leases, generations, token hand-over. In memory for one
 * process, in Redis across replicas; both behave the same (see redis-shared-state.ts).
 */
export abstract class SharedState {
  abstract get(key: string): Promise<string | null>;
  abstract set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets only when absent; true when this call set it (a lease or lock was taken). */
  abstract setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes only when the value still is `value` (releasing one's own lease). */
  abstract deleteIf(key: string, value: string): Promise<void>;
  abstract increment(key: string): Promise<number>;
  /** Counts a hit in a fixed window that starts with the first hit; for per-caller rate limits. */
  abstract hitWindow(key: string, windowMs: number): Promise<{ hits: number; resetInMs: number }>;

  /** `get` without waiting, where the store allows it (memory); undefined means "ask `get`". */
  getNow(_key: string): string | null | undefined {
    return undefined;
  }

  /** `hitWindow` without waiting, where the store allows it (memory); undefined means "ask `hitWindow`". */
  hitWindowNow(_key: string, _windowMs: number): { hits: number; resetInMs: number } | undefined {
    return undefined;
  }
}

export class MemorySharedState extends SharedState {
  private readonly values = new Map<string, { value: string; expiresAt: number }>();
  private writes = 0;

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

  override hitWindowNow(key: string, windowMs: number): { hits: number; resetInMs: number } {
    const entry = this.values.get(key);
    const now = this.clock.now();
    if (!entry || entry.expiresAt <= now) {
      this.values.set(key, { value: '1', expiresAt: now + windowMs });
      return { hits: 1, resetInMs: windowMs };
    }
    entry.value = String(Number(entry.value) + 1);
    return { hits: Number(entry.value), resetInMs: entry.expiresAt - now };
  }

  hitWindow(key: string, windowMs: number): Promise<{ hits: number; resetInMs: number }> {
    return Promise.resolve(this.hitWindowNow(key, windowMs));
  }

  async increment(key: string): Promise<number> {
    const next = Number((await this.get(key)) ?? '0') + 1;
    await this.set(key, String(next), Number.MAX_SAFE_INTEGER / 2);
    return next;
  }
}
