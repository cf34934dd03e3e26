import { call } from './http';
import { freshListPath } from './paths';
import { Replica } from './replica';

/**
 * How a replica says it stands with Redis, seen from outside:
 * - `in-use`: /health/ready 200, its `redis` detail up and not degraded, metric `redis_degraded` 0 or absent;
 * - `degraded`: the replica reports Redis as degraded (`details.redis.degraded === true` or
 *   `redis_degraded 1`), whatever its readiness status;
 * - `down`: readiness names Redis as down (503), the pre-degraded-mode behaviour;
 * - `no-answer`: /health/ready did not answer within 1.5 s.
 * The one place to adapt if the readiness body or the metric are named differently.
 */
export type RedisState = 'in-use' | 'degraded' | 'down' | 'no-answer';

const DEGRADED_METRIC = /^redis_degraded(?:\{[^}]*\})? (\S+)$/m;

async function degradedMetric(replica: Replica): Promise<number | null> {
  const metrics = await call(`${replica.url}/metrics`, { timeoutMs: 1500 });
  const value = DEGRADED_METRIC.exec(metrics.body)?.[1];
  return value === undefined ? null : Number(value);
}

export async function redisState(replica: Replica): Promise<RedisState> {
  const [ready, metric] = await Promise.all([
    call(`${replica.url}/health/ready`, { timeoutMs: 1500 }),
    degradedMetric(replica),
  ]);
  if (ready.status === 0) return 'no-answer';
  let redis: { status?: string; degraded?: boolean } | undefined;
  try {
    redis = (JSON.parse(ready.body) as { details?: { redis?: typeof redis } }).details?.redis;
  } catch {
    redis = undefined;
  }
  if (redis?.degraded === true || metric === 1) return 'degraded';
  return ready.status === 200 && redis?.status === 'up' ? 'in-use' : 'down';
}

/**
 * Behaviour, not reports: a list one replica has just filled is a HIT on the other, both ways, which
 * only a store shared through Redis can give. Each call uses lists no one has asked for before.
 */
export async function sharesCache(a: Replica, b: Replica, timeoutMs: number): Promise<boolean> {
  for (const [filler, reader] of [
    [a, b],
    [b, a],
  ]) {
    const path = freshListPath();
    const filled = await call(`${filler.url}${path}`, { timeoutMs });
    if (filled.status !== 200) return false;
    const read = await call(`${reader.url}${path}`, { timeoutMs });
    if (read.status !== 200 || read.headers.get('x-cache') !== 'HIT') return false;
  }
  return true;
}
