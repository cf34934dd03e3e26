import { Logger } from '@nestjs/common';
import { Clock } from '../clock';
import { SharedState } from '../state/shared-state';

const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 32_000;
/** How long a run of failures is remembered: a key failing again after that starts at 1 s. */
const FAILURES_KEPT_MS = 10 * 60_000;

/** 1 s, 2 s, 4 s … 32 s: the wait before the next refresh of a key after `failures` failed ones. */
export const refreshBackoffMs = (failures: number) =>
  Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));

/**
 * Refreshes of one key while Webex keeps failing (CONTRACT §5): after a failed load the key's gate
 * closes for a backoff that doubles with each further failure, on every replica (the gate lives in
 * SharedState), so a warm cache read by any number of callers costs Webex at most one attempt per
 * key per interval. Each failure logs one line; stale answers log nothing.
 */
export class RefreshGate {
  private readonly closedUntil = new Map<string, number>();
  private readonly logger = new Logger(RefreshGate.name);

  constructor(
    private readonly state: SharedState,
    private readonly clock: Clock,
  ) {}

  /** True while a recent failure of this key (here or on another replica) is being waited out. */
  async isClosed(key: string): Promise<boolean> {
    const now = this.clock.now();
    const known = this.closedUntil.get(key);
    if (known !== undefined && known > now) return true;
    const until = Number((await this.state.get(`refresh-gate:${key}`)) ?? 0);
    if (until > now) {
      this.closedUntil.set(key, until);
      return true;
    }
    return false;
  }

  async failed(key: string, reason: string): Promise<void> {
    const failures = await this.state.increment(`refresh-failures:${key}`, FAILURES_KEPT_MS);
    const waitMs = refreshBackoffMs(failures);
    const until = this.clock.now() + waitMs;
    this.closedUntil.set(key, until);
    await this.state.set(`refresh-gate:${key}`, String(until), waitMs);
    this.logger.warn(`load of ${key} failed (${reason}); next attempt in ${waitMs / 1000} s`);
  }

  /**
   * A successful load ends a run of failures this replica knows of: the count and the shared gate go,
   * so the key's next stale read refreshes at once (the gate left standing kept a recovered key STALE
   * for the rest of its backoff, up to 32 s).
   */
  async succeeded(key: string): Promise<void> {
    if (!this.closedUntil.delete(key)) return;
    await Promise.all([
      this.state.delete(`refresh-failures:${key}`),
      this.state.delete(`refresh-gate:${key}`),
    ]);
  }
}
