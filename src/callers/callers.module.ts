import { createHash } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { Env } from '../config/env';
import { SharedState } from '../cache/shared-state';
import { ApiKeyGuard, isApiRoute, presentedKey } from './api-key.guard';
import { SharedThrottlerStorage } from './shared-throttler.storage';

/** The caller is its API key (as a digest, never the key) or else its address. */
const callerOf = (request: FastifyRequest) => {
  const key = presentedKey(request);
  return key
    ? `key:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`
    : `ip:${request.ip}`;
};

/** Who may call `/v1/*` and how often: API keys first, then a per-caller rate limit. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [Env, SharedState],
      useFactory: (env: Env, state: SharedState) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: env.RATE_LIMIT_PER_MINUTE }],
        storage: new SharedThrottlerStorage(state),
        getTracker: (request: Record<string, unknown>) =>
          callerOf(request as unknown as FastifyRequest),
        skipIf: (context) => !isApiRoute(context.switchToHttp().getRequest<FastifyRequest>()),
      }),
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
  ],
})
export class CallersModule {}
