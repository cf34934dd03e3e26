import { Module } from '@nestjs/common';
import { Env } from '../config/env';
import { ApiKeys } from './callers';
import { RateLimits } from './rate-limits';

/** Who may call `/v1/*` and how often; the HTTP edge (src/http/edge.ts) asks them for every request. */
@Module({
  providers: [
    { provide: ApiKeys, inject: [Env], useFactory: (env: Env) => new ApiKeys(env) },
    RateLimits,
  ],
  exports: [ApiKeys, RateLimits],
})
export class CallersModule {}
