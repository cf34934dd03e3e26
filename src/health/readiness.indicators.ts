import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { REDIS_LINK } from '../cache/cache.module';
import { RedisLink } from '../state/redis-link';
import { WebexTokenService } from '../webex/webex-token.service';

/**
 * What /health/ready checks: a token Webex has not refused. Redis is reported, never a reason to be
 * not ready: while it is away a replica still answers from its own memory and Webex (CONTRACT §7),
 * and an outage of the shared store must not take every replica out of the gateway at once.
 */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly token: WebexTokenService,
    @Inject(REDIS_LINK) private readonly link: RedisLink | null,
  ) {}

  webexToken() {
    const session = this.health.check('webexToken');
    return this.token.isHealthy()
      ? session.up()
      : session.down({ reason: 'Webex refused the credentials' });
  }

  redisStore() {
    const session = this.health.check('redis');
    if (!this.link) return session.up({ store: 'memory' });
    return session.up({ store: 'redis', degraded: !this.link.available });
  }
}
