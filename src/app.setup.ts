import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { corsOriginsOf, Env } from './config/env';
import { setupDocs } from './docs.setup';
import { addSecurityHeaders } from './http/security-headers';
import { APP_LOGGER, PinoNestLogger } from './logging/logger';
import { MetricsService } from './metrics/metrics.service';
import { ProblemFilter } from './reports/problem.filter';
import { validationPipe } from './reports/validation';
import { RequestContext } from './request-context';
import { RequestContextInterceptor } from './request-context.interceptor';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const EXPOSED = ['x-request-id', 'x-cache', 'age', 'etag', 'retry-after', 'location', 'x-wait'];

/** Fastify options: the caller's X-Request-Id when sane, else a fresh one; bounded bodies. */
export function fastifyOptions(env: Env): FastifyServerOptions {
  return {
    bodyLimit: 64 * 1024,
    requestTimeout: env.REQUEST_TIMEOUT_MS, // Node applies it to receiving the request only: a 60 s waitFor is not cut
    routerOptions: { maxParamLength: 1024 }, // ids up to 512 characters reach validation (a 400), not Fastify's 414
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  };
}

export const createAdapter = (env: Env) => new FastifyAdapter(fastifyOptions(env));

/** One JSON line and the request metrics per answered request. */
function observeRequests(fastify: FastifyInstance, logger: Logger, metrics: MetricsService): void {
  fastify.addHook(
    'onResponse',
    (request: FastifyRequest & { bff?: RequestContext }, reply, done) => {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      };
      metrics.requests.inc(labels);
      metrics.latency.observe(labels, reply.elapsedTime / 1000);
      logger.info(
        {
          requestId: request.id,
          ...labels,
          path: request.url,
          latencyMs: Math.round(reply.elapsedTime * 10) / 10,
          cache: reply.getHeader('x-cache'),
          upstreamCalls: request.bff?.upstreamCalls ?? 0,
        },
        'request',
      );
      done();
    },
  );
}

/** While closing, answers in flight end their connection, so the drain is not held by keep-alive. */
function closeConnectionsWhenDraining(fastify: FastifyInstance): void {
  let draining = false;
  fastify.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
}

/** Everything main.ts and the tests share: headers, CORS, prefix, pipes, filters, request ids, logs. */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const env = app.get(Env);
  const logger = app.get<Logger>(APP_LOGGER);
  app.useLogger(new PinoNestLogger(logger));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  observeRequests(fastify, logger, app.get(MetricsService));
  closeConnectionsWhenDraining(fastify);
  addSecurityHeaders(fastify);
  const origins = corsOriginsOf(env);
  if (origins.length > 0)
    app.enableCors({
      origin: origins,
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: [
        'authorization',
        'x-api-key',
        'content-type',
        'idempotency-key',
        'if-none-match',
        'cache-control',
        'x-request-id',
      ],
      exposedHeaders: EXPOSED,
      maxAge: 600,
    });
  app.setGlobalPrefix('v1', { exclude: ['health/{*path}', 'metrics', 'docs', 'docs-json'] });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalInterceptors(new RequestContextInterceptor(env));
  setupDocs(app);
  return app;
}
