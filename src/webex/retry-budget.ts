import { Clock } from '../clock';

/**
 * Retries are paid from a budget: at most `ratio` retries per caller request over the last minute,
 * with no starting allowance, so a total Webex outage never multiplies traffic, even right after a
 * start (CONTRACT §5: ≤ 1.2 attempts per request).
 */
export class RetryBudget {
  private requests: number[] = [];
  private retries: number[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly ratio = 0.2,
    private readonly windowMs = 60_000,
  ) {}

  recordRequest(): void {
    const now = this.clock.now();
    while (this.requests.length > 0 && this.requests[0] <= now - this.windowMs)
      this.requests.shift();
    this.requests.push(now);
  }

  /** Takes one retry from the budget when there is room; false means do not retry. */
  tryRetry(): boolean {
    const since = this.clock.now() - this.windowMs;
    this.requests = this.requests.filter((at) => at > since);
    this.retries = this.retries.filter((at) => at > since);
    if (this.retries.length + 1 > this.requests.length * this.ratio) return false;
    this.retries.push(this.clock.now());
    return true;
  }
}
