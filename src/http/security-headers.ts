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

/**
 * helmet's headers as flat lists, computed once, for the edge to put on every answer: the docs routes
 * get their own CSP, everything else the strict one.
 */
export function securityHeaderLists(): { api: string[]; docs: string[] } {
  return {
    api: Object.entries(helmetHeaders(API)).flat(),
    docs: Object.entries(helmetHeaders(DOCS)).flat(),
  };
}
