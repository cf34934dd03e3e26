import { API_KEYS } from './topology';

/** One answer as a caller saw it; status 0 when none came within the timeout (or the socket failed). */
export type Answer = {
  url: string;
  method: string;
  status: number;
  sentAt: number;
  answeredAt: number;
  ms: number;
  headers: Headers;
  body: string;
  error?: string;
};

export type CallOptions = {
  method?: string;
  headers?: Record<string, string>;
  json?: unknown;
  timeoutMs: number;
  apiKey?: string;
};

/** A caller's request with an API key; never throws, never waits past `timeoutMs`. */
export async function call(url: string, options: CallOptions): Promise<Answer> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    'x-api-key': options.apiKey ?? API_KEYS[0],
    ...(options.json === undefined ? {} : { 'content-type': 'application/json' }),
    ...options.headers,
  };
  const sentAt = Date.now();
  const done = (status: number, answerHeaders: Headers, body: string, error?: string) => {
    const answeredAt = Date.now();
    return {
      url,
      method,
      status,
      sentAt,
      answeredAt,
      ms: answeredAt - sentAt,
      headers: answerHeaders,
      body,
      error,
    };
  };
  try {
    const response = await fetch(url, {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    return done(response.status, response.headers, await response.text());
  } catch (error) {
    return done(0, new Headers(), '', (error as Error).message);
  }
}

export const statusesOf = (answers: Answer[]) =>
  answers.reduce<Record<string, number>>((counts, answer) => {
    const key = `${answer.status}${answer.headers.get('x-cache') ? ` ${answer.headers.get('x-cache')}` : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  }, {});
