import { Sandbox } from '../src/sandbox/sandbox.server';
import { envVariables } from './support/env-variables';
import { createTestApp, startTestSandbox } from './support/test-app';

const LISTS = ['/v1/reports/broadworks', '/v1/reports/wholesale'];

/**
 * Where a value legitimately changes the answer, the requests that still show the service serving.
 * Everything else is asked for both full lists.
 */
const REQUESTS: Record<string, string[]> = {
  // one request per minute: the second list would rightly be a 429
  'RATE_LIMIT_PER_MINUTE=1': ['/v1/reports/wholesale'],
  // the seed's full lists are larger than 1 KiB, which a cap that low rightly refuses
  'UPSTREAM_MAX_RESPONSE_BYTES=1024': [
    '/v1/reports/broadworks?before=2001-01',
    '/v1/reports/wholesale?billingStartDate=2001-01-01&billingEndDate=2001-01-31',
  ],
};

/**
 * CONTRACT §1: a value valid on its own stays valid whatever the others are left at. Every numeric
 * variable of the Env class (found from its @Min/@Max metadata, so one added later is covered too)
 * is set alone to its lowest and its highest valid value; the service boots and serves.
 */
describe('every tuning variable set alone', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  const cases = envVariables()
    .filter((variable) => variable.numeric)
    .flatMap(({ name, min, max }) => [
      [name, String(min)],
      [name, String(max)],
    ]);

  it.each(cases)('%s=%s: boots and serves the lists', async (name, value) => {
    const service = await createTestApp(sandbox, { [name]: value });
    try {
      for (const path of REQUESTS[`${name}=${value}`] ?? LISTS) {
        const response = await service.http().get(path);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        expect(Array.isArray(response.body.items)).toBe(true);
      }
    } finally {
      await service.close();
    }
  });

  it('refuses a full list that exceeds UPSTREAM_MAX_RESPONSE_BYTES=1024 (why it is asked for less above)', async () => {
    const service = await createTestApp(sandbox, { UPSTREAM_MAX_RESPONSE_BYTES: '1024' });
    try {
      const response = await service.http().get('/v1/reports/wholesale').expect(502);
      expect(response.body.type).toBe('upstream-invalid-response');
    } finally {
      await service.close();
    }
  });
});

/** CONTRACT §1: where one variable bounds another, the tighter one wins at run time. */
describe('REQUEST_TIMEOUT_MS below UPSTREAM_DEADLINE_MS', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it('answers a throttled request with 503 and Retry-After before the request timeout cuts it', async () => {
    const service = await createTestApp(sandbox, {
      REQUEST_TIMEOUT_MS: '1000',
      UPSTREAM_DEADLINE_MS: '20000',
    });
    try {
      sandbox.addFault({ method: 'GET', path: '/wholesale', status: 429, retryAfter: '5' });
      const response = await service.http().get('/v1/reports/wholesale').expect(503);
      expect(response.body.type).toBe('upstream-throttled');
      expect(response.headers['retry-after']).toBe('5');
    } finally {
      await service.close();
    }
  });
});
