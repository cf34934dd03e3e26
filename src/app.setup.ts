import { randomUUID } from 'node:crypto';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import { Env } from './config/env';
import { ProblemFilter, sendProblem } from './reports/problem.filter';
import { validationPipe } from './reports/validation';
import { RequestContextInterceptor } from './request-context.interceptor';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify options: the caller's X-Request-Id when sane, else a fresh one; bounded bodies. */
export function fastifyOptions(env: Env): FastifyServerOptions {
  return {
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 1024 }, // ids up to 512 characters reach validation (a 400), not Fastify's 414
    requestTimeout: env.UPSTREAM_DEADLINE_MS + 5000,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  };
}

export const createAdapter = (env: Env) => new FastifyAdapter(fastifyOptions(env));

/** Everything main.ts and the tests share: prefix, pipes, filters, request ids. */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  fastify.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));
  app.setGlobalPrefix('v1', { exclude: ['health/(.*)', 'metrics', 'docs', 'docs-json'] });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalInterceptors(new RequestContextInterceptor());
  return app;
}
