import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { corsOriginsOf, Env } from './config/env';
import { ReportCache } from './cache/report-cache';
import { ApiKeys } from './callers/callers';
import { RateLimits } from './callers/rate-limits';
import { Clock } from './clock';
import { setupDocs } from './docs.setup';
import { observeRequests, RequestLog } from './http/request-log';
import { requestIdOf } from './http/request-id';
import { CacheHitFastPath } from './http/cache-hit.fast-path';
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

const EXPOSED = ['x-request-id', 'x-cache', 'age', 'etag', 'retry-after', 'location', 'x-wait'];

/** Fastify options: the caller's X-Request-Id when sane, else a fresh one; bounded bodies. */
export function fastifyOptions(env: Env): FastifyServerOptions {
  return {
    bodyLimit: 64 * 1024,
    requestTimeout: env.REQUEST_TIMEOUT_MS, // Node applies it to receiving the request only: a 60 s waitFor is not cut
    routerOptions: { maxParamLength: 1024 }, // ids up to 512 characters reach validation (a 400), not Fastify's 414
    genReqId: (request) => requestIdOf(request.headers),
    clientErrorHandler: answerClientError, // Node's own 400/408/413/431 answers as problems too
  };
}

const fastPaths = new WeakMap<object, CacheHitFastPath>();

/**
 * The HTTP server in front of Fastify: a request the cache-hit fast path may answer is offered to it
 * first; everything else, and anything it declines, goes to Fastify unchanged.
 */
function serverWith(fastPath: CacheHitFastPath, env: Env) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void): Server => {
    const server = createServer((req, res) => fastPath.handle(req, res, () => handler(req, res)));
    server.keepAliveTimeout = 72_000; // Fastify's default, which it applies only to servers it creates
    server.requestTimeout = env.REQUEST_TIMEOUT_MS;
    return server;
  };
}

export function createAdapter(env: Env): FastifyAdapter {
  const fastPath = new CacheHitFastPath();
  const adapter = new FastifyAdapter({
    ...fastifyOptions(env),
    serverFactory: serverWith(fastPath, env),
  });
  fastPaths.set(adapter.getInstance(), fastPath);
  return adapter;
}

function attachFastPath(
  app: NestFastifyApplication,
  fastify: FastifyInstance,
  env: Env,
  log: RequestLog,
): void {
  const fastPath = fastPaths.get(fastify);
  if (!fastPath) return;
  fastPath.attach({
    cache: app.get(ReportCache),
    token: app.get(WebexTokenService),
    keys: new ApiKeys(env),
    limits: app.get(RateLimits),
    clock: app.get(Clock),
    metrics: app.get(MetricsService),
    log,
    corsEnabled: corsOriginsOf(env).length > 0,
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    fastPath.learn(request, reply.statusCode);
    done();
  });
  fastify.addHook('preClose', (done) => {
    fastPath.drain();
    done();
  });
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
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  const env = app.get(Env);
  const logger = app.get<Logger>(APP_LOGGER);
  app.useLogger(new PinoNestLogger(logger));
  const fastify = app.getHttpAdapter().getInstance();
  const log = new RequestLog(logger, app.get(MetricsService));
  attachFastPath(app, fastify, env, log);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  observeRequests(fastify, log);
  acceptJsonBodiesOnly(fastify);
  cutSlowBodies(fastify, env.REQUEST_TIMEOUT_MS);
  addRequestContext(fastify, env);
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
  setupDocs(app);
  return app;
}
