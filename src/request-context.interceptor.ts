import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { RequestContext, runWithContext } from './request-context';

/** Runs each handler inside its RequestContext, so the Webex client can tag calls with the request id. */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { bff?: RequestContext }>();
    const requestContext: RequestContext = { requestId: String(request.id), upstreamCalls: 0 };
    request.bff = requestContext;
    return runWithContext(requestContext, () => next.handle());
  }
}
