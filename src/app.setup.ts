import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import { corsOriginsOf, Env } from './config/env';
import { ReportCache } from './cache/report-cache';
import { ApiKeys } from './callers/callers';
import { RateLimits } from './callers/rate-limits';
import { Clock } from './clock';
import { setupDocs } from './docs.setup';
import { EarlyHits } from './http/early-hits';
import { addAbsoluteLocations } from './http/absolute-location';
import { addEdge, isRefusedTarget, screenTarget } from './http/edge';
import { observeRequests, RequestLog } from './http/request-log';
import { requestIdOf } from './http/request-id';
import { recordRoutes } from './http/route-table';
import { acceptJsonBodiesOnly } from './http/json-body';
import { cutSlowBodies } from './http/body-timeout';
import { answerClientError } from './http/client-errors';
import { WebexTokenService } from './webex/webex-token.service';
import { addSecurityHeaders } from './http/security-headers';
import { APP_LOGGER, PinoNestLogger } from './logging/logger';
import { MetricsService } from './metrics/metrics.service';
import { ProblemFilter } from './reports/problem.filter';
import { validationPipe } from './reports/validation';
import { addRequestContext } from './request-context.hook';

/** Every header a dashboard on another origin may read (CONTRACT §7). */
const EXPOSED = [
  'x-request-id',
  'x-cache',
  'age',
  'etag',
  'retry-after',
  'location',
  'x-wait',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'idempotent-replay',
];

/** Fastify options: the caller's X-Request-Id when sane, else a fresh one; bounded bodies. */
export function fastifyOptions(env: Env): FastifyServerOptions {
  return {
    bodyLimit: 64 * 1024,
    requestTimeout: env.requestTimeoutMs, // Node applies it to receiving the request only: a 60 s waitFor is not cut
    keepAliveTimeout: 72_000,
    routerOptions: { maxParamLength: 1024 }, // ids up to 512 characters reach validation (a 400), not Fastify's 414
    genReqId: (request) => requestIdOf(request.headers),
    rewriteUrl: screenTarget,
    trustProxy: trustedProxiesOf(env),
    clientErrorHandler: answerClientError, // Node's own 400/408/413/431 answers as problems too
  };
}

/** TRUST_PROXY: the gateway's addresses or CIDRs, whose X-Forwarded-For names the client. */
function trustedProxiesOf(env: Env): string[] | false {
  const list = env.TRUST_PROXY.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return list.length > 0 ? list : false;
}

export function createAdapter(env: Env): FastifyAdapter {
  return new FastifyAdapter(fastifyOptions(env));
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

function enableCors(app: NestFastifyApplication, env: Env): void {
  const origins = corsOriginsOf(env);
  if (origins.length === 0) return;
  const options = {
    origin: origins,
    credentials: env.CORS_ALLOW_CREDENTIALS,
    methods: ['GET', 'HEAD', 'POST', 'DELETE'],
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
    strictPreflight: false, // its 400 for a bare OPTIONS is text/plain, not a problem
  };
  // @fastify/cors answers preflights before the edge runs: not for a target the edge refuses (400).
  const refused = { origin: false };
  app.enableCors({
    delegator: (request, callback) =>
      callback(null, isRefusedTarget(request.raw) ? refused : options),
  });
}

export type AppOptions = {
  /** Answer fresh cache hits in the edge (default); off, every request goes through its handler. */
  earlyHits?: boolean;
};

/** Everything main.ts and the tests share: headers, CORS, the edge, pipes, filters, logs. */
export function configureApp(
  app: NestFastifyApplication,
  options: AppOptions = {},
): NestFastifyApplication {
  const env = app.get(Env);
  const logger = app.get<Logger>(APP_LOGGER);
  app.useLogger(new PinoNestLogger(logger));
  const fastify = app.getHttpAdapter().getInstance();
  recordRoutes(fastify);
  const early =
    options.earlyHits === false
      ? null
      : new EarlyHits(app.get(ReportCache), app.get(WebexTokenService), app.get(Clock), env);
  enableCors(app, env);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  addSecurityHeaders(fastify);
  addEdge(fastify, { keys: app.get(ApiKeys), limits: app.get(RateLimits), early });
  observeRequests(fastify, new RequestLog(logger, app.get(MetricsService)));
  if (early)
    fastify.addHook('onResponse', (request, reply, done) => {
      early.learn(request, reply.statusCode);
      done();
    });
  acceptJsonBodiesOnly(fastify);
  cutSlowBodies(fastify, env.requestTimeoutMs);
  addRequestContext(fastify, env);
  closeConnectionsWhenDraining(fastify);
  addAbsoluteLocations(fastify);
  app.setGlobalPrefix('v1', { exclude: ['health/{*path}', 'metrics', 'docs', 'docs-json'] });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemFilter());
  setupDocs(app);
  return app;
}
