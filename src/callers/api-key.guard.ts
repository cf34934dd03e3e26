import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Env } from '../config/env';
import { ProblemError } from '../reports/problem';
import { ApiKeys, presentedKey } from './callers';

/** With API_KEYS set, `/v1/*` needs one of them; health, metrics and docs stay open. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: ApiKeys;

  constructor(env: Env) {
    this.keys = new ApiKeys(env);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (this.keys.allows(request)) return true;
    throw new ProblemError(
      'unauthorized',
      presentedKey(request)
        ? 'the API key is not valid'
        : 'send an API key as Authorization: Bearer <key> or X-API-Key',
    );
  }
}
