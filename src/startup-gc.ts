/** V8's collector as `--expose-gc` puts it on the global object (the image's command). */
type ExposedGc = () => void;

export type StartupCollection = { heapUsedBefore: number; heapUsedAfter: number };

/**
 * Two full collections, once the service listens and before it has served anything, when V8's
 * collector is exposed (the image runs node with `--expose-gc`; `npm start` does not, and this is then
 * a no-op that returns null). Booting Nest, Fastify and the Redis client leaves garbage in the old
 * generation (old space 42 MiB with 29 MiB live, Redis store) that no collection reclaims while the
 * replica is busy, and its pages count in RSS for as long as it runs. The first collection frees it,
 * the second gives back the pages it emptied: RSS at start −11 to −13 MiB with the Redis store,
 * −1 to −4 MiB with memory (README, Decisions).
 */
export function collectStartupGarbage(
  gc: unknown = (globalThis as { gc?: unknown }).gc,
  heapUsed: () => number = () => process.memoryUsage().heapUsed,
): StartupCollection | null {
  if (typeof gc !== 'function') return null;
  const heapUsedBefore = heapUsed();
  (gc as ExposedGc)();
  (gc as ExposedGc)();
  return { heapUsedBefore, heapUsedAfter: heapUsed() };
}
