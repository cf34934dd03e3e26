import { createClient } from '@redis/client';
import { cacheKeyFor } from '../src/cache/cache-keys';
import { validateEnv } from '../src/config/env';
import { Sandbox } from '../src/sandbox/sandbox.server';
import { credentialScopeOf } from '../src/webex/credential-scope';
import { SEED_IDS } from '../src/sandbox/sandbox.seed';
import { describeWithRedis, TEST_REDIS_URL } from './support/redis';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

const stores: [string, Record<string, string>][] = [
  ['memory', { CACHE_STORE: 'memory' }],
  ['redis', { CACHE_STORE: 'redis', REDIS_URL: TEST_REDIS_URL }],
];

const waitFor = async (check: () => boolean, ms = 3000) => {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

/** CONTRACT §4, as a client sees it, once per store. */
describe.each(stores)('cache (%s store)', (store, storeEnv) => {
  const suite = store === 'redis' ? describeWithRedis : describe;

  suite('one service', () => {
    let sandbox: Sandbox;
    let service: TestApp;

    beforeAll(async () => {
      sandbox = await startTestSandbox({ downloadUrlLifetimeS: 86_400 });
      service = await createTestApp(sandbox, storeEnv);
    });
    afterAll(async () => {
      await service.close();
      await sandbox.close();
    });
    beforeEach(() => sandbox.reset());

    it('answers MISS then HIT with Age, ETag and Cache-Control, the HIT without calling Webex', async () => {
      const miss = await service.http().get('/v1/reports/wholesale?status=COMPLETED').expect(200);
      expect(miss.headers['x-cache']).toBe('MISS');
      const hit = await service.http().get('/v1/reports/wholesale?status=completed').expect(200);
      expect(hit.headers['x-cache']).toBe('HIT');
      expect(hit.headers.etag).toBe(miss.headers.etag);
      expect(hit.headers['cache-control']).toMatch(/^private, max-age=(60|59)$/);
      expect(Number(hit.headers.age)).toBeGreaterThanOrEqual(0);
      expect(hit.body).toEqual(miss.body);
      expect(sandbox.count()).toBe(1);
    });

    it.each([
      '/v1/reports/wholesale?sortBy=billingStartDate&type=partner&status=',
      '/v1/reports/wholesale?type=%20PARTNER%20&max=',
      '/v1/reports/wholesale?type=Partner&sortBy=BILLINGSTARTDATE',
    ])(
      'serves %s from the entry of ?type=PARTNER (order, case, white space, empty, explicit default)',
      async (url) => {
        await service.http().get('/v1/reports/wholesale?type=PARTNER').expect(200);
        const calls = sandbox.count();
        expect((await service.http().get(url).expect(200)).headers['x-cache']).toBe('HIT');
        expect(sandbox.count()).toBe(calls);
      },
    );

    it('counts Age from when the data left Webex', async () => {
      await service.http().get('/v1/reports/broadworks?before=2024-05').expect(200); // no IN_PROGRESS: 60 s fresh
      service.clock.advance(30_000);
      const hit = await service.http().get('/v1/reports/broadworks?before=2024-05').expect(200);
      expect(hit.headers['x-cache']).toBe('HIT');
      expect(Number(hit.headers.age)).toBeGreaterThanOrEqual(30);
      // max-age is the whole lifetime; with Age a browser computes the freshness left (RFC 9111)
      expect(hit.headers['cache-control']).toMatch(/max-age=60$/);
    });

    it('sends one upstream request for 100 concurrent identical cold requests', async () => {
      sandbox.addFault({ method: 'GET', delayMs: 200 });
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => service.http().get('/v1/reports/wholesale?type=USER')),
      );
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      expect(new Set(answers.map((answer) => answer.headers.etag)).size).toBe(1);
      expect(sandbox.count()).toBe(1);
    });

    it('answers 304 to a matching If-None-Match', async () => {
      const first = await service
        .http()
        .get(`/v1/reports/broadworks/${SEED_IDS.broadworksCompleted}`)
        .expect(200);
      const again = await service
        .http()
        .get(`/v1/reports/broadworks/${SEED_IDS.broadworksCompleted}`)
        .set('if-none-match', first.headers.etag)
        .expect(304);
      expect(again.text ?? '').toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);
    });

    it('answers a no-cache request for a young entry as a hit, without calling Webex', async () => {
      const url = '/v1/reports/wholesale?type=CUSTOMER';
      const first = await service.http().get(url).expect(200);
      service.clock.advance(4_000); // younger than CACHE_MIN_REFRESH_S (5 s)
      for (const header of ['no-cache', 'max-age=0']) {
        const reload = await service.http().get(url).set('cache-control', header).expect(200);
        expect(reload.headers['x-cache']).toBe('HIT');
      }
      await service
        .http()
        .get(url)
        .set('cache-control', 'no-cache')
        .set('if-none-match', first.headers.etag)
        .expect(304);
      expect(sandbox.count()).toBe(1);
    });

    it('refetches an older entry on no-cache, once for concurrent callers, and stores it', async () => {
      const url = '/v1/reports/wholesale?type=USER';
      await service.http().get(url).expect(200);
      const calls = sandbox.count();
      service.clock.advance(5_000);
      const reloads = await Promise.all(
        Array.from({ length: 5 }, () =>
          service.http().get(url).set('cache-control', 'no-cache').expect(200),
        ),
      );
      // the first refetches; the others share it, or arrive after it and find a young entry
      const outcomes = reloads.map((r) => r.headers['x-cache']);
      expect(outcomes).toContain('BYPASS');
      expect(outcomes.every((outcome) => outcome === 'BYPASS' || outcome === 'HIT')).toBe(true);
      expect(sandbox.count()).toBe(calls + 1);
      const again = await service.http().get(url).set('cache-control', 'no-cache').expect(200);
      expect(again.headers['x-cache']).toBe('HIT'); // the refetched entry is young
      const hit = await service.http().get(url).expect(200);
      expect(hit.headers['x-cache']).toBe('HIT');
      expect(sandbox.count()).toBe(calls + 1);
    });

    it('keeps an IN_PROGRESS report fresh for 5 s only', async () => {
      const url = `/v1/reports/wholesale/${SEED_IDS.wholesaleInProgress}`;
      const first = await service.http().get(url).expect(200);
      expect(first.headers['cache-control']).toMatch(/max-age=[45]$/);
      service.clock.advance(4_000);
      expect((await service.http().get(url)).headers['x-cache']).toBe('HIT');
      service.clock.advance(1_500);
      expect((await service.http().get(url)).headers['x-cache']).toBe('STALE');
      await waitFor(() => sandbox.count() === 2);
    });

    it('keeps a completed report for an hour, but never past its download URL expiry minus 60 s', async () => {
      const fresh = await service
        .http()
        .get(`/v1/reports/wholesale/${SEED_IDS.wholesaleUser}`)
        .expect(200);
      expect(fresh.headers['cache-control']).toMatch(/max-age=(3600|3599)$/);
      sandbox.setReport('wholesale', SEED_IDS.wholesaleCustomer, {
        status: 'COMPLETED',
        downloadUrlExpiresAt: Math.floor(service.clock.now() / 1000) + 90,
      });
      const capped = await service
        .http()
        .get(`/v1/reports/wholesale/${SEED_IDS.wholesaleCustomer}`)
        .expect(200);
      expect(
        Number(/max-age=(\d+)/.exec(capped.headers['cache-control'])?.[1]),
      ).toBeLessThanOrEqual(30);
    });

    it('serves a stale list at once while refreshing it in the background, then a fresh HIT', async () => {
      await service.http().get('/v1/reports/broadworks?after=2023-01').expect(200);
      service.clock.advance(61_000);
      const stale = await service.http().get('/v1/reports/broadworks?after=2023-01').expect(200);
      expect(stale.headers['x-cache']).toBe('STALE');
      await waitFor(() => sandbox.count() === 2);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const hit = await service.http().get('/v1/reports/broadworks?after=2023-01').expect(200);
      expect(hit.headers['x-cache']).toBe('HIT');
      expect(Number(hit.headers.age)).toBe(0);
    });

    it('remembers a missing report for at most 15 s', async () => {
      await service.http().get('/v1/reports/wholesale/noSuchReport1').expect(404);
      await service.http().get('/v1/reports/wholesale/noSuchReport1').expect(404);
      expect(sandbox.count()).toBe(1);
      service.clock.advance(16_000);
      await service.http().get('/v1/reports/wholesale/noSuchReport1').expect(404);
      expect(sandbox.count()).toBe(2);
    });

    it('makes lists miss after a create, and the report miss after a delete', async () => {
      await service.http().get('/v1/reports/broadworks?before=2030-01').expect(200);
      await service
        .http()
        .post('/v1/reports/broadworks')
        .send({ billingPeriod: '2026-01' })
        .expect(202);
      const after = await service.http().get('/v1/reports/broadworks?before=2030-01').expect(200);
      expect(after.headers['x-cache']).toBe('MISS');
      expect(
        after.body.items.some((r: { billingMonth: string }) => r.billingMonth === '2026-01'),
      ).toBe(true);

      const url = `/v1/reports/broadworks/${SEED_IDS.broadworksCompleted}`;
      await service.http().get(url).expect(200);
      await service.http().delete(url).expect(204);
      await service.http().get(url).expect(404);
    });
  });

  suite(
    'when Webex fails (a fresh service per spec: breaker, budget and cooldowns start clean)',
    () => {
      let sandbox: Sandbox;
      let fresh: TestApp;

      // A new sandbox is a new WEBEX_BASE_URL, so a new credential scope: no cooldown left in Redis.
      beforeEach(async () => {
        sandbox = await startTestSandbox();
        fresh = await createTestApp(sandbox, storeEnv);
      });
      afterEach(async () => {
        await fresh.close();
        await sandbox.close();
      });

      it.each([
        ['500', { status: 500, durationMs: 60_000 }],
        ['429 past the deadline', { status: 429, retryAfter: '3600', durationMs: 60_000 }],
        ['a reset connection', { destroy: 'before' as const, durationMs: 60_000 }],
      ])(
        'serves an old entry STALE instead of an error when Webex answers %s',
        async (_name, fault) => {
          const url = `/v1/reports/wholesale?status=FAILED&max=${_name.length}`;
          await fresh.http().get(url).expect(200);
          fresh.clock.advance(3 * 3600_000); // far past freshness and the stale-while-revalidate window
          sandbox.addFault({ method: 'GET', ...fault });
          const stale = await fresh.http().get(url).expect(200);
          expect(stale.headers['x-cache']).toBe('STALE');
          expect(Number(stale.headers.age)).toBeGreaterThanOrEqual(3 * 3600);
        },
      );

      it('answers the error when there is no entry, and never stores it', async () => {
        sandbox.addFault({ method: 'GET', status: 500, times: 1 });
        const failed = await fresh
          .http()
          .get(`/v1/reports/broadworks/${SEED_IDS.broadworksInProgress}`);
        expect(failed.status).toBe(502);
        expect(failed.body.type).toBe('upstream-unavailable');
        const next = await fresh
          .http()
          .get(`/v1/reports/broadworks/${SEED_IDS.broadworksInProgress}`)
          .expect(200);
        expect(next.headers['x-cache']).toBe('MISS');
      });

      it('never stores a 429 as an answer', async () => {
        sandbox.addFault({ method: 'GET', status: 429, retryAfter: '30' });
        const url = `/v1/reports/wholesale/${SEED_IDS.wholesaleFailed}`;
        await fresh.http().get(url).expect(503);
        fresh.clock.advance(31_000); // past the cooldown
        const next = await fresh.http().get(url).expect(200);
        expect(next.headers['x-cache']).toBe('MISS');
      });

      it('refreshes a stale entry again once a load succeeded after a run of failed ones', async () => {
        // Seen in a cold 429 storm: every caller's attempt while the credential cooled down counted
        // as a failure, the key's backoff grew to 32 s, and after Webex recovered and a load
        // succeeded the gate stayed closed, so the entry was served STALE without a refresh.
        const quick = await createTestApp(sandbox, {
          ...storeEnv,
          UPSTREAM_DEADLINE_MS: '1000', // a 30 s cool-down is past it: 503 at once
          CACHE_TTL_LIST_S: '1',
          CACHE_TTL_LIST_IN_PROGRESS_S: '1',
        });
        try {
          const url = '/v1/reports/wholesale?status=COMPLETED&max=7';
          sandbox.addFault({ method: 'GET', status: 429, retryAfter: '30', times: 1 });
          await quick.http().get(url).expect(503);
          quick.clock.advance(20_000);
          for (let i = 0; i < 6; i += 1) await quick.http().get(url).expect(503); // cooling down
          quick.clock.advance(11_000); // past the cool-down
          const filled = await quick.http().get(url).expect(200);
          expect(filled.headers['x-cache']).toBe('MISS');
          const calls = sandbox.count();
          quick.clock.advance(2_000); // past the 1 s freshness
          const stale = await quick.http().get(url).expect(200);
          expect(stale.headers['x-cache']).toBe('STALE');
          await waitFor(() => sandbox.count() === calls + 1); // the background refresh
          await new Promise((resolve) => setTimeout(resolve, 50));
          const hit = await quick.http().get(url).expect(200);
          expect(hit.headers['x-cache']).toBe('HIT');
        } finally {
          await quick.close();
        }
      });

      it('serves an old entry STALE when Webex refuses connections', async () => {
        const url = '/v1/reports/broadworks?before=2024-03';
        await fresh.http().get(url).expect(200);
        fresh.clock.advance(3 * 3600_000);
        await sandbox.close(); // nothing listens on WEBEX_BASE_URL any more
        const stale = await fresh.http().get(url).expect(200);
        expect(stale.headers['x-cache']).toBe('STALE');
        sandbox = await startTestSandbox(); // for afterEach
      });
    },
  );

  suite('credential scope', () => {
    it('never shares an entry between two Webex credentials', async () => {
      const sandbox = await startTestSandbox();
      const a = await createTestApp(sandbox, storeEnv);
      const b = await createTestApp(sandbox, {
        ...storeEnv,
        WEBEX_ACCESS_TOKEN: '',
        WEBEX_CLIENT_ID: 'sandbox-client-id',
        WEBEX_CLIENT_SECRET: 'sandbox-client-secret',
        WEBEX_REFRESH_TOKEN: 'sandbox-refresh-token',
      });
      try {
        await a.http().get('/v1/reports/wholesale?max=5').expect(200);
        const other = await b.http().get('/v1/reports/wholesale?max=5').expect(200);
        expect(other.headers['x-cache']).toBe('MISS');
        expect(sandbox.count('GET')).toBe(2);
      } finally {
        await a.close();
        await b.close();
        await sandbox.close();
      }
    });
  });
});

describeWithRedis('cache across two replicas on one Redis', () => {
  let sandbox: Sandbox;
  let one: TestApp;
  let two: TestApp;
  const env = { CACHE_STORE: 'redis', REDIS_URL: TEST_REDIS_URL };

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    one = await createTestApp(sandbox, env);
    two = await createTestApp(sandbox, env);
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    await sandbox.close();
  });
  beforeEach(() => sandbox.reset());

  it('serves a fill on one replica as a HIT on the other', async () => {
    await one.http().get('/v1/reports/wholesale?type=PARTNER&status=COMPLETED').expect(200);
    const hit = await two
      .http()
      .get('/v1/reports/wholesale?status=completed&type=partner')
      .expect(200);
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(sandbox.count()).toBe(1);
  });

  it("never answers a create or delete on one replica from the other's memory tier", async () => {
    const list = '/v1/reports/wholesale?sortBy=id';
    for (let i = 0; i < 2; i += 1) await two.http().get(list).expect(200); // the second from two's memory
    expect((await two.http().get(list).expect(200)).headers['x-cache']).toBe('HIT');
    const created = await one
      .http()
      .post('/v1/reports/wholesale')
      .send({ billingStartDate: '2026-02-01', billingEndDate: '2026-02-28' })
      .expect(202);
    const after = await two.http().get(list).expect(200);
    expect(after.headers['x-cache']).toBe('MISS');
    expect(after.body.items.map((item: { id: string }) => item.id)).toContain(created.body.id);
    const report = `/v1/reports/wholesale/${created.body.id as string}`;
    for (let i = 0; i < 2; i += 1) await two.http().get(report).expect(200);
    await one.http().delete(report).expect(204);
    await two.http().get(report).expect(404);
  });

  /**
   * A service on its own sandbox (a fresh credential scope: list generation 0) with a list's lease
   * already taken in Redis by another "replica" for `leaseMs`.
   */
  async function withPlantedLease(
    extraEnv: Record<string, string>,
    list: { family: 'broadworks' | 'wholesale'; query: Record<string, string> },
    leaseMs: number,
    specs: (app: TestApp, own: Sandbox) => Promise<void>,
  ) {
    const own = await startTestSandbox();
    const app = await createTestApp(own, {
      ...env,
      UPSTREAM_DEADLINE_MS: '1000',
      UPSTREAM_TIMEOUT_MS: '500',
      ...extraEnv,
    });
    const redis = createClient({ url: TEST_REDIS_URL });
    await redis.connect();
    try {
      const scope = credentialScopeOf(
        validateEnv({ WEBEX_BASE_URL: own.baseUrl, WEBEX_ACCESS_TOKEN: 'sandbox-token' }),
      );
      const key = cacheKeyFor({ kind: 'list', scope, generation: 0, ...list });
      await redis.set(`lease:${key}`, 'other-replica', { PX: leaseMs });
      await specs(app, own);
    } finally {
      await redis.quit();
      await app.close();
      await own.close();
    }
  }

  it("loads after a crashed holder's lease expires", () =>
    withPlantedLease(
      {},
      {
        family: 'wholesale',
        query: { sortBy: 'billingStartDate', type: 'CUSTOMER', status: 'FAILED' },
      },
      1500,
      async (app, own) => {
        const began = Date.now();
        const response = await app
          .http()
          .get('/v1/reports/wholesale?type=customer&status=failed')
          .expect(200);
        expect(Date.now() - began).toBeGreaterThanOrEqual(1400);
        expect(response.headers['x-cache']).toBe('MISS');
        expect(own.count()).toBe(1);
      },
    ));

  it('answers 503 request-timeout when a request outlives REQUEST_TIMEOUT_MS (a lease held far too long)', () =>
    withPlantedLease(
      { REQUEST_TIMEOUT_MS: '1000' },
      { family: 'broadworks', query: { sortBy: 'id' } },
      60_000,
      async (app) => {
        const began = Date.now();
        const response = await app.http().get('/v1/reports/broadworks?sortBy=id').expect(503);
        expect(Date.now() - began).toBeLessThan(2000);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body.type).toBe('request-timeout');
        await new Promise((resolve) => setTimeout(resolve, 2500)); // the waiter gives up on the lease and fills
        expect(
          (await app.http().get('/v1/reports/broadworks?sortBy=id').expect(200)).headers['x-cache'],
        ).toBe('HIT');
      },
    ));

  it('sends one upstream request for 100 concurrent cold requests split across both', async () => {
    sandbox.addFault({ method: 'GET', delayMs: 300 });
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (i % 2 ? one : two).http().get('/v1/reports/broadworks?before=2024-06'),
      ),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(sandbox.count()).toBe(1);
  });
});
