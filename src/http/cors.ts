import { corsOriginsOf, Env } from '../config/env';
import { Answer } from './answers';

/** Every header a dashboard on another origin may read (CONTRACT §7). */
export const EXPOSED = [
  'x-request-id',
  'x-cache',
  'age',
  'etag',
  'retry-after',
  'location',
  'x-wait',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'idempotent-replay',
];
const ALLOWED_HEADERS = [
  'authorization',
  'x-api-key',
  'content-type',
  'idempotency-key',
  'if-none-match',
  'cache-control',
  'x-request-id',
].join(', ');

/**
 * CORS for the dashboard origins of CORS_ORIGINS (CONTRACT §7), as header lists the edge puts on
 * every answer, whichever path writes it: early answers never pass a Fastify plugin, so
 * @fastify/cors could not cover them (its missing headers on cache hits once made browsers fail).
 * `Vary: Origin` goes on every answer when CORS is on, so a browser never reuses one origin's answer
 * for another.
 */
export class CorsPolicy {
  private readonly origins: Set<string>;
  private readonly credentials: string[];

  constructor(env: Env) {
    this.origins = new Set(corsOriginsOf(env));
    this.credentials = env.CORS_ALLOW_CREDENTIALS
      ? ['access-control-allow-credentials', 'true']
      : [];
  }

  /** The CORS headers of an answer to a request from `origin`. */
  headersFor(origin: string | undefined): string[] {
    if (this.origins.size === 0) return [];
    if (origin === undefined || !this.origins.has(origin)) return ['vary', 'Origin'];
    return [
      'vary',
      'Origin',
      'access-control-allow-origin',
      origin,
      ...this.credentials,
      'access-control-expose-headers',
      EXPOSED.join(', '),
    ];
  }

  /** The answer to a preflight (OPTIONS with Access-Control-Request-Method), else null. */
  preflight(method: string, headers: Record<string, string | string[] | undefined>): Answer | null {
    if (method !== 'OPTIONS' || !headers['access-control-request-method']) return null;
    const origin = headers.origin as string | undefined;
    if (this.origins.size === 0 || origin === undefined || !this.origins.has(origin))
      return { status: 204, headers: [] };
    return {
      status: 204,
      headers: [
        'access-control-allow-methods',
        'GET, HEAD, POST, DELETE',
        'access-control-allow-headers',
        ALLOWED_HEADERS,
        'access-control-max-age',
        '600',
      ],
    };
  }
}
