import { Answer, call } from './http';
import { startLoad } from './load';
import { DASHBOARD_PATHS } from './paths';
import { RedisState, redisState, sharesCache } from './redis-state';
import { Replica } from './replica';
import { Topology, UPSTREAM_DEADLINE_MS } from './topology';

/** A way of taking Redis away and giving it back. */
export type Outage = { begin(): Promise<void> | void; end(): Promise<void> | void };

/** SIGTERM, then started again on the same port (empty: no persistence). */
export const redisStopped = (topology: () => Topology): Outage => ({
  begin: () => topology().redis.stop(),
  end: () => topology().redis.start(),
});

/** SIGSTOP, then SIGCONT: connections stay open, nothing is answered meanwhile. */
export const redisStalled = (topology: () => Topology): Outage => ({
  begin: () => topology().redis.stall(),
  end: () => topology().redis.resume(),
});

export type StateSample = { replica: string; at: number; state: RedisState };

export type OutageRun = {
  answers: Answer[];
  outageStart: number;
  returnAt: number;
  samples: StateSample[];
  /** Per replica: ms from Redis's return to the first `in-use` after it (null: not within 15 s). */
  inUseAfterMs: Record<string, number | null>;
  /** ms from Redis's return until a list filled by either replica was a HIT on the other. */
  sharedAfterMs: number | null;
};

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
export const answerBoundMs = UPSTREAM_DEADLINE_MS + 1000;

/** Every ~200 ms, each replica's Redis state, until `stop`. */
function sampleStates(replicas: Replica[]): { stop(): Promise<StateSample[]> } {
  const samples: StateSample[] = [];
  let running = true;
  const loops = replicas.map(async (replica) => {
    while (running) {
      const state = await redisState(replica);
      samples.push({ replica: replica.name, at: Date.now(), state });
      await sleep(200);
    }
  });
  return { stop: async () => ((running = false), await Promise.all(loops), samples) };
}

async function untilRecovered(topology: Topology, returnAt: number) {
  const inUseAfterMs: Record<string, number | null> = {};
  let sharedAfterMs: number | null = null;
  for (const until = returnAt + 15_000; Date.now() < until; await sleep(200)) {
    for (const replica of topology.replicas)
      if (inUseAfterMs[replica.name] == null && (await redisState(replica)) === 'in-use')
        inUseAfterMs[replica.name] = Date.now() - returnAt;
    const [a, b] = topology.replicas;
    if (sharedAfterMs === null && (await sharesCache(a, b, answerBoundMs)))
      sharedAfterMs = Date.now() - returnAt;
    if (sharedAfterMs !== null && topology.replicas.every((r) => inUseAfterMs[r.name] != null))
      break;
  }
  for (const replica of topology.replicas) inUseAfterMs[replica.name] ??= null;
  return { inUseAfterMs, sharedAfterMs };
}

/**
 * Light load through the gateway (3 GET/s on each of two API keys, over the dashboard's paths,
 * warmed first), Redis taken away for `outageMs`, then given back; the load runs on until both
 * replicas use Redis again (or 15 s) and a second more.
 */
export async function underLightLoad(
  topology: Topology,
  outage: Outage,
  outageMs = 10_000,
): Promise<OutageRun> {
  const gateway = topology.gateway.url;
  for (const path of DASHBOARD_PATHS) await call(`${gateway}${path}`, { timeoutMs: 5000 });
  const sampler = sampleStates(topology.replicas);
  const load = startLoad({
    ratePerSecond: 6,
    urlOf: (n) => `${gateway}${DASHBOARD_PATHS[n % DASHBOARD_PATHS.length]}`,
    // Long enough to see how late a late answer is; the suite stays bounded even when none comes.
    timeoutMs: answerBoundMs + 3000,
  });
  await sleep(2000);
  await outage.begin();
  const outageStart = Date.now();
  await sleep(outageMs);
  await outage.end();
  const returnAt = Date.now();
  const recovered = await untilRecovered(topology, returnAt);
  await sleep(1000);
  const [answers, samples] = await Promise.all([load.stop(), sampler.stop()]);
  return { answers, outageStart, returnAt, samples, ...recovered };
}
