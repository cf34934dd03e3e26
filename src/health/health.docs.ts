import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiProblems } from '../docs/problem.docs';

@ApiSchema({ name: 'Liveness' })
class LivenessDoc {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

@ApiSchema({ name: 'HealthIndicator', description: 'one readiness check' })
export class HealthIndicatorDoc {
  @ApiProperty({ enum: ['up', 'down'] }) status!: string;
  @ApiPropertyOptional({ enum: ['memory', 'redis'], description: 'redis: the cache store in use' })
  store?: string;
  @ApiPropertyOptional({
    description: 'redis: true while Redis is unreachable; the replica still answers (CONTRACT §4)',
  })
  degraded?: boolean;
  @ApiPropertyOptional({ description: 'why a check is down' }) reason?: string;
}

const checks = (description: string) =>
  ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(HealthIndicatorDoc) },
    description,
    example: { webexToken: { status: 'up' }, redis: { status: 'up', store: 'memory' } },
  });

@ApiSchema({ name: 'Readiness', description: "@nestjs/terminus' report, checks by name" })
class ReadinessDoc {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @checks('the checks that are up') info!: object;
  @checks('the checks that are down (none when ready)') error!: object;
  @checks('every check') details!: object;
}

export const ApiLivenessRoute = () =>
  applyDecorators(
    ApiOperation({
      operationId: 'getLiveness',
      summary: 'Liveness: the process answers',
      security: [],
    }),
    ApiResponse({ status: 200, description: 'alive', type: LivenessDoc }),
    ApiProblems('internal'),
  );

export const ApiReadinessRoute = () =>
  applyDecorators(
    ApiExtraModels(HealthIndicatorDoc),
    ApiOperation({
      operationId: 'getReadiness',
      summary: 'Readiness: configuration valid and a token Webex has not refused',
      description:
        'A Redis outage does not make a replica not ready while it can answer: the redis check reports degraded: true.',
      security: [],
    }),
    ApiResponse({ status: 200, description: 'ready', type: ReadinessDoc }),
    ApiProblems('not-ready', 'internal'),
  );

export const ApiMetricsRoute = () =>
  applyDecorators(
    ApiOperation({
      operationId: 'getMetrics',
      summary: 'Prometheus metrics',
      description:
        'Request counts and latency by route and status, cache hits, misses and stale serves, Webex calls by status, 429/423 waits, token expiry.',
      security: [],
    }),
    ApiResponse({
      status: 200,
      description: 'the Prometheus text exposition format 0.0.4',
      content: {
        'text/plain': {
          schema: { type: 'string' },
          example:
            '# HELP http_requests_total Caller requests by route and status\n# TYPE http_requests_total counter\nhttp_requests_total{method="GET",route="/v1/reports/wholesale",status="200"} 3\n',
        },
      },
    }),
    ApiProblems('internal'),
  );
