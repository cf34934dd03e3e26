import { Clock } from '../clock';

/** After this many outage errors in a row, no call for this long, then one trial call. */
export const BREAKER = { consecutiveFailures: 5, halfOpenAfterMs: 10_000 };

export class CircuitOpenError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('circuit open after repeated Webex failures');
  }
}

/**
 * A consecutive-failure circuit breaker on the injectable clock (cockatiel's reads `Date.now()`, which
 * a test cannot move). While open every call is refused at once; after `halfOpenAfterMs` one trial
 * call goes through, the others are still refused: a success closes the circuit, an outage error opens
 * it again. Errors that are not outages (Webex's 4xx) neither count nor reset the count.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialRunning = false;

  constructor(
    private readonly clock: Clock,
    private readonly isFailure: (error: unknown) => boolean,
    /** Told when the circuit opens from closed, and when it closes again: once per outage each. */
    private readonly onChange: (open: boolean) => void = () => undefined,
    private readonly settings = BREAKER,
  ) {}

  async execute<T>(fn: () => Promise<T>): Promise<T> {
    const trial = this.admit();
    try {
      const value = await fn();
      this.close();
      return value;
    } catch (error) {
      if (this.isFailure(error)) this.fail(trial);
      else if (trial) this.close(); // Webex answered: it is up, if not for this request
      throw error;
    } finally {
      if (trial) this.trialRunning = false;
    }
  }

  /** True when this call is the half-open trial; throws while the circuit is open. */
  private admit(): boolean {
    if (this.openedAt === null) return false;
    const leftMs = this.openedAt + this.settings.halfOpenAfterMs - this.clock.now();
    if (leftMs > 0 || this.trialRunning) throw new CircuitOpenError(Math.max(leftMs, 1000));
    this.trialRunning = true;
    return true;
  }

  private fail(trial: boolean): void {
    this.failures += 1;
    if (trial) this.openedAt = this.clock.now();
    else if (this.openedAt === null && this.failures >= this.settings.consecutiveFailures) {
      this.openedAt = this.clock.now();
      this.onChange(true);
    }
  }

  private close(): void {
    this.failures = 0;
    if (this.openedAt === null) return;
    this.openedAt = null;
    this.onChange(false);
  }
}
