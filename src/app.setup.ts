import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { Env } from './config/env';
import { ReportCache } from './cache/report-cache';
import { ApiKeys } from './callers/callers';
import { RateLimits } from './callers/rate-limits';
import { Clock } from './clock';
import { setupDocs } from './docs.setup';
import { addAbsoluteLocations } from './http/absolute-location';
import { answerClientError } from './http/client-errors';
import { CorsPolicy } from './http/cors';
import { cutSlowBodies } from './http/body-timeout';
import { EarlyHits } from './http/early-hits';
import { admittedIdOf, Edge } from './http/edge';
import { acceptJsonBodiesOnly } from './http/json-body';
import { observeRequests, RequestLog } from './http/request-log';
import { requestIdOf } from './http/request-id';
import { recordRoutes, ROUTER_OPTIONS } from './http/route-table';
import { WebexTokenService } from './webex/webex-token.service';
import { APP_LOGGER, PinoNestLogger } from './logging/logger';
import { MetricsService } from './metrics/metrics.service';
import { ProblemFilter } from './http/problem.filter';
import { validationPipe } from './http/validation';
import { addRequestContext } from './request-context.hook';

/** Fastify options: the request id the edge gave (the caller's when sane); bounded bodies. */
export function fastifyOptions(env: Env): FastifyServerOptions {
  return {
    bodyLimit: 64 * 1024,
    routerOptions: ROUTER_OPTIONS,
    genReqId: (request) => admittedIdOf(request) ?? requestIdOf(request.headers),
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

const edges = new WeakMap<FastifyInstance, Edge>();

/** The HTTP server: every request passes the edge first, then (unless answered there) Fastify. */
function serverWith(edge: Edge, env: Env) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void): Server => {
    const server = createServer((req, res) => edge.handle(req, res, () => handler(req, res)));
    server.keepAliveTimeout = 72_000; // Fastify's default, which it applies only to servers it creates
    server.requestTimeout = env.requestTimeoutMs; // receiving the request only: a 60 s waitFor is not cut
    return server;
  };
}

export function createAdapter(env: Env): FastifyAdapter {
  const edge = new Edge();
  const adapter = new FastifyAdapter({
    ...fastifyOptions(env),
    serverFactory: serverWith(edge, env),
    skipMiddie: true, // no Nest middleware here; middie's hook ran on every request
  });
  edges.set(adapter.getInstance(), edge);
  return adapter;
}

export type AppOptions = {
  /** Answer fresh cache hits in the edge (default); off, every request goes through its handler. */
  earlyHits?: boolean;
};

/** Everything main.ts and the tests share: the edge, headers, pipes, filters, logs. */
export function configureApp(
  app: NestFastifyApplication,
  options: AppOptions = {},
): NestFastifyApplication {
  const env = app.get(Env);
  const logger = app.get<Logger>(APP_LOGGER);
  app.useLogger(new PinoNestLogger(logger));
  const fastify = app.getHttpAdapter().getInstance();
  const routes = recordRoutes(fastify);
  const early =
    options.earlyHits === false
      ? null
      : new EarlyHits(app.get(ReportCache), app.get(WebexTokenService), app.get(Clock), env);
  const log = new RequestLog(logger, app.get(MetricsService));
  const edge = edges.get(fastify) ?? new Edge();
  edge.attach({
    keys: app.get(ApiKeys),
    limits: app.get(RateLimits),
    cors: new CorsPolicy(env),
    routes,
    early,
    log,
    trustProxy: trustedProxiesOf(env),
  });
  edge.addTo(fastify);
  observeRequests(fastify, log);
  if (early)
    fastify.addHook('onResponse', (request, reply, done) => {
      early.learn(request, reply.statusCode);
      done();
    });
  acceptJsonBodiesOnly(fastify);
  cutSlowBodies(fastify, env.requestTimeoutMs);
  addRequestContext(fastify, env);
  addAbsoluteLocations(fastify);
  app.setGlobalPrefix('v1', { exclude: ['health/{*path}', 'metrics', 'docs', 'docs-json'] });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemFilter());
  setupDocs(app);
  return app;
}
