import type { IncomingHttpHeaders } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { apiKeysOf, Env } from '../config/env';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** What the caller checks read of a request: Fastify's request, or the raw one the hit fast path sees. */
export type Caller = { headers: IncomingHttpHeaders; url: string; ip: string };

/** The key a caller presented: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(request: Caller): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (bearer) return bearer[1];
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header !== '' ? header : null;
}

export const isApiRoute = (request: Caller) =>
  request.url.startsWith('/v1/') || request.url === '/v1';

/** API_KEYS, compared as SHA-256 digests in constant time; the keys themselves are never kept or logged. */
export class ApiKeys {
  private readonly digests: Buffer[];

  constructor(env: Env) {
    this.digests = apiKeysOf(env).map(digest);
  }

  get enabled(): boolean {
    return this.digests.length > 0;
  }

  allows(request: Caller): boolean {
    if (!this.enabled || !isApiRoute(request)) return true;
    const key = presentedKey(request);
    const given = digest(key ?? '');
    const known = this.digests.reduce(
      (found, candidate) => timingSafeEqual(candidate, given) || found,
      false,
    );
    return key !== null && known;
  }
}

const trackerDigests = new Map<string, string>();

/** The caller a rate limit counts: its API key (as a digest, never the key), else its address. */
export function callerOf(request: Caller): string {
  const key = presentedKey(request);
  if (!key) return `ip:${request.ip}`;
  let tracker = trackerDigests.get(key);
  if (!tracker) {
    tracker = `key:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
    if (trackerDigests.size > 1000) trackerDigests.clear(); // keys are few; unknown ones must not grow it
    trackerDigests.set(key, tracker);
  }
  return tracker;
}
