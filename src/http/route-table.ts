import type { FastifyInstance } from 'fastify';

export type RouteEntry = { method: string; url: string };

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/**
 * Records every route as the router registers it (Nest's, the docs', CORS preflight's), so that the
 * edge's guarantees can be checked against the router's own table: a route added later is covered
 * without anyone remembering to.
 */
export function recordRoutes(fastify: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(fastify, table);
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.push({ method, url: route.url });
  });
}

export const routesOf = (fastify: FastifyInstance): readonly RouteEntry[] =>
  tables.get(fastify) ?? [];
