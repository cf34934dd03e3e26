import { SEED_IDS } from '../src/sandbox/sandbox.seed';
import { serviceAgainstSandbox } from './support/test-app';

/**
 * CONTRACT §2: an unknown query parameter or body property is a 400 whatever its name. Names that
 * exist on Object.prototype are the ones class-transformer skips, so whitelist validation alone
 * never saw them.
 */
describe('unknown fields named like Object.prototype members', () => {
  const ctx = serviceAgainstSandbox();
  const NAMES = ['toString', 'constructor', '__proto__', 'hasOwnProperty'];
  const ROUTES = [
    '/v1/reports/broadworks',
    '/v1/reports/wholesale',
    '/v1/reports',
    `/v1/reports/wholesale/${SEED_IDS.wholesaleCompleted}`,
  ];

  const expectUnknown = (
    response: { status: number; body: { type: string; errors?: unknown } },
    field: string,
  ) => {
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('validation-failed');
    expect(response.body.errors).toEqual([{ field, message: 'is not a known parameter' }]);
    expect(ctx.sandbox.requests()).toHaveLength(0);
  };

  describe.each(ROUTES)('GET %s', (route) => {
    it.each(NAMES)('refuses ?%s=1', async (name) =>
      expectUnknown(await ctx.service.http().get(`${route}?${name}=1`), name),
    );
  });

  it('lists every offending field, prototype names and others together', async () => {
    const response = await ctx.service
      .http()
      .get('/v1/reports/wholesale?toString=1&__proto__=x&foo=1&type=nope');
    expect(response.status).toBe(400);
    const fields = (response.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['__proto__', 'foo', 'toString', 'type']);
  });

  const CREATES = [
    ['/v1/reports/broadworks', '"billingPeriod":"2024-01"'],
    ['/v1/reports/wholesale', '"billingStartDate":"2024-01-01","billingEndDate":"2024-01-31"'],
  ] as const;

  describe.each(CREATES)('POST %s', (route, valid) => {
    const post = (text: string) =>
      ctx.service.http().post(route).set('content-type', 'application/json').send(text);

    it.each(['toString', 'constructor', 'hasOwnProperty'])(
      'refuses a body with an own "%s" property',
      async (name) => expectUnknown(await post(`{${valid},"${name}":1}`), name),
    );

    // Fastify's JSON parser refuses an own "__proto__" key outright (prototype poisoning).
    it.each(['{"x":1}', '1'])('refuses a body with an own "__proto__": %s', async (value) => {
      const response = await post(`{${valid},"__proto__":${value}}`);
      expect(response.status).toBe(400);
      expect(response.body.type).toBe('validation-failed');
      expect(ctx.sandbox.requests()).toHaveLength(0);
    });
  });
});
