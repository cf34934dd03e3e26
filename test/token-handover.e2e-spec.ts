import { setTimeout as sleep } from 'node:timers/promises';
import { Sandbox } from '../src/sandbox/sandbox.server';
import { PrivateRedis, startPrivateRedis } from './support/private-redis';
import { describeWithRedis } from './support/redis';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

const OAUTH = {
  WEBEX_CLIENT_ID: 'sandbox-client-id',
  WEBEX_CLIENT_SECRET: 'sandbox-client-secret',
  WEBEX_REFRESH_TOKEN: 'sandbox-refresh-token',
};

/**
 * CONTRACT §5: a rotated refresh token is never lost, Redis losing its data and replicas restarting
 * one at a time included. Webex (the sandbox) rotates the refresh token on every refresh, so after
 * the first one the WEBEX_REFRESH_TOKEN every replica is configured with is refused.
 */
describeWithRedis('the OAuth refresh token across replicas', () => {
  let redis: PrivateRedis;
  let sandbox: Sandbox;
  const apps = new Set<TestApp>();
  let n = 0;

  const replica = async () => {
    const app = await createTestApp(sandbox, {
      ...OAUTH,
      CACHE_STORE: 'redis',
      REDIS_URL: redis.url,
    });
    apps.add(app);
    return app;
  };
  const restart = async (app: TestApp) => {
    apps.delete(app);
    await app.close();
    return replica();
  };
  /** A list no replica has cached: it needs a token Webex accepts. */
  const uncached = (app: TestApp) => app.http().get(`/v1/reports/wholesale?max=${(n += 1)}`);
  const refreshes = (status: 'ok' | 'refused') =>
    sandbox
      .requests()
      .filter((r) => r.path.endsWith('/access_token') && (r.status === 200) === (status === 'ok'));

  beforeEach(async () => {
    redis = await startPrivateRedis();
    sandbox = await startTestSandbox({ tokenLifetimeS: 3 });
  });
  afterEach(async () => {
    for (const app of apps) await app.close();
    apps.clear();
    await sandbox.close();
    await redis.stop();
  });

  it('survives FLUSHALL and the replicas restarted one at a time', async () => {
    let one = await replica();
    let two = await replica();
    await uncached(one).expect(200);
    await uncached(two).expect(200);
    expect(refreshes('ok')).toHaveLength(1); // the configured refresh token is spent

    await redis.command(['FLUSHALL']);
    one = await restart(one);
    await uncached(one).expect(200);
    await one.http().get('/health/ready').expect(200);
    two = await restart(two);
    await uncached(two).expect(200);
    await two.http().get('/health/ready').expect(200);

    expect(refreshes('refused').length).toBeLessThanOrEqual(2);
  });

  it('serves a replica started just after FLUSHALL with the token another one writes back', async () => {
    const one = await replica();
    await uncached(one).expect(200);
    const late = await replica();
    await redis.command(['FLUSHALL']);
    await uncached(late).expect(200);
    await late.http().get('/health/ready').expect(200);
    expect(refreshes('ok')).toHaveLength(1);
    expect(refreshes('refused').length).toBeLessThanOrEqual(1);
  });

  it('adopts the newer token another replica obtained, and is ready again', async () => {
    const one = await replica();
    const two = await replica();
    await uncached(one).expect(200);
    sandbox.addFault({ method: 'GET', path: '/wholesale', status: 401, times: 2 });
    await uncached(one).expect(502);
    await one.http().get('/health/ready').expect(503);

    two.clock.advance(3000); // two's token is due: it refreshes, and rotates the refresh token
    await uncached(two).expect(200);
    expect(refreshes('ok')).toHaveLength(3);
    const until = Date.now() + 3000; // one checks the shared token every second
    while ((await one.http().get('/health/ready')).status !== 200 && Date.now() < until)
      await sleep(100);
    await one.http().get('/health/ready').expect(200);
    await uncached(one).expect(200);
    expect(refreshes('ok')).toHaveLength(3);
    expect(refreshes('refused')).toHaveLength(0);
  });
});
