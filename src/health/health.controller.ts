import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ApiLivenessRoute, ApiReadinessRoute } from './health.docs';
import { ReadinessIndicators } from './readiness.indicators';

/** Liveness (the process answers) and readiness (token and Redis usable); no caller auth. */
@ApiTags('Operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: ReadinessIndicators,
  ) {}

  @Get('live')
  @ApiLivenessRoute()
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false }) // documented by ApiReadinessRoute
  @ApiReadinessRoute()
  ready() {
    return this.health.check([
      () => this.indicators.webexToken(),
      () => this.indicators.redisStore(),
    ]);
  }
}
