import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../reports/problem';
import { isApiRoute } from './callers';
import { RateLimits, Verdict } from './rate-limits';

/** Counts every `/v1` call against its caller's limit; over it, a 429 problem with Retry-After. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(private readonly limits: RateLimits) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    if (!isApiRoute(request)) return true;
    const reply = http.getResponse<FastifyReply>();
    const verdict = this.limits.countNow(request);
    if (verdict) return admit(reply, verdict, this.limits);
    return this.limits.count(request).then((counted) => admit(reply, counted, this.limits));
  }
}

function admit(reply: FastifyReply, verdict: Verdict, limits: RateLimits): true {
  if ('retryAfterS' in verdict)
    throw new ProblemError('rate-limited', `more than ${limits.limit} requests in a minute`, {
      retryAfterS: verdict.retryAfterS,
    });
  for (let at = 0; at < verdict.headers.length; at += 2)
    reply.header(verdict.headers[at], verdict.headers[at + 1]);
  return true;
}
