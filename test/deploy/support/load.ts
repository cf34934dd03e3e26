import { Answer, call } from './http';
import { API_KEYS } from './topology';

export type LoadOptions = {
  ratePerSecond: number;
  /** The URL of the n-th request (n from 0). */
  urlOf: (n: number) => string;
  timeoutMs: number;
  /** Spread over these keys in turn; default: every key of the topology. */
  apiKeys?: string[];
};

export type Load = { stop(): Promise<Answer[]> };

/**
 * Open-loop GETs at a steady rate: a slow or hanging answer never holds back the next request, so
 * the answers show every request a dashboard would have sent meanwhile.
 */
export function startLoad(options: LoadOptions): Load {
  const keys = options.apiKeys ?? API_KEYS;
  const pending: Promise<Answer>[] = [];
  const timer = setInterval(() => {
    const n = pending.length;
    const apiKey = keys[n % keys.length];
    pending.push(call(options.urlOf(n), { timeoutMs: options.timeoutMs, apiKey }));
  }, 1000 / options.ratePerSecond);
  return {
    stop: () => {
      clearInterval(timer);
      return Promise.all(pending);
    },
  };
}
