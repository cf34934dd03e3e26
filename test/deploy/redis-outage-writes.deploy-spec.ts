import { randomUUID } from 'node:crypto';
import { reportFigures } from './support/figures';
import { Answer, call } from './support/http';
import { Outage, redisStalled, redisStopped } from './support/outage';
import { Topology, startTopology } from './support/topology';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Issue 14 scenario 2: no write reaches Webex after its caller was told it failed. */
describe('creates sent while Redis is away', () => {
  let topology: Topology;

  beforeAll(async () => {
    topology = await startTopology();
  }, 60_000);
  afterAll(() => topology?.stop(), 60_000);

  type Post = { label: string; requestId: string; answer: Answer; reached: number };

  /** Two creates during an outage: one with an Idempotency-Key (replica A), one without (replica B). */
  async function postsDuring(outage: Outage): Promise<Post[]> {
    const [a, b] = topology.replicas;
    const sends = [
      { label: 'with Idempotency-Key', replica: a, key: randomUUID(), period: '2023-07' },
      { label: 'without Idempotency-Key', replica: b, key: null, period: '2023-08' },
    ];
    await outage.begin();
    const began = Date.now();
    await sleep(1000);
    const answers = await Promise.all(
      sends.map(({ replica, key, period }) => {
        const requestId = `deploy-post-${randomUUID()}`;
        const headers: Record<string, string> = { 'x-request-id': requestId };
        if (key) headers['idempotency-key'] = key;
        return call(`${replica.url}/v1/reports/broadworks`, {
          method: 'POST',
          headers,
          json: { billingPeriod: period },
          timeoutMs: 20_000,
        }).then((answer) => ({ requestId, answer }));
      }),
    );
    await sleep(Math.max(0, began + 8000 - Date.now()));
    await outage.end();
    // Whatever was held for Redis has had time to go out.
    await sleep(5000);
    const log = await topology.sandbox.requests();
    return sends.map(({ label }, i) => ({
      label,
      ...answers[i],
      reached: log.filter(
        (r) => r.method === 'POST' && (r.headers.trackingid ?? '').includes(answers[i].requestId),
      ).length,
    }));
  }

  describe.each([
    ['stopped', redisStopped(() => topology)],
    ['stalled', redisStalled(() => topology)],
  ])('a POST while Redis is %s', (name, outage) => {
    let posts: Post[];

    beforeAll(async () => {
      posts = await postsDuring(outage);
      reportFigures(`2 POST while redis ${name}`, {
        posts: posts.map((p) => ({
          label: p.label,
          status: p.answer.status,
          ms: p.answer.ms,
          retryAfter: p.answer.headers.get('retry-after'),
          type: /"type":"([^"]*)"/.exec(p.answer.body)?.[1],
          reachedWebex: p.reached,
        })),
      });
    }, 60_000);

    it('never reaches Webex when answered with anything but 2xx, not even after Redis returns; a 2xx reached it exactly once', () => {
      const seen = posts.map((p) => ({
        label: p.label,
        status: p.answer.status,
        reached: p.reached,
      }));
      const allowed = posts.map((p) => ({
        label: p.label,
        status: p.answer.status,
        reached: p.answer.status >= 200 && p.answer.status < 300 ? 1 : 0,
      }));
      expect(seen).toEqual(allowed);
    });

    it('refuses the one with an Idempotency-Key with 503 and Retry-After', () => {
      const [withKey] = posts;
      expect(withKey.answer.status).toBe(503);
      expect(withKey.answer.headers.get('retry-after')).toMatch(/^\d+$/);
    });
  });
});
