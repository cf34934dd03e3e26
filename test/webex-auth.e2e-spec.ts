import { Sandbox } from '../src/sandbox/sandbox.server';
import { describeWithRedis, TEST_REDIS_URL } from './support/redis';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

const OAUTH = {
  WEBEX_CLIENT_ID: 'sandbox-client-id',
  WEBEX_CLIENT_SECRET: 'sandbox-client-secret',
  WEBEX_REFRESH_TOKEN: 'sandbox-refresh-token',
};
const tokenCalls = (sandbox: Sandbox) =>
  sandbox.requests().filter((r) => r.path.endsWith('/access_token'));

/** CONTRACT §5 token refresh mode, against the sandbox's refresh grant. */
describe('OAuth refresh mode', () => {
  let sandbox: Sandbox;
  let service: TestApp;

  beforeEach(async () => {
    sandbox = await startTestSandbox({ tokenLifetimeS: 120 });
    service = await createTestApp(sandbox, OAUTH);
  });
  afterEach(async () => {
    await service.close();
    await sandbox.close();
  });

  it('refreshes once for 50 concurrent requests at token expiry, and uses the rotated refresh token next', async () => {
    await service.http().get('/v1/reports/wholesale?max=1').expect(200);
    expect(tokenCalls(sandbox)).toHaveLength(1);
    const firstRotation = sandbox.refreshTokenNow();
    expect(firstRotation).not.toBe('sandbox-refresh-token');

    service.clock.advance(120_000);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        service.http().get(`/v1/reports/wholesale?max=${(i % 50) + 2}`),
      ),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const calls = tokenCalls(sandbox);
    expect(calls).toHaveLength(2);
    expect((calls[1].body as Record<string, string>).refresh_token).toBe(firstRotation);
    for (const call of sandbox
      .requests()
      .filter((r) => !r.path.endsWith('/access_token'))
      .slice(1))
      expect(call.headers.authorization).not.toBe(sandbox.requests()[1].headers.authorization);
  });

  it('refreshes ahead of expiry', async () => {
    await service.http().get('/v1/reports/wholesale?max=1').expect(200);
    service.clock.advance(110_000); // 10 s before expiry
    await service.http().get('/v1/reports/wholesale?max=2').expect(200);
    expect(tokenCalls(sandbox)).toHaveLength(2);
  });

  it('refreshes and retries once after a 401', async () => {
    await service.http().get('/v1/reports/wholesale?max=1').expect(200);
    sandbox.addFault({ method: 'GET', path: '/wholesale', status: 401 });
    await service.http().get('/v1/reports/wholesale?max=2').expect(200);
    expect(tokenCalls(sandbox)).toHaveLength(2);
  });

  it('answers 502 upstream-auth-failed after a second 401 and turns readiness false until a refresh works', async () => {
    await service.http().get('/health/ready').expect(200);
    sandbox.addFault({ method: 'GET', path: '/wholesale', status: 401, times: 2 });
    const response = await service.http().get('/v1/reports/wholesale?max=3').expect(502);
    expect(response.body.type).toBe('upstream-auth-failed');
    expect(response.body.detail).not.toContain('sandbox-client-secret');
    await service.http().get('/health/ready').expect(503);
    await service.http().get('/v1/reports/wholesale?max=4').expect(200);
    service.clock.advance(120_000);
    await service.http().get('/v1/reports/wholesale?max=5').expect(200);
    await service.http().get('/health/ready').expect(200);
  });

  it('turns readiness false when the refresh token is refused', async () => {
    await service.close();
    service = await createTestApp(sandbox, { ...OAUTH, WEBEX_REFRESH_TOKEN: 'revoked' });
    const response = await service.http().get('/v1/reports/wholesale').expect(502);
    expect(response.body.type).toBe('upstream-auth-failed');
    await service.http().get('/health/ready').expect(503);
  });
});

describe('static token mode', () => {
  it('answers 502 upstream-auth-failed when Webex refuses the token, with readiness false', async () => {
    const sandbox = await startTestSandbox();
    const service = await createTestApp(sandbox, { WEBEX_ACCESS_TOKEN: 'wrong-token' });
    try {
      const response = await service.http().get('/v1/reports/broadworks').expect(502);
      expect(response.body.type).toBe('upstream-auth-failed');
      expect(JSON.stringify(response.body)).not.toContain('wrong-token');
      await service.http().get('/health/ready').expect(503);
      await service.http().get('/health/live').expect(200);
    } finally {
      await service.close();
      await sandbox.close();
    }
  });
});

describeWithRedis('two replicas on one Redis', () => {
  let sandbox: Sandbox;
  let one: TestApp;
  let two: TestApp;

  beforeEach(async () => {
    sandbox = await startTestSandbox({ tokenLifetimeS: 120 });
    one = await createTestApp(sandbox, {
      ...OAUTH,
      CACHE_STORE: 'redis',
      REDIS_URL: TEST_REDIS_URL,
    });
    two = await createTestApp(sandbox, {
      ...OAUTH,
      CACHE_STORE: 'redis',
      REDIS_URL: TEST_REDIS_URL,
    });
  });
  afterEach(async () => {
    await one.close();
    await two.close();
    await sandbox.close();
  });

  it('refresh the token once between them', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? one : two).http().get(`/v1/reports/wholesale?max=${i + 1}`),
      ),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(tokenCalls(sandbox)).toHaveLength(1);
  });

  it('both hold back during a 429 cooldown started on one of them', async () => {
    sandbox.addFault({ method: 'GET', path: '/wholesale', status: 429, retryAfter: '2' });
    const first = one
      .http()
      .get('/v1/reports/wholesale?type=USER')
      .then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const other = two
      .http()
      .get('/v1/reports/broadworks')
      .then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const throttled = sandbox.requests().filter((r) => r.status === 429);
    expect(throttled).toHaveLength(1);
    expect(
      sandbox.requests().filter((r) => !r.path.endsWith('/access_token') && r.status !== 429),
    ).toHaveLength(0);
    expect((await first).status).toBe(200);
    expect((await other).status).toBe(200);
    for (const call of sandbox
      .requests()
      .filter((r) => r.status === 200 && !r.path.endsWith('/access_token')))
      expect(call.at - throttled[0].at).toBeGreaterThanOrEqual(1990);
  });
});
