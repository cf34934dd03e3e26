import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { Env } from '../config/env';
import { SharedState } from '../cache/shared-state';
import { ApiKeyGuard } from './api-key.guard';
import { Caller, callerOf, isApiRoute, rateLimitKey } from './callers';
import { SharedThrottlerStorage } from './shared-throttler.storage';

/** Who may call `/v1/*` and how often: API keys first, then a per-caller rate limit. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [Env, SharedState],
      useFactory: (env: Env, state: SharedState) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: env.RATE_LIMIT_PER_MINUTE }],
        storage: new SharedThrottlerStorage(state),
        getTracker: (request: Record<string, unknown>) => callerOf(request as unknown as Caller),
        generateKey: (_context, tracker) => rateLimitKey(tracker),
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
