import { SEED_IDS } from '../src/sandbox/sandbox.seed';
import { serviceAgainstSandbox } from './support/test-app';

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

/** CONTRACT §2 and §3: the routes of both families, over HTTP, against the sandbox. */
describe('report routes', () => {
  const ctx = serviceAgainstSandbox();

  it.each(['broadworks', 'wholesale'])('lists %s reports in the unified shape', async (family) => {
    const response = await ctx.service.http().get(`/v1/reports/${family}`).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body.page).toEqual({ nextCursor: null });
    expect(response.body.items.length).toBeGreaterThan(3);
    for (const item of response.body.items) {
      expect(Object.keys(item).sort()).toEqual(REPORT_KEYS);
      expect(item.family).toBe(family);
    }
  });

  it('maps a BroadWorks month to its real first and last day (2024-02 ends on the 29th)', async () => {
    const response = await ctx.service
      .http()
      .get(`/v1/reports/broadworks/${SEED_IDS.broadworksFeb2024}`)
      .expect(200);
    expect(response.body).toMatchObject({
      billingMonth: '2024-02',
      period: { start: '2024-02-01', end: '2024-02-29' },
      type: null,
      category: null,
    });
  });

  it('gets a completed Wholesale report with its download URL and expiry', async () => {
    const response = await ctx.service
      .http()
      .get(`/v1/reports/wholesale/${SEED_IDS.wholesaleCompleted}`)
      .expect(200);
    const report = response.body;
    expect(report).toMatchObject({
      family: 'wholesale',
      status: 'COMPLETED',
      billingMonth: null,
      errors: [],
    });
    expect(report.period.start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const expires = new URL(report.download.url).searchParams.get('Expires');
    expect(report.download.expiresAt).toBe(new Date(Number(expires) * 1000).toISOString());
    expect(report.createdAt).toMatch(/Z$/);
  });

  it('gets a failed report with its errors and no download', async () => {
    const response = await ctx.service
      .http()
      .get(`/v1/reports/broadworks/${SEED_IDS.broadworksFailed}`)
      .expect(200);
    expect(response.body.status).toBe('FAILED');
    expect(response.body.download).toBeNull();
    expect(response.body.errors.length).toBeGreaterThan(0);
    expect(response.body.errors[0]).toEqual({
      code: expect.any(Number),
      description: expect.any(String),
    });
  });

  it('creates, reads and deletes a BroadWorks report', async () => {
    const created = await ctx.service
      .http()
      .post('/v1/reports/broadworks')
      .set('host', 'reports.example.com')
      .send({ billingPeriod: '2025-01' })
      .expect(202);
    expect(created.body).toMatchObject({
      family: 'broadworks',
      billingMonth: '2025-01',
      status: 'IN_PROGRESS',
    });
    const path = `/v1/reports/broadworks/${created.body.id}`;
    expect(created.headers.location).toBe(`http://reports.example.com${path}`);
    expect(ctx.sandbox.requests().filter((r) => r.method === 'POST')[0].body).toEqual({
      billingPeriod: '2025-01',
    });
    await ctx.service.http().get(path).expect(200);
    await ctx.service.http().delete(path).expect(204);
    const gone = await ctx.service.http().get(path).expect(404);
    expect(gone.body.type).toBe('not-found');
  });

  it('creates a Wholesale report with normalised input', async () => {
    const body = {
      billingStartDate: ' 2025-01-01 ',
      billingEndDate: '2025-01-31',
      type: 'customer',
      internal: true,
    };
    const created = await ctx.service.http().post('/v1/reports/wholesale').send(body).expect(202);
    expect(created.body).toMatchObject({
      family: 'wholesale',
      type: 'CUSTOMER',
      period: { start: '2025-01-01', end: '2025-01-31' },
    });
    const sent = ctx.sandbox.requests().find((r) => r.method === 'POST');
    expect(sent?.body).toEqual({
      billingStartDate: '2025-01-01',
      billingEndDate: '2025-01-31',
      type: 'CUSTOMER',
      internal: true,
    });
  });

  /** What Webex (the sandbox) itself says to `method` on `path`. */
  const webexMessage = async (method: string, path: string): Promise<string> => {
    const answer = await fetch(`${ctx.sandbox.baseUrl}${path}`, {
      method,
      headers: { authorization: 'Bearer sandbox-token' },
    });
    expect(answer.status).toBe(404);
    return ((await answer.json()) as { message: string }).message;
  };

  it.each(['broadworks', 'wholesale'])(
    'answers 404 with Webex message for an unknown %s report, on get (remembered too) and delete',
    async (family) => {
      const upstream = `/${family}/billing/reports/doesNotExist`;
      const says = await webexMessage('GET', upstream);
      expect(says).toMatch(/not found/i);
      ctx.sandbox.reset();
      const url = `/v1/reports/${family}/doesNotExist`;
      const first = await ctx.service.http().get(url).expect(404);
      expect(first.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(first.body).toMatchObject({ type: 'not-found', status: 404 });
      expect(first.body.detail).toContain(says);
      const remembered = await ctx.service.http().get(url).expect(404);
      expect(ctx.sandbox.count('GET')).toBe(1);
      expect(remembered.body.detail).toBe(first.body.detail);
      const deleted = await ctx.service.http().delete(url).expect(404);
      expect(deleted.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(deleted.body.detail).toContain(await webexMessage('DELETE', upstream));
    },
  );

  it('sends the bearer token and a TrackingID carrying the caller request id, and echoes the id', async () => {
    const response = await ctx.service
      .http()
      .get('/v1/reports/wholesale?status=FAILED')
      .set('x-request-id', 'dash-42')
      .expect(200);
    expect(response.headers['x-request-id']).toBe('dash-42');
    const [call] = ctx.sandbox.requests();
    expect(call.headers.authorization).toBe('Bearer sandbox-token');
    expect(call.headers.trackingid).toContain('dash-42');
  });

  it('generates a request id when the caller sends none', async () => {
    const response = await ctx.service
      .http()
      .get('/v1/reports/wholesale/doesNotExistEither')
      .expect(404);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
  });
});

/** The request context is handed down explicitly: every route gives its Webex calls the caller's id. */
describe('the caller request id on every Webex call a route makes', () => {
  const ctx = serviceAgainstSandbox();
  const wholesale = '/v1/reports/wholesale';
  const broadworks = '/v1/reports/broadworks';

  it.each([
    ['a family list', 'GET', `${broadworks}?before=2031-01`, undefined, 200],
    ['a report', 'GET', `${wholesale}/${SEED_IDS.wholesaleUser}`, undefined, 200],
    ['a download', 'GET', `${wholesale}/${SEED_IDS.wholesaleCompleted}/download`, undefined, 302],
    ['the list of both families', 'GET', '/v1/reports?status=COMPLETED', undefined, 200],
    ['a create', 'POST', broadworks, { billingPeriod: '2026-03' }, 202],
    ['a delete', 'DELETE', `${broadworks}/${SEED_IDS.broadworksCompleted}`, undefined, 204],
  ] as const)('%s', async (_name, method, url, body, status) => {
    const id = `ctx-${method.toLowerCase()}-${status}-${url.length}`;
    const http = ctx.service.http();
    const call =
      method === 'GET'
        ? http.get(url)
        : method === 'POST'
          ? http.post(url).send(body)
          : http.delete(url);
    await call.set('x-request-id', id).expect(status);
    const calls = ctx.sandbox.requests();
    expect(calls.length).toBeGreaterThan(0);
    for (const made of calls) expect(made.headers.trackingid).toBe(`webex-reports-bff_${id}`);
  });
});
