import type { FastifyInstance } from 'fastify';
import FindMyWay, { type HTTPVersion, type Instance } from 'find-my-way';

export type RouteEntry = { method: string; url: string };

/** What the edge needs to know of the route that will serve a request. */
export type RouteClass = { url: string; public: boolean; docs: boolean };

/** Router options shared by Fastify and this table, so both match a path alike. */
export const ROUTER_OPTIONS = { maxParamLength: 1024 }; // ids up to 512 characters reach validation (400), not a 414

/**
 * Decided on the route that will serve the request, never on its text: every route under `/v1`, and
 * any request no route matches, needs an API key; health, metrics and the docs do not.
 */
export const isPublicRoute = (route: string | undefined): boolean =>
  route !== undefined && route !== '/v1' && !route.startsWith('/v1/');

/** The routes SwaggerModule serves: the page, its assets, and the document. */
export const isDocsRoute = (route: string | undefined): boolean =>
  route !== undefined && /^\/docs(?:$|\/|-json$|-yaml$)/.test(route);

/**
 * The router's own table, recorded as Fastify registers each route (Nest's, the docs'), and matched
 * with the same router and options, so that the edge, which admits a request before Fastify runs,
 * decides on the route Fastify will serve it with. Fastify's hook checks that both agree. Specs take
 * every route from here, so a route added later is covered without anyone remembering to.
 */
export class RouteTable {
  readonly entries: RouteEntry[] = [];
  private readonly router: Instance<HTTPVersion.V1> = FindMyWay(ROUTER_OPTIONS);

  record(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        this.entries.push({ method, url: route.url });
        const store: RouteClass = {
          url: route.url,
          public: isPublicRoute(route.url),
          docs: isDocsRoute(route.url),
        };
        this.router.on(method as 'GET', route.url, () => undefined, store);
      }
    });
  }

  /** The route that serves `method` `path` (a canonical path, no query), or null. */
  find(method: string, path: string): RouteClass | null {
    const found = this.router.find(method as 'GET', path);
    return (found?.store as RouteClass | undefined) ?? null;
  }
}

const tables = new WeakMap<FastifyInstance, RouteTable>();

export function recordRoutes(fastify: FastifyInstance): RouteTable {
  const table = new RouteTable();
  table.record(fastify);
  tables.set(fastify, table);
  return table;
}

export const routesOf = (fastify: FastifyInstance): readonly RouteEntry[] =>
  tables.get(fastify)?.entries ?? [];
