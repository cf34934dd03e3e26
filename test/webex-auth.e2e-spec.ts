import { Sandbox } from '../src/sandbox/sandbox.server';
import { describeWithRedis, TEST_REDIS_URL } from './support/redis';
import { Sleeper } from './support/test-clock';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

/** A wait for a cooldown of a second or more, not some shorter poll. */
const coolingDown = (sleeper: Sleeper) => sleeper.ms >= 900;

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

/** Polls `check` every 10 ms until it holds; false after `withinMs`. */
async function eventually(
  check: () => boolean | Promise<boolean>,
  withinMs = 2000,
): Promise<boolean> {
  for (const until = Date.now() + withinMs; Date.now() < until;) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return check();
}

/** CONTRACT §7: a refresh token Webex refuses shows in readiness from boot, before any caller asks. */
describe('OAuth refresh mode at boot', () => {
  let sandbox: Sandbox;
  let service: TestApp | undefined;

  afterEach(async () => {
    await service?.close();
    await sandbox.close();
  });

  it('turns readiness false without any caller request when Webex refuses the refresh token', async () => {
    sandbox = await startTestSandbox({ refreshToken: 'a-refresh-token-the-service-lacks' });
    service = await createTestApp(sandbox, OAUTH);
    const http = service.http();
    const notReady = await eventually(async () => (await http.get('/health/ready')).status === 503);
    expect(notReady).toBe(true);
    const ready = await http.get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({
      type: 'not-ready',
      errors: [{ field: 'webexToken', message: expect.any(String) }],
    });
    expect(tokenCalls(sandbox)).toHaveLength(1);
    expect(sandbox.requests()).toHaveLength(1);
  });

  it('obtains the access token right after boot, before the first caller request', async () => {
    sandbox = await startTestSandbox();
    service = await createTestApp(sandbox, OAUTH);
    expect(await eventually(() => tokenCalls(sandbox)[0]?.status === 200)).toBe(true);
    await service.http().get('/health/ready').expect(200);
    await service.http().get('/v1/reports/wholesale?max=1').expect(200);
    const [token, ...rest] = sandbox.requests();
    expect(token.path).toMatch(/\/access_token$/);
    expect(rest.map((call) => call.path)).toEqual(['/v1/wholesale/billing/reports']);
    expect(rest[0].headers.authorization).toMatch(/^Bearer sandbox-at-/);
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
      .then((r) => r); // supertest sends on then()
    const [cooldown] = await one.clock.untilSleeping(coolingDown);
    const other = two
      .http()
      .get('/v1/reports/broadworks')
      .then((r) => r);
    const [held] = await two.clock.untilSleeping(coolingDown);
    const throttled = sandbox.requests().filter((r) => r.status === 429);
    expect(throttled).toHaveLength(1);
    expect(
      sandbox.requests().filter((r) => !r.path.endsWith('/access_token') && r.status !== 429),
    ).toHaveLength(0);
    // Two holds until the instant one stored in Redis, 2 s after the 429 (fresh apps' clocks still
    // read real time, as the sandbox's log does).
    expect(cooldown.wakeAt - throttled[0].at).toBeGreaterThanOrEqual(1990);
    expect(Math.abs(held.wakeAt - cooldown.wakeAt)).toBeLessThan(50);
    for (const replica of [one, two]) replica.clock.advance(2000);
    expect((await first).status).toBe(200);
    expect((await other).status).toBe(200);
  });
});
