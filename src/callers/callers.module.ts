import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimits } from './rate-limits';

/** Who may call `/v1/*` and how often: API keys first, then a per-caller rate limit. */
@Module({
  providers: [
    RateLimits,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [RateLimits],
})
export class CallersModule {}
