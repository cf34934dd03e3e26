import { randomUUID } from 'node:crypto';
import { reportFigures } from './support/figures';
import { Answer, call, statusesOf } from './support/http';
import { startLoad } from './support/load';
import { DASHBOARD_PATHS, freshListPath } from './support/paths';
import { Topology, startTopology } from './support/topology';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const failures = (answers: Answer[]) =>
  answers
    .filter((answer) => answer.status !== 200)
    .map((answer) => `${answer.status} ${answer.url} ${answer.error ?? answer.body.slice(0, 200)}`);

/** Issue 14 scenario 6, and what held before it and must keep holding: rolling restarts. */
describe('the gateway in front of two replicas', () => {
  let topology: Topology;

  beforeAll(async () => {
    topology = await startTopology();
  }, 60_000);
  afterAll(() => topology?.stop(), 60_000);

  const trackingIds = async () =>
    (await topology.sandbox.requests()).map((request) => request.headers.trackingid ?? '');

  it("keeps a caller's X-Request-Id: the service echoes it and Webex sees it in the TrackingID", async () => {
    const requestId = `dashboard-${randomUUID()}`;
    const answer = await call(`${topology.gateway.url}${freshListPath()}`, {
      headers: { 'x-request-id': requestId },
      timeoutMs: 5000,
    });
    const tracked = (await trackingIds()).filter((id) => id.includes(requestId));
    reportFigures('6 caller X-Request-Id', {
      status: answer.status,
      echoed: answer.headers.get('x-request-id'),
      tracked,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBe(requestId);
    expect(tracked).toHaveLength(1);
  });

  it('adds an X-Request-Id when the caller sent none, and Webex sees that one', async () => {
    const answer = await call(`${topology.gateway.url}${freshListPath()}`, { timeoutMs: 5000 });
    const requestId = answer.headers.get('x-request-id') ?? '';
    expect(answer.status).toBe(200);
    // nginx's $request_id: 32 hex digits (the service's own would be a UUID).
    expect(requestId).toMatch(/^[0-9a-f]{32}$/);
    expect((await trackingIds()).filter((id) => id.includes(requestId))).toHaveLength(1);
  });

  it('restarts both replicas one at a time (SIGTERM) under light load with no failed request', async () => {
    const load = startLoad({
      ratePerSecond: 8,
      urlOf: (n) => `${topology.gateway.url}${DASHBOARD_PATHS[n % DASHBOARD_PATHS.length]}`,
      timeoutMs: 10_000,
    });
    const exits: unknown[] = [];
    await sleep(1000);
    for (const replica of topology.replicas) {
      await replica.stop();
      exits.push(await replica.process().exited);
      await replica.start();
      await sleep(1000);
    }
    const answers = await load.stop();
    reportFigures('rolling restart', {
      requests: answers.length,
      statuses: statusesOf(answers),
      exits,
    });
    expect(failures(answers)).toEqual([]);
    expect(answers.length).toBeGreaterThan(20);
    expect(exits).toEqual([0, 0]);
  });
});
