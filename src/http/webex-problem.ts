import { WebexApiError } from '../webex/webex-api.error';
import { ProblemCode, ProblemError } from './problem';

/** How each Webex failure is answered to the caller (CONTRACT §6): the one table, at the edge. */
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
