import fc from 'fast-check';
import { serviceAgainstSandbox } from './support/test-app';

const KEYS = [
  'before',
  'after',
  'sortBy',
  'cursor',
  'billingStartDate',
  'billingEndDate',
  'type',
  'status',
  'max',
  'subPartnerOrgId',
  'waitFor',
  'timeout',
  'family',
  'from',
  'to',
];
const VALUES = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '2024-02',
    '2024-02-29',
    '2023-02-29',
    '2024-13',
    'partner',
    'USER',
    'completed',
    'ID',
    '0',
    '1',
    '100',
    '101',
    '-1',
    '1.5',
    'terminal',
    'a,b',
    '%00',
    '../x',
  ),
  fc.string({ maxLength: 12 }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);
const QUERY = fc
  .array(
    fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ minLength: 1, maxLength: 6 })), VALUES),
    { maxLength: 5 },
  )
  .map((pairs) =>
    pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
  );
const ID = fc.oneof(
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.stringMatching(/^[A-Za-z0-9_=-]{1,40}$/),
);
const BODY = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.record(
    {
      billingPeriod: VALUES,
      billingStartDate: VALUES,
      billingEndDate: VALUES,
      type: VALUES,
      internal: fc.oneof(fc.boolean(), VALUES),
    },
    { requiredKeys: [] },
  ),
);
const FAMILY = fc.constantFrom('broadworks', 'wholesale');

/** Issue 5: random input at every route never causes a 5xx, never reaches Webex when invalid, always errs as problem+json. */
describe('random input at every route', () => {
  const ctx = serviceAgainstSandbox();

  async function check(
    send: () => Promise<{
      status: number;
      headers: Record<string, string>;
      body: { type?: string };
    }>,
  ) {
    const before = ctx.sandbox.requests().length;
    const response = await send();
    expect(response.status).toBeLessThan(500);
    if (response.status >= 400) {
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(typeof response.body.type).toBe('string');
      expect(response.body.type).not.toBe('upstream-rejected'); // Webex never sees input it would refuse
    }
    if (response.status === 400) expect(ctx.sandbox.requests().length).toBe(before);
  }

  const run = (property: fc.IAsyncProperty<unknown[]>) => fc.assert(property, { numRuns: 120 });

  it('GET lists', () =>
    run(
      fc.asyncProperty(
        fc.constantFrom('/v1/reports', '/v1/reports/broadworks', '/v1/reports/wholesale'),
        QUERY,
        (path, q) => check(() => ctx.service.http().get(`${path}?${q}`).timeout(5000)),
      ),
    ));

  it('GET one report', () =>
    run(
      fc.asyncProperty(FAMILY, ID, QUERY, (family, id, q) =>
        check(() =>
          ctx.service
            .http()
            .get(`/v1/reports/${family}/${encodeURIComponent(id)}?${q}`)
            .timeout(5000),
        ),
      ),
    ));

  it('GET a download link', () =>
    run(
      fc.asyncProperty(FAMILY, ID, (family, id) =>
        check(() =>
          ctx.service.http().get(`/v1/reports/${family}/${encodeURIComponent(id)}/download`),
        ),
      ),
    ));

  it('POST creates', () =>
    run(
      fc.asyncProperty(FAMILY, BODY, (family, body) =>
        check(() =>
          ctx.service
            .http()
            .post(`/v1/reports/${family}`)
            .set('content-type', 'application/json')
            .send(JSON.stringify(body)),
        ),
      ),
    ));

  it('DELETE', () =>
    run(
      fc.asyncProperty(FAMILY, ID, (family, id) =>
        check(() => ctx.service.http().delete(`/v1/reports/${family}/${encodeURIComponent(id)}`)),
      ),
    ));
});
