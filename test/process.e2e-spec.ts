import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox } from '../src/sandbox/sandbox.server';
import { freePort, startMain, waitUntilLive } from './support/process';
import { TEST_REDIS_URL } from './support/redis';
import { SECRETS, startTestSandbox } from './support/test-app';

const outputWithin = async (started: { output(): string }, pattern: RegExp, ms: number) => {
  for (const until = Date.now() + ms; Date.now() < until;)
    if (pattern.test(started.output())) return true;
    else await new Promise((r) => setTimeout(r, 20));
  return pattern.test(started.output());
};

/** The built service as a process: boot validation, the bundled sandbox, and SIGTERM (CONTRACT §1, §7). */
describe('the service process', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it('refuses invalid configuration before listening, one line per problem naming the variable', async () => {
    const port = await freePort();
    const started = startMain({
      PORT: String(port),
      CACHE_STORE: 'disk',
      UPSTREAM_MAX_ATTEMPTS: 'many',
      WEBEX_ACCESS_TOKEN: 'sandbox-token',
    });
    expect(await started.exit).toBe(1);
    const lines = started.output().trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^config error: CACHE_STORE: /),
      expect.stringMatching(/^config error: UPSTREAM_MAX_ATTEMPTS: /),
    ]);
  });

  it('reads .env from its working directory, and real variables win over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bff-env-'));
    writeFileSync(join(dir, '.env'), 'CACHE_STORE=disk\nUPSTREAM_MAX_ATTEMPTS=0\n');
    const started = startMain(
      {
        PORT: String(await freePort()),
        WEBEX_ACCESS_TOKEN: 'sandbox-token',
        UPSTREAM_MAX_ATTEMPTS: '3',
      },
      dir,
    );
    expect(await started.exit).toBe(1);
    expect(started.output().trim().split('\n')).toEqual([
      expect.stringMatching(/^config error: CACHE_STORE: /),
    ]);
  });

  it('refuses to start in production without Webex credentials or API keys', async () => {
    const started = startMain({ NODE_ENV: 'production', PORT: String(await freePort()) });
    expect(await started.exit).toBe(1);
    expect(started.output()).toMatch(/config error: WEBEX_ACCESS_TOKEN: no Webex credentials/);
    expect(started.output()).toMatch(/config error: API_KEYS: /);
  });

  it('starts the bundled sandbox without credentials outside production, and says so', async () => {
    const port = await freePort();
    const started = startMain({ NODE_ENV: 'development', PORT: String(port) });
    try {
      await waitUntilLive(port);
      const list = (await (
        await fetch(`http://127.0.0.1:${port}/v1/reports/broadworks`)
      ).json()) as { items: unknown[] };
      expect(list.items.length).toBeGreaterThan(0);
      expect(started.output()).toMatch(
        /using the bundled Webex sandbox at http:\/\/127\.0\.0\.1:\d+\/v1/,
      );
      // As the image starts it (--expose-gc): boot's garbage is collected before the first request.
      await expect(
        outputWithin(started, /startup garbage collected: heap used [\d.]+ → [\d.]+ MiB/, 1000),
      ).resolves.toBe(true);
      // Log lines go out in batches within 100 ms, not only at shutdown.
      await expect(outputWithin(started, /"msg":"request"/, 1000)).resolves.toBe(true);
    } finally {
      started.child.kill('SIGTERM');
      expect(await started.exit).toBe(0);
    }
  });

  it.each([
    ['memory', {}],
    ['redis', { CACHE_STORE: 'redis', REDIS_URL: TEST_REDIS_URL }],
  ])(
    'on SIGTERM (%s store) finishes the request in flight, then exits 0',
    async (store, storeEnv) => {
      if (store === 'redis' && process.env.REDIS_TESTS === 'off') return; // global setup said why
      const port = await freePort();
      const started = startMain({
        PORT: String(port),
        WEBEX_BASE_URL: sandbox.baseUrl,
        WEBEX_ACCESS_TOKEN: 'sandbox-token',
        ...storeEnv,
      });
      await waitUntilLive(port);
      sandbox.addFault({ method: 'GET', path: '/wholesale', delayMs: 1200 });
      const slow = fetch(`http://127.0.0.1:${port}/v1/reports/wholesale?type=USER`);
      await new Promise((r) => setTimeout(r, 300));
      started.child.kill('SIGTERM');
      const response = await slow;
      expect(response.status).toBe(200);
      expect(((await response.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
      expect(await started.exit).toBe(0);
      await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
      for (const secret of SECRETS) expect(started.output()).not.toContain(secret);
      expect(started.output()).toMatch(/"msg":"request"/);
    },
  );
});
