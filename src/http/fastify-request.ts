import type { CacheOutcome, CacheTarget } from '../cache/cache-entry';
import type { RequestContext } from '../request-context';

/**
 * Every field this service hangs on Fastify's request, in one place. A file that reads or writes
 * one imports this module (`import type {} from …`), so each file's compilation sees them.
 */
declare module 'fastify' {
  interface FastifyRequest {
    /** Who the rate limit counted this request against (`key:<digest>` or `ip:<address>`). */
    caller?: string;
    /** The cache entry a GET was answered from, so the edge can answer that URL early next time. */
    cacheTarget?: CacheTarget;
    /** How the cache served it (the request log's `cache`). */
    cacheOutcome?: CacheOutcome;
    /** The request's context, set by the request-context hook before the handler runs. */
    bff?: RequestContext;
    /** The request-timeout timer, cleared when the answer is sent. */
    bffTimer?: NodeJS.Timeout;
    /** Aborted once the caller has been answered: no Webex write is sent after. */
    bffAnswered?: AbortController;
  }
}
