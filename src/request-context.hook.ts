import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Env } from './config/env';
import type {} from './http/fastify-request';
import { ProblemError } from './http/problem';
import { sendProblem } from './http/problem.filter';
import { WAIT_TIMEOUT_MAX_S } from './reports/report-id.dto';
import { RequestContext } from './request-context';

/** A constant reason: `abort()` without one builds a DOMException, stack and all, per request. */
const ANSWERED = 'answered';

const waitAllowanceMs = (request: FastifyRequest) =>
  typeof (request.query as Record<string, unknown> | undefined)?.waitFor === 'string'
    ? WAIT_TIMEOUT_MAX_S * 1000
    : 0;

/**
 * Gives each request its RequestContext (`request.bff`, which route handlers hand down to the Webex
 * client: it tags calls with the request id and counts them for the log line), and answers 503 `request-timeout` when a handler outlives REQUEST_TIMEOUT_MS; a `waitFor`
 * long-poll gets its own allowance on top. Work still running upstream finishes and fills the cache,
 * but the context's `deadline` and `answered` signal stop any write not yet sent to Webex.
 * A Fastify hook rather than a global Nest interceptor: the interceptor machinery (an AsyncResource
 * bound per call, rxjs around every handler) was a fifth of a cache miss's CPU in the benchmark.
 */
export function addRequestContext(fastify: FastifyInstance, env: Env): void {
  fastify.addHook('preHandler', (request: FastifyRequest, reply, done) => {
    const limitMs = env.requestTimeoutMs + waitAllowanceMs(request);
    const answered = new AbortController();
    const context: RequestContext = {
      requestId: String(request.id),
      upstreamCalls: 0,
      deadline: Date.now() + limitMs, // real time, as the timer below
      answered: answered.signal,
    };
    request.bff = context;
    request.bffAnswered = answered;
    request.bffTimer = setTimeout(() => {
      answered.abort(ANSWERED);
      if (!reply.sent)
        sendProblem(
          request,
          reply,
          new ProblemError('request-timeout', `no answer within ${limitMs} ms`),
        );
    }, limitMs).unref();
    done();
  });
  fastify.addHook('onResponse', (request: FastifyRequest, _reply, done) => {
    clearTimeout(request.bffTimer);
    request.bffAnswered?.abort(ANSWERED);
    done();
  });
}
