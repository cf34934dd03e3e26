import type { FastifyInstance } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The API answers JSON and text only: nothing in it may run a script or load a style. */
const API: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      scriptSrc: ["'self'"],
    },
  },
};

/**
 * Swagger UI at /docs: its own scripts, inline styles (its stylesheet and React's style attributes),
 * data: images, and "Try it out" calling this origin. No `upgrade-insecure-requests`: on a service
 * reached over http it rewrote every "Try it out" call to https, which the service does not speak.
 */
const DOCS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      connectSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      scriptSrc: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
};

/** The routes SwaggerModule serves: the page, its assets, and the document. */
export const isDocsRoute = (route: string | undefined): boolean =>
  route !== undefined && /^\/docs(?:$|\/|-json$|-yaml$)/.test(route);

/**
 * helmet's headers, computed once: they depend on no request, and running helmet per request (as
 * @fastify/helmet does, re-parsing the CSP each time) cost a tenth of a cache hit in the benchmark.
 */
export function helmetHeaders(options: HelmetOptions = API): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) =>
      (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

/** helmet's headers on every answer; the docs routes get their own CSP, the API keeps the strict one. */
export function addSecurityHeaders(fastify: FastifyInstance): void {
  const api = helmetHeaders(API);
  const docs = helmetHeaders(DOCS);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(isDocsRoute(request.routeOptions.url) ? docs : api);
    done();
  });
}
