import { serviceAgainstSandbox } from './support/test-app';

/** CONTRACT §2: every rule is checked before anything leaves the process (sandbox log stays empty). */
describe('input validation', () => {
  const ctx = serviceAgainstSandbox();

  async function expectRejected(
    method: 'get' | 'post' | 'delete',
    url: string,
    fields: string[],
    body?: object,
  ) {
    const call = ctx.service.http()[method](url);
    const response = await (body === undefined ? call : call.send(body));
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: 'validation-failed',
      status: 400,
      title: expect.any(String),
      requestId: expect.any(String),
    });
    expect(
      (response.body.errors as { field: string }[]).map((error) => error.field).sort(),
    ).toEqual([...fields].sort());
    expect(ctx.sandbox.requests()).toHaveLength(0);
  }

  describe('BroadWorks list', () => {
    it.each([
      ['?before=2024-13', ['before']],
      ['?after=2024-1', ['after']],
      ['?before=yesterday', ['before']],
      ['?sortBy=created', ['sortBy']],
      ['?sortby=', ['sortby']],
      ['?max=10', ['max']],
      ['?foo=1', ['foo']],
      ['?before=2024-01&before=2024-02', ['before']],
      ['?before=x&after=y&sortBy=z', ['before', 'after', 'sortBy']],
    ])('refuses %s', (query, fields) =>
      expectRejected('get', `/v1/reports/broadworks${query}`, fields),
    );

    it('refuses a tampered cursor', async () => {
      const response = await ctx.service
        .http()
        .get('/v1/reports/broadworks?cursor=eyJhIjoxfQ.c2lnbmF0dXJl');
      expect(response.status).toBe(400);
      expect(response.body.type).toBe('invalid-cursor');
      expect(ctx.sandbox.requests()).toHaveLength(0);
    });
  });

  describe('Wholesale list', () => {
    it.each([
      ['?billingStartDate=2023-02-29', ['billingStartDate']],
      ['?billingEndDate=2024-04-31', ['billingEndDate']],
      ['?billingStartDate=2024-05-02&billingEndDate=2024-05-01', ['billingEndDate']],
      ['?type=admin', ['type']],
      ['?sortBy=created', ['sortBy']],
      ['?status=done', ['status']],
      ['?max=0', ['max']],
      ['?max=101', ['max']],
      ['?max=abc', ['max']],
      ['?max=1.5', ['max']],
      ['?max=10&max=20', ['max']],
      ['?subPartnerOrgId=a/b', ['subPartnerOrgId']],
      ['?billingstartdate=2024-01-01', ['billingstartdate']],
      ['?type=USER&type=PARTNER&status=nope', ['type', 'status']],
    ])('refuses %s', (query, fields) =>
      expectRejected('get', `/v1/reports/wholesale${query}`, fields),
    );
  });

  describe('bodies', () => {
    it.each([
      [{}, ['billingPeriod']],
      [{ billingPeriod: '2024-13' }, ['billingPeriod']],
      [{ billingPeriod: '' }, ['billingPeriod']],
      [{ billingPeriod: 202401 }, ['billingPeriod']],
      [{ billingPeriod: '2024-01', extra: true }, ['extra']],
    ])('refuses BroadWorks create %j', (body, fields) =>
      expectRejected('post', '/v1/reports/broadworks', fields, body),
    );

    it.each([
      [{}, ['billingStartDate', 'billingEndDate']],
      [{ billingStartDate: '2024-02-30', billingEndDate: '2024-03-01' }, ['billingStartDate']],
      [{ billingStartDate: '2024-03-02', billingEndDate: '2024-03-01' }, ['billingEndDate']],
      [{ billingStartDate: '2024-03-01', billingEndDate: '2024-03-31', type: 'ADMIN' }, ['type']],
      [
        { billingStartDate: '2024-03-01', billingEndDate: '2024-03-31', internal: 'yes' },
        ['internal'],
      ],
      [
        { billingStartDate: '2024-03-01', billingEndDate: '2024-03-31', subPartnerOrgId: 'a b' },
        ['subPartnerOrgId'],
      ],
      [
        { billingStartDate: '2024-03-01', billingEndDate: '2024-03-31', reportType: 'USER' },
        ['reportType'],
      ],
    ])('refuses Wholesale create %j', (body, fields) =>
      expectRejected('post', '/v1/reports/wholesale', fields, body),
    );
  });

  describe('report ids', () => {
    it.each([
      ['get', '/v1/reports/wholesale/bad!id'],
      ['delete', '/v1/reports/broadworks/bad.id'],
      ['get', `/v1/reports/broadworks/${'a'.repeat(513)}`],
    ] as const)('refuses %s %s', (method, url) => expectRejected(method, url, ['id']));

    it('accepts 512 characters of the allowed set (then asks Webex)', async () => {
      const response = await ctx.service.http().get(`/v1/reports/broadworks/${'a_=-'.repeat(128)}`);
      expect(response.status).toBe(404);
      expect(ctx.sandbox.requests()).toHaveLength(1);
    });

    it('refuses unknown parameters on a get', () =>
      expectRejected('get', '/v1/reports/wholesale/abc?expand=1', ['expand']));
  });

  it('answers an unknown family with a 404 problem', async () => {
    const response = await ctx.service.http().get('/v1/reports/webinars');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.type).toBe('not-found');
    expect(ctx.sandbox.requests()).toHaveLength(0);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await ctx.service
      .http()
      .post('/v1/reports/broadworks')
      .set('content-type', 'application/json')
      .send('{"billingPeriod":');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(ctx.sandbox.requests()).toHaveLength(0);
  });

  describe('normalisation', () => {
    it.each([
      '/v1/reports/wholesale?type=partner&sortBy=billingstartdate',
      '/v1/reports/wholesale?sortBy=billingStartDate&type=PARTNER',
      '/v1/reports/wholesale?type=%20Partner%20&status=',
      '/v1/reports/wholesale?status=&type=PARTNER&max=',
    ])('%s is the same query as ?type=PARTNER', async (url) => {
      await ctx.service.http().get('/v1/reports/wholesale?type=PARTNER').expect(200);
      const response = await ctx.service.http().get(url).expect(200);
      expect(response.headers['x-cache']).toBe('HIT');
      for (const item of response.body.items as { type: string }[])
        expect(item.type).toBe('PARTNER');
    });

    it('folds enum case and trims before asking Webex', async () => {
      await ctx.service
        .http()
        .get('/v1/reports/wholesale?type=%20user&status=completed&sortBy=ID')
        .expect(200);
      const [call] = ctx.sandbox.requests();
      expect(call.query).toMatchObject({ type: 'USER', status: 'COMPLETED', sortBy: 'id' });
    });
  });
});
