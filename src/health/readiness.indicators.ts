import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { RedisClientType } from '@keyv/redis';
import { REDIS_CLIENT } from '../cache/redis-client.module';
import { WebexTokenService } from '../webex/webex-token.service';

/** What /health/ready checks: a token Webex has not refused, and Redis when it is the store. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly token: WebexTokenService,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClientType | null,
  ) {}

  webexToken() {
    const session = this.health.check('webexToken');
    return this.token.isHealthy()
      ? session.up()
      : session.down({ reason: 'Webex refused the credentials' });
  }

  async redisStore() {
    const session = this.health.check('redis');
    if (!this.redis) return session.up({ store: 'memory' });
    try {
      if (!this.redis.isReady) return session.down({ reason: 'not connected' });
      await Promise.race([
        this.redis.ping(),
        new Promise((_, reject) => setTimeout(reject, 1000).unref()),
      ]);
      return session.up();
    } catch {
      return session.down({ reason: 'no answer to PING' });
    }
  }
}
