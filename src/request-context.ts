import { AsyncLocalStorage } from 'node:async_hooks';

/** What one caller request carries down to the Webex client and back up to the request log. */
export type RequestContext = {
  requestId: string;
  upstreamCalls: number;
};

const storage = new AsyncLocalStorage<RequestContext>();

export const runWithContext = <T>(context: RequestContext, fn: () => T): T =>
  storage.run(context, fn);
export const currentContext = (): RequestContext | undefined => storage.getStore();
