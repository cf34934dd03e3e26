import proxyaddr from '@fastify/proxy-addr';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiKeys, callerOf, presentedKey } from '../callers/callers';
import { RateLimits, Verdict } from '../callers/rate-limits';
import { CacheOutcome } from '../cache/cache-entry';
import { Problem } from './problem';
import { problemAnswerOf } from './problem.filter';
import { Answer, applyHeaders, writeAnswer } from './answers';
import { CorsPolicy } from './cors';
import { EarlyHits } from './early-hits';
import type {} from './fastify-request';
import { RequestLog, requestFields } from './request-log';
import { requestIdOf } from './request-id';
import { targetProblem } from './request-target';
import { WriteBatch } from './write-batch';
import { isPublicRoute, RouteClass, RouteTable } from './route-table';
import { BoundedMap } from '../bounded-map';
import { securityHeaderLists } from './security-headers';

/** What the edge decided for a request it let through: Fastify's hook applies it to the reply. */
export type Admission = {
  requestId: string;
  /** Header lists for every answer: security, request id, CORS, rate limit. */
  base: (readonly string[])[];
  caller?: string;
  route: RouteClass | null;
};

export type EdgeDeps = {
  keys: ApiKeys;
  limits: RateLimits;
  cors: CorsPolicy;
  routes: RouteTable;
  early: EarlyHits | null;
  log: RequestLog;
  trustProxy: string[] | false;
};

const admissions = new WeakMap<IncomingMessage, Admission>();

/**
 * What a request target decides before any header is read: why it is refused (targetProblem), else
 * the route that serves it (RouteTable), and the request log's serialised method, route and path.
 */
type TargetFacts = { refused: string | null; route: RouteClass | null; logFields?: string };

/**
 * GET and HEAD targets remembered, each of at most MEMO_TARGET_CHARS: dashboards poll the same short
 * URLs, and a caller sending ever new long targets can then hold at most about 2 MiB per method.
 */
const MEMO_TARGETS = 4_000;
const MEMO_TARGET_CHARS = 512;

/** The request id the edge gave a request (Fastify's genReqId takes it), so both name it alike. */
export const admittedIdOf = (req: IncomingMessage): string | undefined =>
  admissions.get(req)?.requestId;

/**
 * The one place a request is admitted (CONTRACT §2, §7), in the HTTP server's request listener,
 * before Fastify: a target that is not canonical origin-form → 400; a CORS preflight is answered; on
 * a `/v1` route (or none), the caller (an accepted key, else the client address) is counted against
 * its rate limit → 429, then the key is checked → 401. The route is the one the router will serve
 * the request with (RouteTable: the router's own table and options, on a canonical path). Refusals
 * and fresh cache hits (EarlyHits) are written here with the same header lists the route handlers
 * send (security, request id, CORS, rate limit, then the answer's own), so a refusal costs no more
 * than a hit, at the end of the loop iteration with the others (WriteBatch); everything else goes on
 * to Fastify, whose hook puts the same headers on the reply.
 */
export class Edge {
  private deps: EdgeDeps | null = null;
  private closing = false;
  private readonly security = securityHeaderLists();
  private trust: ((address: string, hop: number) => boolean) | null = null;
  /** Answers written here go out together, after the loop read every request of its iteration. */
  private readonly batch = new WriteBatch();
  /** Each connection's last caller, with the accepted key and address it was made of (`callerOn`). */
  private readonly callers = new WeakMap<
    object,
    { acceptedKey: string | null; address: string; caller: string }
  >();
  /**
   * TargetFacts of GET and HEAD targets exactly as sent: a pure function of method and target text
   * and the route table, which is complete before the server listens (Fastify refuses routes once
   * ready), so a repeated target skips the canonical-form scan and the router (a few µs of a hit).
   */
  private readonly targets = {
    GET: new BoundedMap<string, TargetFacts>(MEMO_TARGETS),
    HEAD: new BoundedMap<string, TargetFacts>(MEMO_TARGETS),
  };

  attach(deps: EdgeDeps): void {
    this.deps = deps;
    this.trust = deps.trustProxy ? proxyaddr.compile(deps.trustProxy) : null;
  }

  /** The request listener's part: answers, or calls `next` (Fastify) with the request admitted. */
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    if (!this.deps) return next(); // not started yet: Fastify's hook admits it
    const started = performance.now();
    const outcome = this.admit(req);
    const settle = (result: Outcome) => {
      if ('admission' in result) {
        admissions.set(req, result.admission);
        return next();
      }
      this.batch.add(() => {
        writeAnswer(res, result.base, result.answer, this.closing);
        this.logEarly(req, result, started);
      });
    };
    if ('then' in outcome) outcome.then(settle, () => next());
    else settle(outcome);
  }

  /** Fastify's part: the edge's admission onto the reply, or the edge's answer for a request that did not come through the listener (inject). */
  addTo(fastify: FastifyInstance): void {
    fastify.addHook('preClose', (done) => {
      this.closing = true; // answers written from now on end their connection, so the drain is not held
      done();
    });
    fastify.addHook('onRequest', (request, reply, done) => {
      const admission = admissions.get(request.raw);
      if (!admission) return this.admitInFastify(request, reply, done);
      if (isPublicRoute(request.routeOptions.url) !== (admission.route?.public ?? false))
        return this.refuseInFastify(reply, admission, 'the route could not be told apart');
      request.caller = admission.caller;
      for (const list of admission.base) applyHeaders(reply, list);
      done();
    });
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      if (this.closing) reply.header('connection', 'close');
      done(null, payload);
    });
  }

  private admit(req: IncomingMessage, id?: string): Outcome | Promise<Outcome> {
    const deps = this.deps as EdgeDeps;
    const requestId = id ?? requestIdOf(req.headers);
    const facts = this.factsOf(req.method ?? '', req.url ?? '');
    const { refused, route } = facts;
    const base: (readonly string[])[] = [
      route?.docs ? this.security.docs : this.security.api,
      ['x-request-id', requestId],
      deps.cors.headersFor(req.headers.origin),
    ];
    const answer = (problem: Problem): Outcome => ({
      base,
      route,
      answer: problemAnswerOf(problem, requestId),
      requestId,
      facts,
    });
    if (refused) return answer({ code: 'invalid-target', detail: refused, extra: {} });
    const preflight = deps.cors.preflight(req.method ?? '', req.headers);
    if (preflight) return { base, route, answer: preflight, requestId, facts };
    if (route?.public) return { admission: { requestId, base, route } };
    const key = presentedKey(req.headers);
    const accepted = deps.keys.allowsOn(req.socket, key);
    const caller = this.callerOn(req, accepted ? key : null);
    const decide = (verdict: Verdict): Outcome => {
      base.push(verdict.headers);
      const problem = refusalOf(verdict, accepted, key, deps.limits.limit);
      if (problem) return answer(problem);
      const hit = route ? deps.early?.answer(req as Asked, route.url) : null;
      if (hit) return { base, route, answer: hit.answer, requestId, cache: 'HIT', facts };
      return { admission: { requestId, base, caller, route } };
    };
    const verdict = deps.limits.count(caller);
    return 'then' in verdict ? verdict.then(decide) : decide(verdict);
  }

  /** The target's facts, remembered for GET and HEAD (see `targets`). */
  private factsOf(method: string, target: string): TargetFacts {
    const memo =
      (method === 'GET' || method === 'HEAD') && target.length <= MEMO_TARGET_CHARS
        ? this.targets[method]
        : null;
    let facts = memo?.get(target);
    if (facts === undefined) {
      const refused = targetProblem(target);
      const path = target.split('?', 1)[0];
      const route = refused ? null : (this.deps as EdgeDeps).routes.find(method, path);
      facts = { refused, route };
      memo?.set(target, facts);
    }
    return facts;
  }

  /**
   * `callerOf` the accepted key and client address, the same string as this connection's last request
   * when both are unchanged: the rate limit's lookups then hash a string they have seen.
   */
  private callerOn(req: IncomingMessage, acceptedKey: string | null): string {
    const address = this.addressOf(req);
    const last = this.callers.get(req.socket);
    if (last !== undefined && last.acceptedKey === acceptedKey && last.address === address)
      return last.caller;
    const caller = callerOf(acceptedKey, address);
    this.callers.set(req.socket, { acceptedKey, address, caller });
    return caller;
  }

  /** The client address as Fastify's `request.ip` computes it (TRUST_PROXY's X-Forwarded-For). */
  private addressOf(req: IncomingMessage): string {
    return this.trust ? proxyaddr(req, this.trust) : (req.socket.remoteAddress ?? '');
  }

  private admitInFastify(
    request: FastifyRequest,
    reply: FastifyReply,
    done: (error?: Error) => void,
  ): void {
    const settle = (result: Outcome) => {
      if ('admission' in result) {
        admissions.set(request.raw, result.admission);
        request.caller = result.admission.caller;
        for (const list of result.admission.base) applyHeaders(reply, list);
        return done();
      }
      reply.hijack();
      writeAnswer(reply.raw, result.base, result.answer, this.closing);
    };
    const outcome = this.admit(request.raw, String(request.id));
    if ('then' in outcome) outcome.then(settle, done);
    else settle(outcome);
  }

  private refuseInFastify(reply: FastifyReply, admission: Admission, detail: string): void {
    reply.hijack();
    const problem: Problem = { code: 'invalid-target', detail, extra: {} };
    writeAnswer(reply.raw, admission.base, problemAnswerOf(problem, admission.requestId), true);
  }

  private logEarly(req: IncomingMessage, answered: Answered, started: number): void {
    const method = req.method ?? '';
    const route = answered.route?.url ?? 'unmatched';
    const path = req.url ?? '';
    const { facts } = answered;
    facts.logFields ??= requestFields(method, route, path);
    this.deps?.log.record({
      requestId: answered.requestId,
      method,
      route,
      status: answered.answer.status,
      path,
      fields: facts.logFields,
      latencyMs: performance.now() - started,
      cache: answered.cache,
      upstreamCalls: 0,
      fastPath: true,
    });
  }
}

type Asked = Parameters<EarlyHits['answer']>[0];
type Answered = {
  base: (readonly string[])[];
  route: RouteClass | null;
  answer: Answer;
  requestId: string;
  facts: TargetFacts;
  cache?: CacheOutcome;
};
type Outcome = Answered | { admission: Admission };

function refusalOf(
  verdict: Verdict,
  accepted: boolean,
  key: string | null,
  limit: number,
): Problem | null {
  if (verdict.retryAfterS !== undefined)
    return {
      code: 'rate-limited',
      detail: `more than ${limit} requests in a minute`,
      extra: { retryAfterS: verdict.retryAfterS },
    };
  if (accepted) return null;
  const detail = key
    ? 'the API key is not valid'
    : 'send an API key as Authorization: Bearer <key> or X-API-Key';
  return { code: 'unauthorized', detail, extra: {} };
}
