import { Sandbox } from '../src/sandbox/sandbox.server';
import { describeWithRedis, TEST_REDIS_URL } from './support/redis';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

const body = { billingStartDate: '2026-07-01', billingEndDate: '2026-07-31', type: 'PARTNER' };

function idempotencySpecs(env: Record<string, string>, replicas: 1 | 2) {
  let sandbox: Sandbox;
  let apps: TestApp[];
  const app = (i: number) => apps[i % apps.length];

  beforeEach(async () => {
    sandbox = await startTestSandbox();
    apps = await Promise.all(Array.from({ length: replicas }, () => createTestApp(sandbox, env)));
  });
  afterEach(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await sandbox.close();
  });

  it('replays the first answer for the same key and body, with one upstream POST', async () => {
    const first = await app(0)
      .http()
      .post('/v1/reports/wholesale')
      .set('idempotency-key', 'k-1')
      .send(body)
      .expect(202);
    const again = await app(1)
      .http()
      .post('/v1/reports/wholesale')
      .set('idempotency-key', 'k-1')
      .send({ ...body })
      .expect(202);
    expect(again.body).toEqual(first.body);
    // Each answer's Location is absolute from its own request's Host (supertest's port differs).
    expect(new URL(again.headers.location).pathname).toBe(new URL(first.headers.location).pathname);
    expect(sandbox.count('POST')).toBe(1);
  });

  it('answers 409 for the same key with another body', async () => {
    await app(0)
      .http()
      .post('/v1/reports/wholesale')
      .set('idempotency-key', 'k-2')
      .send(body)
      .expect(202);
    const other = await app(1)
      .http()
      .post('/v1/reports/wholesale')
      .set('idempotency-key', 'k-2')
      .send({ ...body, type: 'USER' })
      .expect(409);
    expect(other.body.type).toBe('idempotency-conflict');
    expect(sandbox.count('POST')).toBe(1);
  });

  it('sends one POST for concurrent requests with one key', async () => {
    sandbox.addFault({ method: 'POST', delayMs: 200 });
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        app(i)
          .http()
          .post('/v1/reports/broadworks')
          .set('idempotency-key', 'k-3')
          .send({ billingPeriod: '2026-08' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(202));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(sandbox.count('POST')).toBe(1);
  });

  it('keeps keys of the two families apart, and creates normally without a key', async () => {
    await app(0)
      .http()
      .post('/v1/reports/broadworks')
      .set('idempotency-key', 'k-4')
      .send({ billingPeriod: '2026-09' })
      .expect(202);
    await app(1)
      .http()
      .post('/v1/reports/wholesale')
      .set('idempotency-key', 'k-4')
      .send(body)
      .expect(202);
    await app(0)
      .http()
      .post('/v1/reports/broadworks')
      .send({ billingPeriod: '2026-09' })
      .expect(202);
    expect(sandbox.count('POST')).toBe(3);
  });
}

describe('Idempotency-Key (memory)', () => {
  idempotencySpecs({}, 1);

  it('forgets a key after IDEMPOTENCY_TTL_S, so the same request creates again', async () => {
    const sandbox = await startTestSandbox();
    const service = await createTestApp(sandbox, { IDEMPOTENCY_TTL_S: '86400' });
    try {
      const send = () =>
        service
          .http()
          .post('/v1/reports/wholesale')
          .set('idempotency-key', 'k-ttl')
          .send(body)
          .expect(202);
      const first = await send();
      service.clock.advance(86_399_000);
      expect((await send()).body.id).toBe(first.body.id);
      service.clock.advance(2_000);
      expect((await send()).body.id).not.toBe(first.body.id);
      expect(sandbox.count('POST')).toBe(2);
    } finally {
      await service.close();
      await sandbox.close();
    }
  });
});
describeWithRedis('Idempotency-Key (two replicas on one Redis)', () =>
  idempotencySpecs({ CACHE_STORE: 'redis', REDIS_URL: TEST_REDIS_URL }, 2),
);
