import type { IncomingHttpHeaders } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { apiKeysOf, Env } from '../config/env';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The key a caller presented: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(headers: IncomingHttpHeaders): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (bearer) return bearer[1];
  const header = headers['x-api-key'];
  return typeof header === 'string' && header !== '' ? header : null;
}

/** API_KEYS, compared as SHA-256 digests in constant time; the keys themselves are never kept or logged. */
export class ApiKeys {
  private readonly digests: Buffer[];
  /** Per connection, the last key it presented and whether it was accepted. */
  private readonly lastOn = new WeakMap<object, { key: string | null; accepted: boolean }>();

  constructor(env: Env) {
    this.digests = apiKeysOf(env).map(digest);
  }

  get enabled(): boolean {
    return this.digests.length > 0;
  }

  /** True for a known key, and for anything while caller auth is off. */
  allows(key: string | null): boolean {
    if (!this.enabled) return true;
    if (key === null) return false; // nothing to compare: no secret is involved in saying so
    const given = digest(key);
    return this.digests.reduce(
      (found, candidate) => timingSafeEqual(candidate, given) || found,
      false,
    );
  }

  /**
   * `allows`, remembered per connection (a keep-alive socket): a dashboard sends the same key on
   * every request of a connection, and a digest per request was a twentieth of a refused request's
   * cost. The remembered answer is reused only for the very key the same connection sent before, so
   * the comparison is between two strings the caller chose and reveals nothing of API_KEYS.
   */
  allowsOn(connection: object | undefined, key: string | null): boolean {
    if (connection === undefined) return this.allows(key);
    const last = this.lastOn.get(connection);
    if (last !== undefined && last.key === key) return last.accepted;
    const accepted = this.allows(key);
    this.lastOn.set(connection, { key, accepted });
    return accepted;
  }
}

const keyTrackers = new Map<string, string>();

/**
 * Who a rate limit counts: an accepted API key (as a digest, never the key), else the client address
 * (the socket's, or behind a TRUST_PROXY gateway the one it forwards). A refused key counts against
 * the address, so keys cannot be guessed without limit (CONTRACT §7).
 */
export function callerOf(acceptedKey: string | null, address: string): string {
  if (!acceptedKey) return `ip:${address}`;
  let tracker = keyTrackers.get(acceptedKey);
  if (!tracker) {
    tracker = `key:${createHash('sha256').update(acceptedKey).digest('hex').slice(0, 32)}`;
    if (keyTrackers.size > 1000) keyTrackers.clear(); // accepted keys are few
    keyTrackers.set(acceptedKey, tracker);
  }
  return tracker;
}
