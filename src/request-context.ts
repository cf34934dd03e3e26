/**
 * What one caller request carries down to the Webex client and back up to the request log. Handed
 * down explicitly (route handler → family source → Webex client), not through AsyncLocalStorage:
 * once one handler had run in it, Node 20 called its hook for every async resource of every request,
 * cache hits included (hits 0.589 → 0.628 × the ceiling without it, memory store, one alternated run).
 */
export type RequestContext = {
  requestId: string;
  upstreamCalls: number;
  /** Epoch ms (real time) at which the caller gets its request-timeout answer; absent: no caller. */
  deadline?: number;
  /** Aborts once the caller has been answered, whichever answer it was: no write is sent after. */
  answered?: AbortSignal;
};

/**
 * Time left before the caller is answered: 0 once it has been, Infinity without a caller. Real time,
 * as the timer that answers it.
 */
export function callerLeftMs(context: RequestContext | undefined): number {
  if (context?.answered?.aborted) return 0;
  return context?.deadline === undefined ? Infinity : context.deadline - Date.now();
}
