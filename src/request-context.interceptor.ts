import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable, throwError, timeout } from 'rxjs';
import { Env } from './config/env';
import { ProblemError } from './reports/problem';
import { RequestContext, runWithContext } from './request-context';

const MAX_WAIT_S = 60;

/**
 * Runs each handler inside its RequestContext (so the Webex client tags calls with the request id),
 * and answers 503 `request-timeout` when a handler outlives REQUEST_TIMEOUT_MS; a `waitFor` long-poll
 * gets its own timeout on top. Work still running upstream finishes and fills the cache.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  constructor(private readonly env: Env) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { bff?: RequestContext }>();
    const requestContext: RequestContext = { requestId: String(request.id), upstreamCalls: 0 };
    request.bff = requestContext;
    const limitMs = this.env.REQUEST_TIMEOUT_MS + this.waitAllowanceMs(request);
    return runWithContext(requestContext, () => next.handle()).pipe(
      timeout({
        first: limitMs,
        with: () =>
          throwError(() => new ProblemError('request-timeout', `no answer within ${limitMs} ms`)),
      }),
    );
  }

  private waitAllowanceMs(request: FastifyRequest): number {
    const query = request.query as Record<string, unknown> | undefined;
    return typeof query?.waitFor === 'string' ? MAX_WAIT_S * 1000 : 0;
  }
}
