import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * `scheme://host[:port]` as the client addressed the service: Fastify's `request.protocol` and
 * `request.host`, which take X-Forwarded-Proto and X-Forwarded-Host (their last entry) only from a
 * TRUST_PROXY gateway, and the socket and `Host` otherwise. Null when they do not name an origin.
 */
export function originOf(request: FastifyRequest): string | null {
  const { protocol, host } = request;
  if ((protocol !== 'http' && protocol !== 'https') || !HOST.test(host)) return null;
  return `${protocol}://${host.toLowerCase()}`;
}

/**
 * A `Location` set as a path (a create's, and its idempotent replays', which remember the path) leaves
 * absolute (CONTRACT §2): a dashboard on another origin that writes `fetch(location)` would otherwise
 * call its own origin. Built per answer from that request, so a replay names the replaying client's
 * host, never the first one's. A request naming no usable origin keeps the path.
 */
export function addAbsoluteLocations(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const location = reply.getHeader('location');
    if (typeof location === 'string' && location.startsWith('/') && !location.startsWith('//')) {
      const origin = originOf(request);
      if (origin) reply.header('location', `${origin}${location}`);
    }
    done(null, payload);
  });
}
