import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WebexApiError } from '../webex/webex-api.error';
import { Answer, sendAnswer } from './answers';
import { Problem, ProblemCode, ProblemError, problemBody, PROBLEMS } from './problem';
import { toProblem } from './webex-problem';

const BY_STATUS: Record<number, ProblemCode> = {
  400: 'validation-failed',
  401: 'unauthorized',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
};

type HealthFailure = {
  status: 'error';
  details: Record<string, { status: string; reason?: string }>;
};

/** Terminus' failed readiness (a 503 carrying each check's state), as a problem naming what is down. */
function readinessProblem(error: HttpException): ProblemError | null {
  const body = error.getResponse() as Partial<HealthFailure>;
  if (error.getStatus() !== 503 || body?.status !== 'error' || !body.details) return null;
  const down = Object.entries(body.details).filter(([, check]) => check.status !== 'up');
  const errors = down.map(([field, check]) => ({ field, message: check.reason ?? 'down' }));
  return new ProblemError('not-ready', `not ready: ${down.map(([name]) => name).join(', ')}`, {
    errors,
  });
}

/** Anything thrown, as a ProblemError: ours as is, Webex's via its table, framework errors by status. */
export function asProblem(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof WebexApiError) return toProblem(error);
  const notReady = error instanceof HttpException ? readinessProblem(error) : null;
  if (notReady) return notReady;
  const status =
    error instanceof HttpException
      ? error.getStatus()
      : (error as { statusCode?: number })?.statusCode;
  const code = status ? BY_STATUS[status] : undefined;
  if (!code) return new ProblemError('internal', 'unexpected error');
  const detail =
    code === 'validation-failed'
      ? 'the request could not be read (malformed body or parameters)'
      : (error as Error).message;
  const retryAfterS = (error as { retryAfterS?: number }).retryAfterS;
  return new ProblemError(code, detail, { retryAfterS });
}

/**
 * The serialised start of a problem body without field errors (all but its request id) and its
 * header list, by code, detail and Retry-After: refusals repeat a handful of these, and serialising
 * each afresh was a twentieth of a refused request's cost.
 */
const prepared = new Map<string, { start: string; headers: string[] }>();

function problemHeaders({ extra: { retryAfterS } }: Problem): string[] {
  const headers = ['content-type', 'application/problem+json'];
  if (retryAfterS !== undefined) headers.push('retry-after', String(retryAfterS));
  return headers;
}

function preparedOf(problem: Problem): { start: string; headers: string[] } {
  const { retryAfterS } = problem.extra;
  const key = `${problem.code}\n${retryAfterS ?? ''}\n${problem.detail}`;
  let found = prepared.get(key);
  if (found === undefined) {
    const whole = JSON.stringify(problemBody(problem, ''));
    const start = whole.slice(0, whole.lastIndexOf(',"requestId":'));
    found = { start, headers: problemHeaders(problem) };
    if (prepared.size >= 256) prepared.clear(); // details are few; a flood of distinct ones only re-serialises
    prepared.set(key, found);
  }
  return found;
}

/**
 * A problem as an answer (CONTRACT §6), whichever path sends it. Without field errors the body is
 * the prepared start and the request id, the same bytes `JSON.stringify(problemBody(…))` gives.
 */
export function problemAnswerOf(problem: Problem, requestId: string): Answer {
  const status = PROBLEMS[problem.code][0];
  if (problem.extra.errors)
    return {
      status,
      headers: problemHeaders(problem),
      body: JSON.stringify(problemBody(problem, requestId)),
    };
  const { start, headers } = preparedOf(problem);
  return { status, headers, body: `${start},"requestId":${JSON.stringify(requestId)}}` };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
  const problem = asProblem(error);
  if (problem.code === 'internal')
    new Logger('ProblemFilter').error((error as Error)?.stack ?? String(error));
  sendAnswer(reply, problemAnswerOf(problem, String(request.id)));
}

/** The one filter: every error leaves as application/problem+json (RFC 9457), no stack traces. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), error);
  }
}
