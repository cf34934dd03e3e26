import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { apiKeysOf, Env } from '../config/env';
import { ProblemError } from '../reports/problem';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The key a caller presented: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(request: FastifyRequest): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (bearer) return bearer[1];
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header !== '' ? header : null;
}

export const isApiRoute = (request: FastifyRequest) =>
  request.url.startsWith('/v1/') || request.url === '/v1';

/**
 * With API_KEYS set, `/v1/*` needs one of them; health, metrics and docs stay open. Keys are compared
 * as SHA-256 digests in constant time, and never logged.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: Buffer[];

  constructor(env: Env) {
    this.keys = apiKeysOf(env).map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (this.keys.length === 0 || !isApiRoute(request)) return true;
    const key = presentedKey(request);
    const given = digest(key ?? '');
    const known = this.keys.reduce(
      (found, candidate) => timingSafeEqual(candidate, given) || found,
      false,
    );
    if (key && known) return true;
    throw new ProblemError(
      'unauthorized',
      key
        ? 'the API key is not valid'
        : 'send an API key as Authorization: Bearer <key> or X-API-Key',
    );
  }
}
