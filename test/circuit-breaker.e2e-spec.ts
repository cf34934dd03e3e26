import { Sandbox, SandboxFault } from '../src/sandbox/sandbox.server';
import { capturedLogs, createTestApp, startTestSandbox, TestApp } from './support/test-app';

type LogLine = { level: number; context?: string; msg: string };
/** The Webex client's log lines at info or above since `from` (an index into capturedLogs). */
const clientLogs = (from: number): LogLine[] =>
  capturedLogs.lines
    .slice(from)
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line.context === 'WebexClient' && line.level >= 30);

/** CONTRACT §5 "retries never amplify an outage": the breaker as Webex (the sandbox) sees it. */
describe('circuit breaker', () => {
  let sandbox: Sandbox;
  let service: TestApp;
  let n = 0;

  /** A list the cache has never seen, so every call is a miss that needs Webex. */
  const uncachedList = () => service.http().get(`/v1/reports/wholesale?max=${(n += 1)}`);

  beforeEach(async () => {
    sandbox = await startTestSandbox();
    service = await createTestApp(sandbox);
  });
  afterEach(async () => {
    await service.close();
    await sandbox.close();
  });

  it.each<[string, SandboxFault]>([
    ['answers 503', { status: 503 }],
    ['answers 500', { status: 500 }],
    ['sends unreadable answers', { malformedJson: true }],
  ])(
    'stops calling Webex after 5 failures in a row when it %s, and tries again after 10 s',
    async (_name, fault) => {
      const logsFrom = capturedLogs.lines.length;
      sandbox.addFault({ method: 'GET', durationMs: 60_000, ...fault });
      for (let i = 0; i < 5; i += 1) expect((await uncachedList()).status).toBeGreaterThan(500);
      expect(sandbox.requests()).toHaveLength(5);

      for (let i = 0; i < 5; i += 1) {
        const refused = await uncachedList().expect(503);
        expect(refused.body.type).toBe('upstream-circuit-open');
        expect(refused.headers['retry-after']).toBe('10');
      }
      expect(sandbox.requests()).toHaveLength(5);

      service.clock.advance(10_000); // half-open: one trial, which fails and opens it again
      await uncachedList();
      await uncachedList().expect(503);
      expect(sandbox.requests()).toHaveLength(6);

      sandbox.reset(); // Webex recovers
      service.clock.advance(10_000);
      await uncachedList().expect(200);
      await uncachedList().expect(200);
      expect(sandbox.requests()).toHaveLength(2);
      // One line when calls stop and one when they resume, not one per failed call.
      expect(clientLogs(logsFrom).map((line) => [line.level, line.msg])).toEqual([
        [40, expect.stringContaining('Webex calls paused after 5 outage errors')],
        [30, expect.stringContaining('Webex calls resumed')],
      ]);
    },
  );

  it.each([400, 404, 423, 429])(
    'never opens on %s answers, however many in a row',
    async (status) => {
      // 423 and 429 with Retry-After 0 are retried at once, up to UPSTREAM_MAX_ATTEMPTS per request.
      sandbox.addFault({ method: 'GET', status, retryAfter: '0', times: 8 });
      while (sandbox.requests().length < 8) expect((await uncachedList()).status).not.toBe(200);
      await uncachedList().expect(200);
      expect(sandbox.requests().map((r) => r.status)).toEqual([...Array(8).fill(status), 200]);
    },
  );
});
