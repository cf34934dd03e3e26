import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { ProblemError } from './problem';
import { sendProblem } from './problem.filter';

const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>();

const carriesBody = (raw: IncomingMessage) =>
  raw.headers['transfer-encoding'] !== undefined ||
  (raw.headers['content-length'] !== undefined && raw.headers['content-length'] !== '0');

function clear(request: FastifyRequest): void {
  const timer = timers.get(request);
  if (timer === undefined) return;
  clearTimeout(timer);
  timers.delete(request);
}

/**
 * A request body that has not arrived within `timeoutMs` of the request's start is answered with a
 * 408 problem and its connection closed (CONTRACT §7). Node's own `requestTimeout` is only checked
 * every 30 s (`connectionsCheckingInterval`), so a chunked body that never ended held a connection
 * for over a minute. The timer stops once the body is parsed (preValidation) or the request is
 * answered; requests without a body never start one. Once answered, Fastify runs no handler for the
 * request even if the rest of the body arrives.
 */
export function cutSlowBodies(fastify: FastifyInstance, timeoutMs: number): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (carriesBody(request.raw)) {
      const timer = setTimeout(() => {
        timers.delete(request);
        if (reply.sent || request.raw.socket?.destroyed) return;
        reply.header('connection', 'close');
        const detail = `the request body did not arrive within ${timeoutMs} ms`;
        sendProblem(request, reply, new ProblemError('body-timeout', detail));
      }, timeoutMs);
      timers.set(request, timer.unref());
    }
    done();
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    clear(request);
    done();
  });
  fastify.addHook('onResponse', (request, _reply, done) => {
    clear(request);
    done();
  });
}
