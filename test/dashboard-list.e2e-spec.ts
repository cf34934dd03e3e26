import { Sandbox } from '../src/sandbox/sandbox.server';
import { SEED_IDS } from '../src/sandbox/sandbox.seed';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

type Item = {
  id: string;
  family: string;
  status: string;
  type: string | null;
  billingMonth: string | null;
  period: { start: string; end: string };
};

const ids = (items: Item[]) => items.map((item) => item.id);
const upstreamQueries = (sandbox: Sandbox, family: string) =>
  sandbox
    .requests()
    .filter((r) => r.path === `/v1/${family}/billing/reports`)
    .map((r) => r.query);

/** `period.start` descending, then family, then id (code-unit order). */
function inDashboardOrder(a: Item, b: Item): boolean {
  if (a.period.start !== b.period.start) return a.period.start > b.period.start;
  if (a.family !== b.family) return a.family < b.family;
  return a.id < b.id;
}

/** CONTRACT §8: `GET /v1/reports`, one list across both families. */
describe('all reports (GET /v1/reports)', () => {
  let sandbox: Sandbox;
  let service: TestApp;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    service = await createTestApp(sandbox, { CACHE_MIN_REFRESH_S: '0' }); // every no-cache refetches
  });
  afterAll(async () => {
    await service.close();
    await sandbox.close();
  });
  beforeEach(() => sandbox.reset());

  // Each spec reads with no-cache where it counts upstream calls, so earlier specs' entries do not matter.
  const list = (query = '') =>
    service.http().get(`/v1/reports${query}`).set('cache-control', 'no-cache');

  it('lists both families, newest period first, then family, then id', async () => {
    const { body } = await list().expect(200);
    expect(body.page).toEqual({ nextCursor: null });
    expect(body.partial).toBeUndefined();
    expect(body.items).toHaveLength(32);
    for (let i = 1; i < body.items.length; i += 1)
      expect(inDashboardOrder(body.items[i - 1], body.items[i])).toBe(true);
    const may = body.items.filter((item: Item) => item.period.start === '2024-05-01');
    expect(may.map((item: Item) => item.family)).toEqual(['broadworks', 'wholesale', 'wholesale']);
    expect(sandbox.count('GET')).toBe(2);
  });

  it('leaves BroadWorks out when type is set, and lets Webex filter the Wholesale type', async () => {
    const { body } = await list('?type=partner').expect(200);
    expect(body.items.length).toBeGreaterThan(0);
    expect(
      body.items.every((item: Item) => item.family === 'wholesale' && item.type === 'PARTNER'),
    ).toBe(true);
    expect(sandbox.count('GET', '/broadworks')).toBe(0);
    expect(upstreamQueries(sandbox, 'wholesale')).toEqual([
      expect.objectContaining({ type: 'PARTNER' }),
    ]);
  });

  it('filters status in both families: Webex filters Wholesale, BroadWorks is filtered here', async () => {
    const { body } = await list('?status=Failed').expect(200);
    expect(body.items.map((item: Item) => `${item.family}:${item.period.start}`)).toEqual([
      'broadworks:2024-03-01',
      'wholesale:2024-03-01',
      'wholesale:2023-12-01',
      'broadworks:2023-10-01',
    ]);
    expect(upstreamQueries(sandbox, 'wholesale')).toEqual([
      expect.objectContaining({ status: 'FAILED' }),
    ]);
    expect(upstreamQueries(sandbox, 'broadworks')[0].status).toBeUndefined();
  });

  it('keeps a BroadWorks month that overlaps from on its last day (2024-02 with from=2024-02-29)', async () => {
    const { body } = await list('?from=2024-02-29').expect(200);
    const months = body.items
      .filter((item: Item) => item.family === 'broadworks')
      .map((item: Item) => item.billingMonth);
    expect(months).toContain('2024-02');
    expect(months).not.toContain('2024-01');
    expect(body.items.every((item: Item) => item.period.end >= '2024-02-29')).toBe(true);
  });

  it('drops a BroadWorks month that starts after to (2024-02 with to=2024-01-31)', async () => {
    const { body } = await list('?to=2024-01-31').expect(200);
    const months = body.items
      .filter((item: Item) => item.family === 'broadworks')
      .map((item: Item) => item.billingMonth);
    expect(months).toContain('2024-01');
    expect(months).not.toContain('2024-02');
    expect(body.items.every((item: Item) => item.period.start <= '2024-01-31')).toBe(true);
  });

  it('keeps exactly the reports overlapping a one-day range', async () => {
    const { body } = await list('?from=2024-02-29&to=2024-02-29').expect(200);
    expect(
      body.items.map((item: Item) => `${item.family}:${item.period.start}..${item.period.end}`),
    ).toEqual([
      'broadworks:2024-02-01..2024-02-29',
      'wholesale:2024-02-01..2024-02-29',
      'wholesale:2024-02-01..2024-02-29',
    ]);
    expect(ids(body.items)).toContain(SEED_IDS.broadworksFeb2024);
    expect(ids(body.items)).not.toContain(SEED_IDS.wholesalePointInTime);
  });

  it('lists only the families asked for, in any letter case', async () => {
    const { body } = await list('?family=%20BroadWorks%20').expect(200);
    expect(body.items).toHaveLength(12);
    expect(sandbox.count('GET', '/wholesale')).toBe(0);
    const both = await list('?family=wholesale,BROADWORKS').expect(200);
    expect(both.body.items).toHaveLength(32);
  });

  it.each([
    ['an unknown family', '?family=broadworks,teams', 'family'],
    ['from after to', '?from=2024-03-01&to=2024-02-01', 'to'],
    ['a date that does not exist', '?from=2024-02-30', 'from'],
    ['an unknown status', '?status=DONE', 'status'],
    ['an unknown type', '?type=reseller', 'type'],
    ['an unknown parameter, even empty', '?sortby=', 'sortby'],
    ['a cursor (the merged list has no pages)', '?cursor=abc', 'cursor'],
    ['a repeated parameter', '?family=broadworks&family=wholesale', 'family'],
  ])('refuses %s with a 400 before calling Webex', async (_name, query, field) => {
    const { body } = await list(query).expect(400);
    expect(body.type).toBe('validation-failed');
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(sandbox.count()).toBe(0);
  });

  it("shares the families' cache: X-Cache is the weakest part, Age the oldest, and If-None-Match gives 304", async () => {
    await service
      .http()
      .get('/v1/reports/broadworks?sortBy=billingPeriod')
      .set('cache-control', 'no-cache')
      .expect(200);
    service.clock.advance(5_000);
    const first = await service.http().get('/v1/reports?status=COMPLETED').expect(200);
    expect(first.headers['x-cache']).toBe('MISS'); // Wholesale missed, BroadWorks was a hit
    expect(Number(first.headers.age)).toBeGreaterThanOrEqual(5);
    expect(sandbox.count()).toBe(2);
    const again = await service.http().get('/v1/reports?status=completed&type=').expect(200);
    expect(again.headers['x-cache']).toBe('HIT');
    expect(again.headers.etag).toBe(first.headers.etag);
    // the BroadWorks list holds IN_PROGRESS (10 s) and is 5 s old: lifetime 10 with Age 5, 5 s left
    expect(again.headers['cache-control']).toBe('private, max-age=10');
    expect(Number(again.headers.age)).toBeGreaterThanOrEqual(5);
    await service
      .http()
      .get('/v1/reports?status=completed')
      .set('if-none-match', first.headers.etag)
      .expect(304);
    const own = await service.http().get('/v1/reports/wholesale?status=completed').expect(200);
    expect(own.headers['x-cache']).toBe('HIT');
    expect(sandbox.count()).toBe(2);
  });
});

/** A fresh service and sandbox per spec: no entry of an earlier spec can stand in as stale data. */
describe('all reports when a family fails', () => {
  let sandbox: Sandbox;
  let service: TestApp;

  beforeEach(async () => {
    sandbox = await startTestSandbox();
    service = await createTestApp(sandbox);
  });
  afterEach(async () => {
    await service.close();
    await sandbox.close();
  });

  it("still answers 200 with the other family's items and names the missing one in partial", async () => {
    sandbox.addFault({ path: '/broadworks', status: 500, durationMs: 60_000 });
    const answer = await service.http().get('/v1/reports').expect(200);
    expect(answer.body.partial).toEqual([
      { family: 'broadworks', status: 502, type: 'upstream-unavailable' },
    ]);
    expect(answer.body.items).toHaveLength(20);
    expect(answer.body.items.every((item: Item) => item.family === 'wholesale')).toBe(true);
    expect(answer.headers['cache-control']).toBe('private, max-age=0');
    const own = await service.http().get('/v1/reports/broadworks').expect(502);
    expect(own.body.type).toBe('upstream-unavailable');
  });

  it('serves the failing family from stale data instead of leaving it out', async () => {
    await service.http().get('/v1/reports').expect(200);
    service.clock.advance(3600_000);
    sandbox.addFault({ path: '/broadworks', status: 500, durationMs: 60_000 });
    const answer = await service
      .http()
      .get('/v1/reports')
      .set('cache-control', 'no-cache')
      .expect(200);
    expect(answer.body.partial).toBeUndefined();
    expect(answer.body.items).toHaveLength(32);
    expect(answer.headers['x-cache']).toBe('STALE');
    expect(Number(answer.headers.age)).toBeGreaterThanOrEqual(3600);
  });

  it('answers the problem of §5 when every family fails', async () => {
    sandbox.addFault({ status: 500, durationMs: 60_000 });
    const answer = await service.http().get('/v1/reports').expect(502);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body.type).toBe('upstream-unavailable');
  });

  it('answers the problem of the one family asked for when it fails', async () => {
    sandbox.addFault({ path: '/wholesale', status: 429, retryAfter: '3600', durationMs: 60_000 });
    const answer = await service.http().get('/v1/reports?type=USER').expect(503);
    expect(answer.body.type).toBe('upstream-throttled');
    expect(answer.headers['retry-after']).toBeDefined();
  });
});
