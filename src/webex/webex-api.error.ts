import { ProblemCode, ProblemError } from '../reports/problem';

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

function codeOf(error: WebexApiError): ProblemCode {
  if (error.failure === 'timeout') return 'upstream-timeout';
  if (error.failure === 'network') return 'upstream-unavailable';
  if (error.failure === 'invalid-response') return 'upstream-invalid-response';
  if (error.failure === 'circuit-open') return 'upstream-circuit-open';
  if (error.failure === 'too-late') return 'request-timeout';
  const byStatus: Record<number, ProblemCode> = {
    400: 'upstream-rejected',
    401: 'upstream-auth-failed',
    403: 'upstream-forbidden',
    404: 'not-found',
    409: 'upstream-conflict',
    423: 'upstream-locked',
    429: 'upstream-throttled',
    504: 'upstream-timeout',
  };
  return byStatus[error.status] ?? 'upstream-unavailable';
}

/** Webex's own words stay in `detail` for the caller's 4xx; for upstream faults a neutral sentence. */
export function toProblem(error: WebexApiError): ProblemError {
  const code = codeOf(error);
  const callerCaused = [400, 404, 409].includes(error.status) && error.failure === 'http';
  const detail = callerCaused ? error.message : `Webex call failed: ${error.message}`;
  return new ProblemError(code, detail, { retryAfterS: error.details.retryAfterS });
}
