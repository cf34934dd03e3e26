import { Sandbox } from '../src/sandbox/sandbox.server';
import { SEED_IDS, UNKNOWN_REPORT_ID } from '../src/sandbox/sandbox.seed';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

const ENV = { WAIT_POLL_INTERVAL_S: '1' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CONTRACT §8: `?waitFor=terminal&timeout=S` long-polls, one shared poller per report. */
describe('waitFor=terminal', () => {
  let sandbox: Sandbox;
  let service: TestApp;

  beforeEach(async () => {
    sandbox = await startTestSandbox();
    service = await createTestApp(sandbox, ENV);
  });
  afterEach(async () => {
    await service.close();
    await sandbox.close();
  });

  /** Upstream reads of one report: the waiter's first read plus the shared poller's polls. */
  const reads = (family: string, id: string) =>
    sandbox.count('GET', `/${family}/billing/reports/${id}`);
  // supertest sends on then(), so this starts the request now and lets the test go on
  const waitOn = (family: string, id: string, query: string) =>
    service
      .http()
      .get(`/v1/reports/${family}/${id}?waitFor=terminal&${query}`)
      .then((r) => r);

  it('answers at once when the report is already terminal', async () => {
    const began = Date.now();
    const answer = await service
      .http()
      .get(`/v1/reports/wholesale/${SEED_IDS.wholesaleFailed}?waitFor=terminal`)
      .expect(200);
    expect(answer.body.status).toBe('FAILED');
    expect(answer.headers['x-wait']).toBeUndefined();
    expect(answer.headers['cache-control']).toBe('no-store'); // a waiting answer is never stored
    expect(Date.now() - began).toBeLessThan(500);
  });

  it('holds the request until the sandbox flips the report to COMPLETED', async () => {
    const began = Date.now();
    const waiting = waitOn('broadworks', SEED_IDS.broadworksInProgress, 'timeout=10');
    await sleep(300);
    sandbox.setReport('broadworks', SEED_IDS.broadworksInProgress, { status: 'COMPLETED' });
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: 'COMPLETED',
      download: { url: expect.any(String) as string },
    });
    expect(answer.headers['x-wait']).toBeUndefined();
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(Date.now() - began).toBeLessThan(3000);
    const cached = await service
      .http()
      .get(`/v1/reports/broadworks/${SEED_IDS.broadworksInProgress}`)
      .expect(200);
    expect(cached.headers['x-cache']).toBe('HIT'); // the poll stored what it read
    expect(cached.body.status).toBe('COMPLETED');
  });

  it('is not cut by REQUEST_TIMEOUT_MS: a wait longer than it still ends with X-Wait: timeout', async () => {
    await service.close();
    service = await createTestApp(sandbox, {
      ...ENV,
      REQUEST_TIMEOUT_MS: '1000',
      UPSTREAM_DEADLINE_MS: '500',
      UPSTREAM_TIMEOUT_MS: '500',
    });
    const answer = await service
      .http()
      .get(`/v1/reports/wholesale/${SEED_IDS.wholesaleInProgress}?waitFor=terminal&timeout=2`)
      .expect(200);
    expect(answer.headers['x-wait']).toBe('timeout');
  });

  it('answers the current state with X-Wait: timeout when the timeout passes first', async () => {
    const began = Date.now();
    const answer = await service
      .http()
      .get(`/v1/reports/wholesale/${SEED_IDS.wholesaleInProgress}?waitFor=TERMINAL&timeout=1`)
      .expect(200);
    expect(answer.headers['x-wait']).toBe('timeout');
    expect(answer.headers['cache-control']).toBe('no-store'); // a re-poll loop must reach the service
    expect(answer.body.status).toBe('IN_PROGRESS');
    expect(answer.headers.etag).toBeDefined();
    expect(Date.now() - began).toBeGreaterThanOrEqual(950);
    expect(Date.now() - began).toBeLessThan(2500);
  });

  it('polls Webex no more for 20 concurrent waiters on one report than for one waiter', async () => {
    const alone = waitOn('broadworks', SEED_IDS.broadworksInProgress, 'timeout=10');
    const crowd = Promise.all(
      Array.from({ length: 20 }, () =>
        waitOn('wholesale', SEED_IDS.wholesaleInProgress, 'timeout=10'),
      ),
    );
    await sleep(1500); // between the first poll (~1 s) and the second (~2 s)
    sandbox.setReport('broadworks', SEED_IDS.broadworksInProgress, { status: 'COMPLETED' });
    sandbox.setReport('wholesale', SEED_IDS.wholesaleInProgress, { status: 'COMPLETED' });
    const answers = [await alone, ...(await crowd)];
    expect(answers.map((answer) => answer.body.status)).toEqual(Array(21).fill('COMPLETED'));
    const single = reads('broadworks', SEED_IDS.broadworksInProgress);
    expect(single).toBeLessThanOrEqual(3);
    expect(reads('wholesale', SEED_IDS.wholesaleInProgress)).toBeLessThanOrEqual(single);
  });

  it('stops polling when the only waiter disconnects', async () => {
    const gone = service
      .http()
      .get(`/v1/reports/wholesale/${SEED_IDS.wholesaleInProgress}?waitFor=terminal&timeout=10`)
      .timeout(300)
      .then(
        () => 'answered',
        () => 'gave up',
      );
    expect(await gone).toBe('gave up');
    await sleep(2300);
    expect(reads('wholesale', SEED_IDS.wholesaleInProgress)).toBe(1);
  });

  it('ends the wait with a 404 when the report is deleted meanwhile', async () => {
    const waiting = waitOn('wholesale', SEED_IDS.wholesaleInProgress, 'timeout=10');
    await sleep(300);
    await service
      .http()
      .delete(`/v1/reports/wholesale/${SEED_IDS.wholesaleInProgress}`)
      .expect(204);
    const answer = await waiting;
    expect(answer.status).toBe(404);
    expect(answer.body.type).toBe('not-found');
  });

  it('answers a 404 at once for an unknown report', async () => {
    await service
      .http()
      .get(`/v1/reports/broadworks/${UNKNOWN_REPORT_ID}?waitFor=terminal&timeout=5`)
      .expect(404);
  });

  it.each([
    ['timeout without waitFor', '?timeout=5', 'timeout'],
    ['an unknown waitFor', '?waitFor=completed', 'waitFor'],
    ['a timeout above 60', '?waitFor=terminal&timeout=61', 'timeout'],
    ['a timeout of 0', '?waitFor=terminal&timeout=0', 'timeout'],
    ['a fractional timeout', '?waitFor=terminal&timeout=1.5', 'timeout'],
    ['a repeated waitFor', '?waitFor=terminal&waitFor=terminal', 'waitFor'],
  ])('refuses %s with a 400 before calling Webex', async (_name, query, field) => {
    const answer = await service
      .http()
      .get(`/v1/reports/wholesale/${SEED_IDS.wholesaleInProgress}${query}`)
      .expect(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    expect(sandbox.count()).toBe(0);
  });

  it('answers waiting requests with their current state when the service shuts down', async () => {
    const other = await createTestApp(sandbox, ENV);
    const waiting = other
      .http()
      .get(`/v1/reports/wholesale/${SEED_IDS.wholesaleInProgress}?waitFor=terminal&timeout=30`)
      .then((r) => r);
    await sleep(300);
    const began = Date.now();
    await other.close();
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.headers['x-wait']).toBe('timeout');
    expect(Date.now() - began).toBeLessThan(2000);
  });
});
