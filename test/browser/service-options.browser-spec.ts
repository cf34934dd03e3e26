import { answered, Dashboard } from './support/dashboard';
import { browserSuite } from './support/harness';

const LIMIT = 3;
const LIST = '/v1/reports/wholesale?max=1';

/** CONTRACT §7 with RATE_LIMIT_PER_MINUTE and CORS_ALLOW_CREDENTIALS, read from a dashboard page. */
describe('a dashboard on another origin, with the service options it relies on', () => {
  const suite = browserSuite({
    limited: { RATE_LIMIT_PER_MINUTE: String(LIMIT) },
    credentialed: { CORS_ALLOW_CREDENTIALS: 'true' },
  });
  let dashboard: Dashboard | undefined;

  afterEach(() => dashboard?.page.close());

  suite.it('reads X-RateLimit-* on a 200, and Retry-After on the 429 past the limit', async () => {
    dashboard = await suite.dashboard('limited');
    const answers = [];
    // no-store, as a refresh button would: each call reaches the service, not the browser's cache.
    for (let call = 0; call <= LIMIT; call += 1)
      answers.push(answered(await dashboard.request(LIST, { cache: 'no-store' })));
    expect(answers.map((seen) => seen.status)).toEqual([200, 200, 200, 429]);

    const [first, , last200, refused] = answers;
    expect(first.headers).toMatchObject({
      'x-ratelimit-limit': String(LIMIT),
      'x-ratelimit-remaining': String(LIMIT - 1),
      'x-ratelimit-reset': expect.stringMatching(/^\d+$/),
    });
    expect(last200.headers['x-ratelimit-remaining']).toBe('0');
    expect(refused.body).toMatchObject({ type: 'rate-limited', status: 429 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.headers['x-request-id']).toBe(refused.body.requestId);
  });

  suite.it("lists with credentials: 'include' when CORS_ALLOW_CREDENTIALS=true", async () => {
    dashboard = await suite.dashboard('credentialed');
    const listed = answered(await dashboard.request(LIST, { credentials: 'include' }));
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
  });
});
