import { randomUUID } from 'node:crypto';
import { SEED_IDS } from '../../src/sandbox/sandbox.seed';
import { answered, Dashboard } from './support/dashboard';
import { browserSuite, COMPLETE_AFTER_MS } from './support/harness';

const REPORT_KEYS = [
  'billingMonth',
  'category',
  'createdAt',
  'createdBy',
  'download',
  'errors',
  'family',
  'id',
  'period',
  'status',
  'type',
];

type Item = Record<string, unknown>;

/** CONTRACT §3: every item a dashboard reads has the unified shape. */
function expectUnifiedReport(item: Item, family: string): void {
  expect(Object.keys(item).sort()).toEqual(REPORT_KEYS);
  expect(item).toMatchObject({
    id: expect.stringMatching(/^[A-Za-z0-9_=-]+$/),
    family,
    status: expect.any(String),
    period: { start: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), end: expect.any(String) },
    errors: expect.any(Array),
  });
}

const APRIL = { billingStartDate: '2024-04-01', billingEndDate: '2024-04-30' };

/** CONTRACT §2, §3, §7, §8 from a dashboard page in Chromium on another origin (issue 16, item 3). */
describe('a dashboard on another origin', () => {
  const suite = browserSuite({ main: {} });
  let dashboard: Dashboard;

  // Opened inside each test (not in beforeEach), so that what the page logs is in its diagnostics.
  const open = async () => (dashboard = await suite.dashboard('main'));
  afterEach(() => dashboard?.page.close());

  suite.it('lists a page of wholesale reports and follows page.nextCursor', async () => {
    await open();
    const first = answered(await dashboard.request('/v1/reports/wholesale?max=5'));
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(5);
    first.body.items.forEach((item: Item) => expectUnifiedReport(item, 'wholesale'));
    const cursor: unknown = first.body.page.nextCursor;
    expect(typeof cursor).toBe('string');

    const query = new URLSearchParams({ max: '5', cursor: cursor as string });
    const second = answered(await dashboard.request(`/v1/reports/wholesale?${query.toString()}`));
    expect(second.status).toBe(200);
    expect(second.body.items.length).toBeGreaterThan(0);
    second.body.items.forEach((item: Item) => expectUnifiedReport(item, 'wholesale'));
    const firstIds = first.body.items.map((item: Item) => item.id);
    for (const item of second.body.items as Item[]) expect(firstIds).not.toContain(item.id);
  });

  suite.it(
    'creates with Idempotency-Key, follows the absolute Location, and reads the replay',
    async () => {
      await open();
      const create = {
        method: 'POST',
        json: APRIL,
        headers: { 'idempotency-key': randomUUID() },
      };
      const created = answered(await dashboard.request('/v1/reports/wholesale', create));
      expect(created.status).toBe(202);
      expectUnifiedReport(created.body, 'wholesale');
      const location = `${suite.service('main').origin}/v1/reports/wholesale/${created.body.id}`;
      expect(created.headers.location).toBe(location);

      // What a dashboard writes: fetch(location), no base URL of its own.
      const followed = answered(await dashboard.call(created.headers.location));
      expect({ url: followed.url, status: followed.status }).toEqual({
        url: location,
        status: 200,
      });
      expect(followed.body.id).toBe(created.body.id);

      const replay = answered(await dashboard.request('/v1/reports/wholesale', create));
      expect(replay.status).toBe(202);
      expect(replay.body).toEqual(created.body);
      expect(replay.headers).toMatchObject({ 'idempotent-replay': 'true', location });
    },
  );

  suite.it('deletes a report, then reads X-Request-Id on the 404 problem', async () => {
    await open();
    const create = { method: 'POST', json: APRIL };
    const created = answered(await dashboard.request('/v1/reports/wholesale', create));
    expect(created.status).toBe(202);
    const path = `/v1/reports/wholesale/${created.body.id}`;

    const deleted = answered(await dashboard.request(path, { method: 'DELETE' }));
    expect(deleted.status).toBe(204);

    const gone = answered(await dashboard.request(path));
    expect(gone.status).toBe(404);
    expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(gone.body).toMatchObject({ type: 'not-found', status: 404 });
    expect(gone.headers['x-request-id']).toBe(gone.body.requestId);
  });

  suite.it('gets the download URL of a COMPLETED report as JSON', async () => {
    await open();
    const path = `/v1/reports/wholesale/${SEED_IDS.wholesaleCompleted}/download`;
    const download = answered(
      await dashboard.request(path, { headers: { accept: 'application/json' } }),
    );
    expect(download.status).toBe(200);
    expect(Object.keys(download.body).sort()).toEqual(['expiresAt', 'url']);
    expect(new URL(download.body.url).protocol).toMatch(/^https?:$/);
    const { expiresAt } = download.body as { expiresAt: string | null };
    if (expiresAt !== null) expect(new Date(expiresAt).toISOString()).toBe(expiresAt);
  });

  suite.it('long-polls a new report with waitFor=terminal until it is COMPLETED', async () => {
    await open();
    const create = { method: 'POST', json: { billingPeriod: '2024-07' } };
    const created = answered(await dashboard.request('/v1/reports/broadworks', create));
    expect(created.status).toBe(202);
    expect(created.body.status).toBe('IN_PROGRESS');

    const startedAt = Date.now();
    const path = `/v1/reports/broadworks/${created.body.id}?waitFor=terminal&timeout=10`;
    const waited = answered(await dashboard.request(path));
    expect(waited.status).toBe(200);
    expect(waited.body).toMatchObject({ id: created.body.id, status: 'COMPLETED' });
    expect(waited.headers['cache-control']).toBe('no-store');
    expect(waited.headers['x-wait']).toBeUndefined();
    expect(Date.now() - startedAt).toBeLessThan(10_000 - COMPLETE_AFTER_MS);
  });
});
