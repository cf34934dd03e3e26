import { setTimeout as sleep } from 'node:timers/promises';
import { Sandbox } from '../src/sandbox/sandbox.server';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

/** CONTRACT §5: calls the concurrency bulkhead queued are still their own caller's calls. */
describe('Webex calls queued behind the bulkhead', () => {
  let sandbox: Sandbox;
  let service: TestApp;

  beforeEach(async () => {
    sandbox = await startTestSandbox();
    service = await createTestApp(sandbox, { UPSTREAM_MAX_CONCURRENCY: '1' });
  });
  afterEach(async () => {
    await service.close();
    await sandbox.close();
  });

  it("carry their own caller's request id in the TrackingID", async () => {
    sandbox.addFault({ method: 'GET', delayMs: 300 });
    const list = (id: string, max: number) =>
      service
        .http()
        .get(`/v1/reports/wholesale?max=${max}`)
        .set('x-request-id', id)
        .then((r) => r);
    const first = list('caller-one', 1);
    await sleep(50);
    const second = list('caller-two', 2); // waits for the first call's slot
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect(sandbox.requests().map((r) => r.headers.trackingid)).toEqual([
      expect.stringContaining('caller-one'),
      expect.stringContaining('caller-two'),
    ]);
  });
});
