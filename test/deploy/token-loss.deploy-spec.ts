import { reportFigures } from './support/figures';
import { call, statusesOf } from './support/http';
import { startLoad } from './support/load';
import { DASHBOARD_PATHS, freshListPath } from './support/paths';
import { Replica } from './support/replica';
import { Topology, startTopology } from './support/topology';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Issue 14 scenario 4: losing Redis's data must not lose the only valid (rotated) refresh token. */
describe('rotating OAuth refresh tokens, Redis FLUSHALL, then a rolling restart', () => {
  let topology: Topology;

  beforeAll(async () => {
    topology = await startTopology({
      env: {
        WEBEX_ACCESS_TOKEN: '',
        WEBEX_CLIENT_ID: 'sandbox-client-id',
        WEBEX_CLIENT_SECRET: 'sandbox-client-secret',
        WEBEX_REFRESH_TOKEN: 'sandbox-refresh-token',
      },
      // The sandbox rotates the refresh token on every refresh. Access tokens live long enough that
      // no refresh falls due on its own during the scenario: the one that matters is provoked below.
      sandboxEnv: { SANDBOX_TOKEN_LIFETIME_S: '600' },
    });
  }, 60_000);
  afterAll(() => topology?.stop(), 60_000);

  const uncached = (replica: Replica) =>
    call(`${replica.url}${freshListPath()}`, { timeoutMs: 10_000 });
  const refreshes = async () =>
    (await topology.sandbox.requests())
      .filter((r) => r.path === '/v1/access_token')
      .map((r) => r.status);

  it('keeps both replicas authorized for uncached data', async () => {
    const [a, b] = topology.replicas;
    const initial = await topology.sandbox.refreshTokenNow();
    // The first call refreshes (on A) and shares the token (to B through Redis).
    expect([(await uncached(a)).status, (await uncached(b)).status]).toEqual([200, 200]);
    // A 401 makes B refresh and retry: B alone now holds the only valid refresh token.
    await topology.sandbox.addFaults({ method: 'GET', path: '/wholesale', status: 401, times: 1 });
    expect((await uncached(b)).status).toBe(200);
    const rotated = await topology.sandbox.refreshTokenNow();
    expect(rotated).not.toBe(initial);
    const beforeLoss = await refreshes();
    expect(beforeLoss).toEqual([200, 200]);

    const load = startLoad({
      ratePerSecond: 4,
      urlOf: (n) => `${topology.gateway.url}${DASHBOARD_PATHS[n % DASHBOARD_PATHS.length]}`,
      timeoutMs: 10_000,
    });
    expect(await topology.redis.command('FLUSHALL')).toBe('+OK');
    await sleep(2000);
    const notReady: string[] = [];
    for (const replica of [a, b]) {
      await replica.stop();
      await replica.start().catch((error: Error) => notReady.push(error.message.split('\n')[0]));
    }
    const final = await Promise.all([a, b].map(uncached));
    const loadAnswers = await load.stop();
    const outcome = final.map((answer, i) => ({
      replica: [a, b][i].name,
      status: answer.status,
      type: /"type":"([^"]*)"/.exec(answer.body)?.[1] ?? null,
    }));
    reportFigures('4 token loss', {
      final: outcome,
      notReady,
      refreshStatusesAfterLoss: (await refreshes()).slice(beforeLoss.length),
      validRefreshTokenUnchanged: (await topology.sandbox.refreshTokenNow()) === rotated,
      load: statusesOf(loadAnswers),
    });
    expect(notReady).toEqual([]);
    expect(outcome.map(({ replica, status }) => ({ replica, status }))).toEqual([
      { replica: a.name, status: 200 },
      { replica: b.name, status: 200 },
    ]);
  });
});
