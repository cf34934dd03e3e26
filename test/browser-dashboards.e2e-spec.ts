import { SEED_IDS } from '../src/sandbox/sandbox.seed';
import { createTestApp, serviceAgainstSandbox, TestApp } from './support/test-app';

const DASHBOARD = 'https://dash.example.com';
const APRIL = { billingStartDate: '2024-04-01', billingEndDate: '2024-04-30' };
const DOWNLOAD = `/v1/reports/wholesale/${SEED_IDS.wholesaleCompleted}/download`;

/** Every header CONTRACT §7 lets a page on another origin read. */
const EXPOSED = [
  'x-request-id',
  'x-cache',
  'age',
  'etag',
  'retry-after',
  'location',
  'x-wait',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
];

const cspOf = (answer: { headers: Record<string, string> }) =>
  answer.headers['content-security-policy'].split(';').map((part) => part.trim());

/** Issue 16 item 2, over HTTP: what a dashboard in a browser on another origin relies on. */
describe('browser dashboards', () => {
  const ctx = serviceAgainstSandbox({
    CORS_ORIGINS: DASHBOARD,
    CORS_ALLOW_CREDENTIALS: 'true',
    RATE_LIMIT_PER_MINUTE: '1000',
  });
  let extra: TestApp | undefined;
  afterEach(() => extra?.close());

  describe('absolute Location (CONTRACT §2)', () => {
    it('names the scheme and host the create was sent to, and a replay names its own', async () => {
      const key = `absolute-${Date.now()}`;
      const create = (host: string) =>
        ctx.service
          .http()
          .post('/v1/reports/wholesale')
          .set('host', host)
          .set('idempotency-key', key)
          .send(APRIL)
          .expect(202);
      const created = await create('reports.example.com');
      expect(created.headers.location).toBe(
        `http://reports.example.com/v1/reports/wholesale/${created.body.id}`,
      );
      const replayed = await create('bff.internal:8080');
      expect(replayed.headers['idempotent-replay']).toBe('true');
      expect(replayed.headers.location).toBe(
        `http://bff.internal:8080/v1/reports/wholesale/${created.body.id}`,
      );
      expect(ctx.sandbox.count('POST')).toBe(1);
    });

    it('takes X-Forwarded-Proto and X-Forwarded-Host from a TRUST_PROXY gateway only', async () => {
      const sendVia = (service: TestApp) =>
        service
          .http()
          .post('/v1/reports/broadworks')
          .set('host', 'bff.internal:3000')
          .set('x-forwarded-proto', 'https')
          .set('x-forwarded-host', 'reports.example.com')
          .send({ billingPeriod: '2024-08' })
          .expect(202);
      const untrusted = await sendVia(ctx.service);
      expect(untrusted.headers.location).toMatch(/^http:\/\/bff\.internal:3000\/v1\/reports\//);
      extra = await createTestApp(ctx.sandbox, { TRUST_PROXY: '127.0.0.1' });
      const trusted = await sendVia(extra);
      expect(trusted.headers.location).toBe(
        `https://reports.example.com/v1/reports/broadworks/${trusted.body.id}`,
      );
    });

    it('keeps the path when the Host names no origin', async () => {
      const created = await ctx.service
        .http()
        .post('/v1/reports/broadworks')
        .set('host', 'bad host@example.com')
        .send({ billingPeriod: '2024-09' })
        .expect(202);
      expect(created.headers.location).toBe(`/v1/reports/broadworks/${created.body.id}`);
    });
  });

  describe('download, JSON mode (CONTRACT §8)', () => {
    it('answers Accept: application/json with 200 { url, expiresAt }, the URL the redirect names', async () => {
      const redirect = await ctx.service.http().get(DOWNLOAD).expect(302);
      const json = await ctx.service
        .http()
        .get(DOWNLOAD)
        .set('accept', 'application/json')
        .expect(200)
        .expect('content-type', /^application\/json/);
      expect(json.body).toEqual({
        url: redirect.headers.location,
        expiresAt: new Date(
          Number(new URL(redirect.headers.location).searchParams.get('Expires')) * 1000,
        ).toISOString(),
      });
      expect(json.headers['cache-control']).toBe('no-store');
      expect(json.headers.vary).toMatch(/\bAccept\b/);
      expect(json.headers.location).toBeUndefined();
    });

    it.each([
      ['no Accept', undefined],
      ["fetch's default", '*/*'],
      ['a link click', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
      ['JSON refused', 'application/json;q=0, */*'],
    ])('redirects with %s', async (_name, accept) => {
      const call = ctx.service.http().get(DOWNLOAD);
      if (accept) call.set('accept', accept);
      const answer = await call.expect(302);
      expect(answer.headers.location).toMatch(/\/downloads\/.+\.csv\?Expires=/);
      expect(answer.headers['cache-control']).toBe('no-store');
    });

    it('answers a report that is not ready with its problem, JSON mode or not', async () => {
      const answer = await ctx.service
        .http()
        .get(`/v1/reports/broadworks/${SEED_IDS.broadworksInProgress}/download`)
        .set('accept', 'application/json')
        .expect(409)
        .expect('content-type', /^application\/problem\+json/);
      expect(answer.body.type).toBe('report-not-ready');
    });
  });

  describe('CORS (CONTRACT §7)', () => {
    it('exposes every header of §7 on an error, and admits credentials from a listed origin', async () => {
      const answer = await ctx.service
        .http()
        .get('/v1/reports/wholesale/not.an.id')
        .set('origin', DASHBOARD)
        .expect(400);
      expect(answer.headers['access-control-allow-origin']).toBe(DASHBOARD);
      expect(answer.headers['access-control-allow-credentials']).toBe('true');
      expect(answer.headers['access-control-expose-headers'].split(/,\s*/)).toEqual(
        expect.arrayContaining(EXPOSED),
      );
      const preflight = await ctx.service
        .http()
        .options('/v1/reports/wholesale')
        .set('origin', DASHBOARD)
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'x-api-key, content-type, idempotency-key');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    });

    it('does not admit credentials unless CORS_ALLOW_CREDENTIALS is set', async () => {
      extra = await createTestApp(ctx.sandbox, { CORS_ORIGINS: DASHBOARD });
      const answer = await extra
        .http()
        .get('/v1/reports/wholesale?max=1')
        .set('origin', DASHBOARD)
        .expect(200);
      expect(answer.headers['access-control-allow-origin']).toBe(DASHBOARD);
      expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('sends X-RateLimit-* on the 429 too, with Retry-After', async () => {
      extra = await createTestApp(ctx.sandbox, { RATE_LIMIT_PER_MINUTE: '1' });
      await extra.http().get('/v1/reports/wholesale?max=1').expect(200);
      const refused = await extra.http().get('/v1/reports/wholesale?max=1').expect(429);
      expect(refused.headers).toMatchObject({
        'x-ratelimit-limit': '1',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': refused.headers['retry-after'],
      });
    });
  });

  describe('content security policy', () => {
    it('lets Swagger UI at /docs call this origin over http, and keeps the API strict', async () => {
      const docs = cspOf(await ctx.service.http().get('/docs').expect(200));
      expect(docs).toEqual(
        expect.arrayContaining(["default-src 'self'", "connect-src 'self'", "script-src 'self'"]),
      );
      expect(docs).not.toContain('upgrade-insecure-requests');
      for (const path of ['/v1/reports/wholesale?max=1', '/health/live']) {
        const api = cspOf(await ctx.service.http().get(path).expect(200));
        expect(api).toEqual(
          expect.arrayContaining(["default-src 'self'", "script-src 'self'", "style-src 'self'"]),
        );
        expect(api.join(';')).not.toContain('unsafe-inline');
      }
    });
  });
});
