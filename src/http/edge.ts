import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawRequestDefaultExpression,
} from 'fastify';
import { ApiKeys, callerOf, presentedKey } from '../callers/callers';
import { RateLimits, Verdict } from '../callers/rate-limits';
import { ProblemError } from '../reports/problem';
import { sendProblem } from '../reports/problem.filter';
import { EarlyHits } from './early-hits';
import { targetProblem } from './request-target';

/** Where a refused target is routed instead: a dot segment, so never a route. */
const INVALID_TARGET = '/.invalid-target';
const refusedTargets = new WeakMap<object, string>();

/**
 * Fastify's `rewriteUrl`, which runs before the router: a target that is not canonical origin-form
 * (CONTRACT §2) never reaches it; the edge answers it 400.
 */
export function screenTarget(req: RawRequestDefaultExpression): string {
  const problem = targetProblem(req.url);
  if (!problem) return req.url as string;
  refusedTargets.set(req, problem);
  return INVALID_TARGET;
}

/** True for a request whose target `screenTarget` refused (answered 400 by the edge). */
export const isRefusedTarget = (req: object): boolean => refusedTargets.has(req);

/**
 * Decided on the route that will serve the request, never on its text: every route under `/v1`, and
 * any request no route matches, needs an API key; health, metrics, docs and CORS preflights do not.
 */
export const isPublicRoute = (route: string | undefined): boolean =>
  route !== undefined && route !== '/v1' && !route.startsWith('/v1/');

export type EdgeDeps = { keys: ApiKeys; limits: RateLimits; early: EarlyHits | null };

/**
 * The one place a request is admitted (CONTRACT §2, §7), on every path that can answer it: an
 * unserved target → 400; on a `/v1` route, the caller (an accepted key, else the client address) is
 * counted against its rate limit → 429, then the key is checked → 401; refused requests are answered
 * here, before anything else runs, so a refusal costs no more than a cache hit. An admitted GET whose
 * answer is a fresh entry in memory is answered here too (EarlyHits), from the same functions as the
 * route handlers; everything else continues to Nest.
 */
export function addEdge(fastify: FastifyInstance, deps: EdgeDeps): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const refused = refusedTargets.get(request.raw);
    if (refused) return sendProblem(request, reply, new ProblemError('invalid-target', refused));
    if (isPublicRoute(request.routeOptions.url)) return done();
    const key = presentedKey(request.headers);
    const accepted = deps.keys.allows(key);
    request.caller = callerOf(accepted ? key : null, request.ip);
    const verdict = deps.limits.count(request.caller);
    if (!('then' in verdict)) return admit(request, reply, done, verdict, accepted, deps);
    verdict.then((counted) => admit(request, reply, done, counted, accepted, deps), done);
  });
}

function admit(
  request: FastifyRequest,
  reply: FastifyReply,
  done: (error?: Error) => void,
  verdict: Verdict,
  accepted: boolean,
  deps: EdgeDeps,
): void {
  for (let at = 0; at < verdict.headers.length; at += 2)
    reply.header(verdict.headers[at], verdict.headers[at + 1]);
  if (verdict.retryAfterS !== undefined)
    return sendProblem(
      request,
      reply,
      new ProblemError('rate-limited', `more than ${deps.limits.limit} requests in a minute`, {
        retryAfterS: verdict.retryAfterS,
      }),
    );
  if (!accepted)
    return sendProblem(
      request,
      reply,
      new ProblemError(
        'unauthorized',
        presentedKey(request.headers)
          ? 'the API key is not valid'
          : 'send an API key as Authorization: Bearer <key> or X-API-Key',
      ),
    );
  if (deps.early?.answer(request, reply)) return;
  done();
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the rate limit counted this request against (`key:<digest>` or `ip:<address>`). */
    caller?: string;
  }
}
