/** How a Webex call failed: an HTTP answer, or no usable answer at all. */
export type WebexFailure =
  | 'http' // Webex answered with a non-2xx status
  | 'timeout' // no complete answer within the attempt timeout
  | 'network' // connection refused, reset, or DNS
  | 'invalid-response' // unreadable body, or a Link header pointing elsewhere
  | 'circuit-open' // not sent: the breaker is open after repeated outage errors
  | 'cooldown' // not sent: the credential or resource is cooling down past the deadline
  | 'too-late'; // not sent: a write whose caller has been answered (or is about to be)

export class WebexApiError extends Error {
  constructor(
    readonly failure: WebexFailure,
    readonly status: number,
    message: string,
    readonly details: {
      retryAfterS?: number;
      /** False only when the request certainly never reached Webex (safe to retry a write). */
      mayHaveReached?: boolean;
      trackingId?: string;
      /** Webex's Retry-After header as sent (429/423). */
      retryAfterHeader?: string;
    } = {},
  ) {
    super(message);
  }

  /** Webex answered 5xx, timed out or could not be reached: the errors a breaker and stale data are for. */
  get isOutage(): boolean {
    return (
      (this.failure === 'http' && this.status >= 500) ||
      this.failure === 'timeout' ||
      this.failure === 'network' ||
      this.failure === 'invalid-response'
    );
  }

  /** Failures where serving stale data beats an error (everything but the caller's own 4xx). */
  get allowsStale(): boolean {
    return this.isOutage || [401, 403, 423, 429].includes(this.status) || this.failure !== 'http';
  }
}
