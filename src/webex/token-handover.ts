import { Clock } from '../clock';
import { SharedState } from '../state/shared-state';

/** An OAuth token as replicas share it; `issuedAt` (epoch ms) orders them: the newer one wins. */
export type Token = {
  accessToken: string;
  expiresAt: number;
  lifetimeMs: number;
  refreshToken: string;
  issuedAt: number;
};

/** What the handover needs of the token's holder in this process. */
export type TokenHolder = { mine(): Token | null; adopt(token: Token): void };

const SYNC_EVERY_MS = 1000;
const LAST_SYNC_MS = 1000;
const POLL_MS = 100;
const TTL_MS = 90 * 24 * 3600 * 1000; // a Webex refresh token lives 90 days

/**
 * Keeps this replica's token and the shared one in step. With rotating refresh tokens only the newest
 * refresh token is valid, so losing it locks the service out for good: Redis losing its data (a
 * restart without persistence, FLUSHALL) must not lose it while a replica still holds it. Every
 * second, and on demand (Redis back, shutdown), the newer of the two wins: a replica holding a newer
 * token than Redis writes it back, one finding a newer token in Redis adopts it. Issue times come from
 * the replicas' clocks; refreshes are a lifetime apart, far more than any clock skew.
 */
export class TokenHandover {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly state: SharedState,
    private readonly key: string,
    private readonly holder: TokenHolder,
    private readonly clock: Clock,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.sync(), SYNC_EVERY_MS).unref();
  }

  /** Stops the periodic check after a last one, which waits at most a second. */
  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    const done = new AbortController();
    await Promise.race([this.sync(), this.clock.sleep(LAST_SYNC_MS, done.signal)]);
    done.abort(); // the timer would hold the process for the rest of the second
  }

  /** One comparison at a time; a failing store is tried again on the next tick. */
  sync(): Promise<void> {
    this.running ??= this.compare()
      .catch(() => undefined)
      .finally(() => (this.running = null));
    return this.running;
  }

  newest(a: Token | null, b: Token | null): Token | null {
    if (!a || !b) return a ?? b;
    return b.issuedAt > a.issuedAt ? b : a;
  }

  async read(): Promise<Token | null> {
    const raw = await this.state.get(this.key);
    if (!raw) return null;
    const token = JSON.parse(raw) as Partial<Token>;
    return { ...(token as Token), issuedAt: token.issuedAt ?? 0 }; // written before issue times
  }

  write(token: Token): Promise<void> {
    return this.state.set(this.key, JSON.stringify(token), TTL_MS);
  }

  /**
   * A shared token newer than `than` (any, when `than` is null), waiting up to `waitMs` for another
   * replica to write one back; null when none came.
   */
  async awaitNewer(than: Token | null, waitMs: number): Promise<Token | null> {
    const until = this.clock.now() + waitMs;
    for (;;) {
      const shared = await this.read();
      if (shared && (!than || shared.issuedAt > than.issuedAt)) return shared;
      if (this.clock.now() >= until) return null;
      await this.clock.sleep(POLL_MS);
    }
  }

  private async compare(): Promise<void> {
    const shared = await this.read();
    const mine = this.holder.mine();
    if (shared && (!mine || shared.issuedAt > mine.issuedAt)) return this.holder.adopt(shared);
    if (!mine || (shared && shared.issuedAt === mine.issuedAt)) return;
    // Redis lost it (or holds an older one): only this replica may still know the valid refresh token.
    if (!shared) await this.state.setIfAbsent(this.key, JSON.stringify(mine), TTL_MS);
    else await this.write(mine);
  }
}
