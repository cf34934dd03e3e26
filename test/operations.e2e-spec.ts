import { Sandbox } from '../src/sandbox/sandbox.server';
import { describeWithRedis, TEST_REDIS_URL } from './support/redis';
import { capturedLogs, createTestApp, startTestSandbox, TestApp } from './support/test-app';

/** CONTRACT §6 and §7, over HTTP. */
describe('operations', () => {
  let sandbox: Sandbox;
  let service: TestApp;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());
  afterEach(async () => {
    await service?.close();
  });

  describe('caller auth', () => {
    beforeEach(async () => {
      service = await createTestApp(sandbox, { API_KEYS: 'test-api-key-1, test-api-key-2' });
    });

    it('refuses /v1 without a key, with a 401 problem and no upstream call', async () => {
      sandbox.reset();
      const response = await service.http().get('/v1/reports/wholesale').expect(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ type: 'unauthorized', status: 401 });
      await service
        .http()
        .get('/v1/reports/wholesale')
        .set('authorization', 'Bearer nope')
        .expect(401);
      await service
        .http()
        .get('/v1/reports/wholesale')
        .set('x-api-key', 'test-api-key-1x')
        .expect(401);
      expect(sandbox.requests()).toHaveLength(0);
    });

    it('accepts a key as Bearer or X-API-Key', async () => {
      await service
        .http()
        .get('/v1/reports/wholesale')
        .set('authorization', 'Bearer test-api-key-2')
        .expect(200);
      await service
        .http()
        .get('/v1/reports/broadworks')
        .set('x-api-key', 'test-api-key-1')
        .expect(200);
    });

    it('leaves health, metrics and docs open', async () => {
      await service.http().get('/health/live').expect(200);
      await service.http().get('/health/ready').expect(200);
      await service.http().get('/metrics').expect(200);
      await service.http().get('/docs-json').expect(200);
    });
  });

  it('limits each caller per minute with a 429 problem and Retry-After, callers apart', async () => {
    service = await createTestApp(sandbox, {
      RATE_LIMIT_PER_MINUTE: '3',
      API_KEYS: 'test-api-key-1,test-api-key-2',
    });
    const asOne = () =>
      service.http().get('/v1/reports/broadworks').set('x-api-key', 'test-api-key-1');
    for (let i = 0; i < 3; i += 1) await asOne().expect(200);
    const limited = await asOne().expect(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body.type).toBe('rate-limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await service
      .http()
      .get('/v1/reports/broadworks')
      .set('x-api-key', 'test-api-key-2')
      .expect(200);
    await service.http().get('/health/ready').expect(200);
  });

  describeWithRedis('rate limit across replicas', () => {
    it('counts a caller on every replica sharing Redis', async () => {
      const env = {
        RATE_LIMIT_PER_MINUTE: '4',
        API_KEYS: 'test-api-key-1',
        CACHE_STORE: 'redis',
        REDIS_URL: TEST_REDIS_URL,
      };
      const own = await startTestSandbox(); // a new credential scope, so no count is left in Redis
      const one = await createTestApp(own, env);
      const two = await createTestApp(own, env);
      try {
        const as = (app: TestApp) =>
          app.http().get('/v1/reports/broadworks').set('x-api-key', 'test-api-key-1');
        for (const app of [one, two, one, two]) await as(app).expect(200);
        expect((await as(one).expect(429)).body.type).toBe('rate-limited');
        await as(two).expect(429);
      } finally {
        await one.close();
        await two.close();
        await own.close();
      }
    });
  });

  describe('HTTP hygiene', () => {
    beforeEach(async () => {
      service = await createTestApp(sandbox, { CORS_ORIGINS: 'https://dash.example.com' });
    });

    it('sends security headers', async () => {
      const response = await service.http().get('/health/live').expect(200);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['strict-transport-security']).toBeDefined();
    });

    it('allows CORS for listed dashboard origins only', async () => {
      const allowed = await service
        .http()
        .options('/v1/reports/wholesale')
        .set('origin', 'https://dash.example.com')
        .set('access-control-request-method', 'GET');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://dash.example.com');
      const get = await service
        .http()
        .get('/v1/reports/wholesale')
        .set('origin', 'https://dash.example.com')
        .expect(200);
      expect(get.headers['access-control-expose-headers']).toContain('x-cache');
      const other = await service
        .http()
        .get('/v1/reports/wholesale')
        .set('origin', 'https://evil.example.com')
        .expect(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('refuses a body over the limit with a 413 problem', async () => {
      const response = await service
        .http()
        .post('/v1/reports/broadworks')
        .send({ billingPeriod: '2024-01', padding: 'x'.repeat(70 * 1024) })
        .expect(413);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.type).toBe('payload-too-large');
    });

    it('refuses a body that is not JSON with a 415 problem', async () => {
      const response = await service
        .http()
        .post('/v1/reports/broadworks')
        .set('content-type', 'application/xml')
        .send('<billingPeriod>2024-01</billingPeriod>')
        .expect(415);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  it('logs one JSON line per request with its id, route, status, latency, cache outcome and upstream calls', async () => {
    service = await createTestApp(sandbox);
    const url = '/v1/reports/wholesale?type=USER';
    await service.http().get(url).set('x-request-id', 'log-miss').expect(200);
    await service.http().get(url).set('x-request-id', 'log-hit').expect(200);
    await service.http().get('/v1/reports/wholesale?type=nope').set('x-request-id', 'log-bad');
    const lineOf = (id: string) =>
      capturedLogs.lines
        .filter((line) => line.includes(`"requestId":"${id}"`))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const common = { level: 30, msg: 'request', method: 'GET', route: '/v1/reports/wholesale' };
    expect(lineOf('log-miss')).toEqual([
      expect.objectContaining({
        ...common,
        path: url,
        status: 200,
        cache: 'MISS',
        upstreamCalls: 1,
      }),
    ]);
    expect(lineOf('log-hit')).toEqual([
      expect.objectContaining({ ...common, status: 200, cache: 'HIT', upstreamCalls: 0 }),
    ]);
    expect(lineOf('log-bad')).toEqual([
      expect.objectContaining({ ...common, status: 400, upstreamCalls: 0 }),
    ]);
    for (const id of ['log-miss', 'log-hit', 'log-bad'])
      expect(lineOf(id)[0].latencyMs).toEqual(expect.any(Number));
  });

  it('exports request, cache, upstream and token metrics in Prometheus text', async () => {
    service = await createTestApp(sandbox);
    await service.http().get('/v1/reports/wholesale?type=USER').expect(200);
    await service.http().get('/v1/reports/wholesale?type=USER').expect(200);
    await service.http().get('/v1/reports/wholesale/unknownId').expect(404);
    const text = (await service.http().get('/metrics').expect(200)).text;
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/v1\/reports\/wholesale",status="200"\} 2/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/v1\/reports\/wholesale",status="200"\}/,
    );
    expect(text).toMatch(/cache_events_total\{outcome="hit"\} 1/);
    expect(text).toMatch(/cache_events_total\{outcome="miss"\} 2/); // the list and the (remembered) 404
    expect(text).toMatch(/webex_upstream_calls_total\{method="GET",status="200"\} 1/);
    expect(text).toMatch(/webex_upstream_calls_total\{method="GET",status="404"\} 1/);
    expect(text).toContain('webex_upstream_waits_total');
    expect(text).toContain('webex_token_expiry_seconds');
    expect(text).not.toContain('sandbox-token');
  });

  it('stays ready and answers while Redis cannot be reached, reporting Redis as degraded', async () => {
    service = await createTestApp(sandbox, {
      CACHE_STORE: 'redis',
      REDIS_URL: 'redis://127.0.0.1:1/0',
      REDIS_TIMEOUT_MS: '200',
    });
    const ready = await service.http().get('/health/ready').expect(200);
    expect(ready.body.details.redis).toMatchObject({ status: 'up', degraded: true });
    expect((await service.http().get('/metrics').expect(200)).text).toMatch(/^redis_degraded 1$/m);
    const started = Date.now();
    const list = await service.http().get('/v1/reports/broadworks').expect(200);
    expect(list.headers['x-cache']).toBe('MISS');
    expect(
      (await service.http().get('/v1/reports/broadworks').expect(200)).headers['x-cache'],
    ).toBe('HIT'); // from this replica's own memory
    expect(Date.now() - started).toBeLessThan(2000);
    const keyed = await service
      .http()
      .post('/v1/reports/broadworks')
      .set('idempotency-key', 'while-redis-is-away')
      .send({ billingPeriod: '2024-03' })
      .expect(503);
    expect(keyed.body.type).toBe('idempotency-unavailable');
    expect(Number(keyed.headers['retry-after'])).toBeGreaterThan(0);
    expect(sandbox.count('POST')).toBe(0);
  });
});
