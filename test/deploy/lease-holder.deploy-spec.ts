import { SEED_IDS } from '../../src/sandbox/sandbox.seed';
import { reportFigures } from './support/figures';
import { call } from './support/http';
import { Topology, startTopology } from './support/topology';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const UPSTREAM_LATENCY_MS = 1500;

/** Issue 14 scenario 5: a replica killed while holding a coalescing lease. */
describe('the lease holder killed with SIGKILL', () => {
  let topology: Topology;

  beforeAll(async () => {
    topology = await startTopology({
      // Room for a slow Webex: the waiter's own deadline is not what is measured here.
      env: {
        UPSTREAM_DEADLINE_MS: '5000',
        UPSTREAM_TIMEOUT_MS: '3000',
        REQUEST_TIMEOUT_MS: '6000',
      },
    });
  }, 60_000);
  afterAll(() => topology?.stop(), 60_000);

  it("answers the other replica's waiter 200 within 2 s of the kill plus the upstream latency", async () => {
    const [a, b] = topology.replicas;
    const id = SEED_IDS.broadworksFeb2024;
    const upstreamPath = `/v1/broadworks/billing/reports/${id}`;
    await topology.sandbox.addFaults({
      method: 'GET',
      path: upstreamPath,
      delayMs: UPSTREAM_LATENCY_MS,
      durationMs: 60_000,
    });
    const path = `/v1/reports/broadworks/${id}`;
    const holder = call(`${a.url}${path}`, { timeoutMs: 15_000 });
    await sleep(200);
    const waiter = call(`${b.url}${path}`, { timeoutMs: 15_000 });
    await sleep(300);
    const killedAt = Date.now();
    await a.kill();
    const [answer] = await Promise.all([waiter, holder]);
    const upstream = (await topology.sandbox.requests()).filter((r) => r.path === upstreamPath);
    const answeredAfterKillMs = answer.answeredAt - killedAt;
    reportFigures('5 lease holder killed', {
      waiterStatus: answer.status,
      waiterType: /"type":"([^"]*)"/.exec(answer.body)?.[1] ?? null,
      answeredAfterKillMs,
      bound: 2000 + UPSTREAM_LATENCY_MS,
      upstreamArrivalsAfterKillMs: upstream.map((r) => r.at - killedAt),
    });
    // Only the holder's call went out before the kill: the waiter did wait for the lease.
    expect(upstream.filter((r) => r.at < killedAt)).toHaveLength(1);
    expect(answer.status).toBe(200);
    expect(answeredAfterKillMs).toBeLessThanOrEqual(2000 + UPSTREAM_LATENCY_MS);
  });
});
