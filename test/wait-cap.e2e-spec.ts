import { Sandbox } from '../src/sandbox/sandbox.server';
import { SEED_IDS } from '../src/sandbox/sandbox.seed';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const URL = `/v1/reports/broadworks/${SEED_IDS.broadworksInProgress}?waitFor=terminal&timeout=2`;

/** CONTRACT §7: long-polls are capped per caller (WAIT_MAX_PER_CALLER), then 429. */
describe('waitFor cap per caller', () => {
  let sandbox: Sandbox;
  let service: TestApp;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    service = await createTestApp(sandbox, {
      API_KEYS: 'test-api-key-1,test-api-key-2',
      WAIT_MAX_PER_CALLER: '2',
      WAIT_POLL_INTERVAL_S: '1',
    });
    // Listening here, supertest uses this server and leaves it open when a request is aborted.
    await new Promise<void>((resolve) => server().listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    server().closeAllConnections();
    await new Promise((resolve) => server().close(resolve));
    await service.close();
    await sandbox.close();
  });

  const server = () => service.app.getHttpServer();
  const waitAs = (key: string) =>
    service
      .http()
      .get(URL)
      .set('authorization', `Bearer ${key}`)
      .then((r) => r);

  it('holds two waits of one key, refuses its third with 429, and leaves another key alone', async () => {
    const held = [waitAs('test-api-key-1'), waitAs('test-api-key-1')];
    await sleep(300);
    const began = Date.now();
    const third = await waitAs('test-api-key-1');
    expect(Date.now() - began).toBeLessThan(1000);
    expect(third.status).toBe(429);
    expect(third.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(third.headers['retry-after']).toBe('1');
    expect(third.body).toMatchObject({ type: 'rate-limited', status: 429 });
    expect(third.body.detail).toMatch(/waitFor/);
    const other = await waitAs('test-api-key-2');
    expect(other.status).toBe(200);
    expect(other.headers['x-wait']).toBe('timeout');
    for (const answer of await Promise.all(held)) {
      expect(answer.status).toBe(200);
      expect(answer.headers['x-wait']).toBe('timeout');
    }
  });

  it('frees a slot when a wait ends, and when its client disconnects', async () => {
    await waitAs('test-api-key-1').then((r) => expect(r.status).toBe(200));
    const gone = service.http().get(URL).set('authorization', 'Bearer test-api-key-1');
    const abandoned = gone.then(
      () => undefined,
      () => undefined,
    );
    await sleep(200);
    gone.abort();
    await abandoned;
    await sleep(100);
    const held = [waitAs('test-api-key-1'), waitAs('test-api-key-1')];
    for (const answer of await Promise.all(held)) expect(answer.status).toBe(200);
  });
});
