import { AsyncLocalStorage } from 'node:async_hooks';

/** What one caller request carries down to the Webex client and back up to the request log. */
export type RequestContext = {
  requestId: string;
  upstreamCalls: number;
  /** Epoch ms (real time) at which the caller gets its request-timeout answer; absent: no caller. */
  deadline?: number;
  /** Aborts once the caller has been answered, whichever answer it was: no write is sent after. */
  answered?: AbortSignal;
};

const storage = new AsyncLocalStorage<RequestContext>();

export const runWithContext = <T>(context: RequestContext, fn: () => T): T =>
  storage.run(context, fn);
export const currentContext = (): RequestContext | undefined => storage.getStore();

/**
 * Time left before the caller is answered: 0 once it has been, Infinity without a caller. Real time,
 * as the timer that answers it.
 */
export function callerLeftMs(context: RequestContext | undefined): number {
  if (context?.answered?.aborted) return 0;
  return context?.deadline === undefined ? Infinity : context.deadline - Date.now();
}
