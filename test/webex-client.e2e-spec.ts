import { Socket } from 'node:net';
import { Sandbox } from '../src/sandbox/sandbox.server';
import { SEED_IDS } from '../src/sandbox/sandbox.seed';
import { Sleeper } from './support/test-clock';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

/** A wait for a cooldown of a second or more, not some shorter poll. */
const coolingDown = (sleeper: Sleeper) => sleeper.ms >= 900;

/** CONTRACT §5 as Webex (the sandbox) sees it; a fresh service per spec, so budgets and cooldowns start clean. */
describe('Webex client', () => {
  let sandbox: Sandbox;
  let service: TestApp;

  const start = async (env: Record<string, string> = {}) => {
    service = await createTestApp(sandbox, env);
    return service;
  };
  /** Spends successful requests so the retry budget (20 % of the last minute's requests) has room. */
  const warmUp = async (n = 5) => {
    for (let i = 0; i < n; i += 1)
      await service
        .http()
        .get(`/v1/reports/wholesale?max=${i + 1}`)
        .set('cache-control', 'no-cache')
        .expect(200);
    sandbox.reset();
  };

  beforeEach(async () => {
    sandbox = await startTestSandbox();
  });
  afterEach(async () => {
    await service?.close();
    await sandbox.close();
  });

  describe('429 and 423', () => {
    it('waits Retry-After seconds once, then succeeds', async () => {
      await start();
      sandbox.addFault({ method: 'GET', status: 429, retryAfter: '1' });
      const answer = service
        .http()
        .get('/v1/reports/wholesale')
        .then((r) => r); // supertest sends on then()
      const [cooldown] = await service.clock.untilSleeping(coolingDown);
      expect(sandbox.requests().map((r) => r.status)).toEqual([429]);
      // A fresh app's clock still reads real time, as the sandbox's log does.
      expect(cooldown.wakeAt - sandbox.requests()[0].at).toBeGreaterThanOrEqual(950);
      service.clock.advance(cooldown.ms);
      expect((await answer).status).toBe(200);
      expect(sandbox.requests().map((r) => r.status)).toEqual([429, 200]);
    });

    it('waits until a Retry-After HTTP date', async () => {
      await start();
      const at = new Date(Math.ceil((service.clock.now() + 1500) / 1000) * 1000);
      sandbox.addFault({ method: 'GET', status: 429, retryAfter: at.toUTCString() });
      const answer = service
        .http()
        .get('/v1/reports/broadworks')
        .then((r) => r);
      const [cooldown] = await service.clock.untilSleeping(coolingDown);
      expect(cooldown.wakeAt).toBeGreaterThanOrEqual(at.getTime() - 5);
      expect(sandbox.requests().map((r) => r.status)).toEqual([429]);
      service.clock.advance(cooldown.wakeAt - service.clock.now());
      expect((await answer).status).toBe(200);
      expect(sandbox.requests().map((r) => r.status)).toEqual([429, 200]);
    });

    it.each([
      ['absent', undefined],
      ['garbage', 'rand(30),add(30)'],
    ])('backs off when Retry-After is %s', async (_name, retryAfter) => {
      await start();
      sandbox.addFault({ method: 'GET', status: 429, retryAfter, times: 2 });
      await service.clock.skipSleeps(() => service.http().get('/v1/reports/wholesale').expect(200));
      expect(sandbox.requests().map((r) => r.status)).toEqual([429, 429, 200]);
      // Backoff with full jitter: at most 200 ms after the first attempt, 400 ms after the second.
      expect(service.clock.slept.every((ms) => ms <= 400)).toBe(true);
    });

    it('sends nothing to Webex during a 429 cooldown, for any route', async () => {
      await start();
      sandbox.addFault({
        method: 'GET',
        path: '/wholesale/billing/reports',
        status: 429,
        retryAfter: '2',
      });
      const first = service
        .http()
        .get('/v1/reports/wholesale?type=USER')
        .then((r) => r);
      const [cooldown] = await service.clock.untilSleeping(coolingDown);
      const others = Promise.all([
        service
          .http()
          .get('/v1/reports/broadworks')
          .then((r) => r),
        service
          .http()
          .get(`/v1/reports/wholesale/${SEED_IDS.wholesaleCompleted}`)
          .then((r) => r),
      ]);
      const sleepers = await service.clock.untilSleeping(coolingDown, 3);
      expect(sandbox.requests()).toHaveLength(1);
      // All three hold until the one instant the cooldown ends, 2 s after the 429 (each sleep's own
      // reading of the clock may differ by a millisecond).
      expect(cooldown.wakeAt - sandbox.requests()[0].at).toBeGreaterThanOrEqual(1990);
      for (const sleeper of sleepers)
        expect(Math.abs(sleeper.wakeAt - cooldown.wakeAt)).toBeLessThanOrEqual(5);
      service.clock.advance(cooldown.wakeAt - service.clock.now());
      const answers = await Promise.all([first, others]);
      expect(answers[0].status).toBe(200);
      expect(answers[1].map((answer) => answer.status)).toEqual([200, 200]);
      expect(sandbox.requests().map((r) => r.status)).toEqual([429, 200, 200, 200]);
    });

    it('answers 503 upstream-throttled with Retry-After when the wait would pass the deadline', async () => {
      await start({ UPSTREAM_DEADLINE_MS: '1000', UPSTREAM_TIMEOUT_MS: '500' });
      sandbox.addFault({ method: 'GET', status: 429, retryAfter: '30' });
      const began = Date.now();
      const response = await service.http().get('/v1/reports/wholesale').expect(503);
      expect(Date.now() - began).toBeLessThan(900);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.type).toBe('upstream-throttled');
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(29);
      const during = await service.http().get('/v1/reports/broadworks').expect(503);
      expect(during.body.type).toBe('upstream-throttled');
      expect(sandbox.requests()).toHaveLength(1);
    });

    it('answers 503 at once rather than wait out a cooldown that leaves no time for the attempt', async () => {
      await start({ UPSTREAM_DEADLINE_MS: '1000', UPSTREAM_TIMEOUT_MS: '500' });
      sandbox.addFault({ method: 'GET', status: 429, retryAfter: '1' });
      const began = Date.now();
      const response = await service.http().get('/v1/reports/wholesale').expect(503);
      expect(response.body.type).toBe('upstream-throttled');
      expect(response.headers['retry-after']).toBe('1');
      expect(Date.now() - began).toBeLessThan(500);
    });

    it('cools down only the locked resource after a 423', async () => {
      await start({ UPSTREAM_DEADLINE_MS: '1000', UPSTREAM_TIMEOUT_MS: '500' });
      sandbox.addFault({
        method: 'GET',
        path: `/wholesale/billing/reports/${SEED_IDS.wholesaleFailed}`,
        status: 423,
        retryAfter: '30',
      });
      const locked = await service
        .http()
        .get(`/v1/reports/wholesale/${SEED_IDS.wholesaleFailed}`)
        .expect(503);
      expect(locked.body.type).toBe('upstream-locked');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(29);
      await service.http().get(`/v1/reports/wholesale/${SEED_IDS.wholesaleUser}`).expect(200);
      await service.http().get('/v1/reports/wholesale').expect(200);
      await service
        .http()
        .get(`/v1/reports/wholesale/${SEED_IDS.wholesaleFailed}`)
        .set('cache-control', 'no-cache')
        .expect(503);
      expect(sandbox.count('GET', `/wholesale/billing/reports/${SEED_IDS.wholesaleFailed}`)).toBe(
        1,
      );
    });
  });

  describe('writes and outcomes', () => {
    it('reconciles a create whose socket died after Webex created the report: one POST, 202 with it', async () => {
      await start();
      sandbox.addFault({ method: 'POST', destroy: 'after' });
      const response = await service
        .http()
        .post('/v1/reports/wholesale')
        .send({ billingStartDate: '2026-03-01', billingEndDate: '2026-03-31', type: 'USER' })
        .expect(202);
      expect(sandbox.count('POST')).toBe(1);
      const [created] = sandbox.createdReports();
      expect(response.body.id).toBe(created.id);
      expect(new URL(response.headers.location).pathname).toBe(
        `/v1/reports/wholesale/${created.id}`,
      );
    });

    it('reconciles a BroadWorks create the same way', async () => {
      await start();
      sandbox.addFault({ method: 'POST', destroy: 'after' });
      const response = await service
        .http()
        .post('/v1/reports/broadworks')
        .send({ billingPeriod: '2026-04' })
        .expect(202);
      expect(sandbox.count('POST')).toBe(1);
      expect(response.body.id).toBe(sandbox.createdReports()[0].id);
    });

    it('answers 504 upstream-outcome-unknown when nothing was created, without sending the POST again', async () => {
      await start();
      await warmUp();
      sandbox.addFault({ method: 'POST', destroy: 'before' });
      const response = await service
        .http()
        .post('/v1/reports/broadworks')
        .send({ billingPeriod: '2026-05' })
        .expect(504);
      expect(response.body.type).toBe('upstream-outcome-unknown');
      expect(sandbox.count('POST')).toBe(1);
      expect(sandbox.createdReports()).toHaveLength(0);
    });

    it('never retries a create after a 500, nor a delete after a timeout', async () => {
      await start({ UPSTREAM_TIMEOUT_MS: '300' });
      await warmUp();
      sandbox.addFault({ method: 'POST', status: 500 });
      await service
        .http()
        .post('/v1/reports/broadworks')
        .send({ billingPeriod: '2026-06' })
        .expect(502);
      sandbox.addFault({ method: 'DELETE', delayMs: 1000 });
      const timedOut = await service
        .http()
        .delete(`/v1/reports/broadworks/${SEED_IDS.broadworksCompleted}`)
        .expect(504);
      expect(timedOut.body.type).toBe('upstream-outcome-unknown');
      expect(sandbox.count('POST')).toBe(1);
      expect(sandbox.count('DELETE')).toBe(1);
    });

    it.each([
      ['its socket is reset after Webex deleted the report', { destroy: 'after' as const }, 404],
      ['Webex answers 502', { status: 502 }, 204],
      ['Webex answers 504', { status: 504 }, 204],
    ])(
      'answers a DELETE 504 upstream-outcome-unknown when %s, sent once; sending it again is safe',
      async (_name, fault, again) => {
        await start();
        await warmUp();
        sandbox.addFault({ method: 'DELETE', ...fault });
        const path = `/v1/reports/wholesale/${SEED_IDS.wholesaleCompleted}`;
        const response = await service.http().delete(path).expect(504);
        expect(response.body).toMatchObject({
          type: 'upstream-outcome-unknown',
          title: 'The outcome of the write at Webex is unknown',
        });
        expect(sandbox.count('DELETE')).toBe(1);
        await service.http().delete(path).expect(again);
      },
    );

    it('retries a GET whose socket was destroyed, and succeeds', async () => {
      await start();
      await warmUp();
      sandbox.addFault({ method: 'GET', destroy: 'before' });
      await service.http().get('/v1/reports/broadworks').expect(200);
      expect(sandbox.requests().map((r) => r.status)).toEqual([0, 200]);
    });

    it('retries a GET on 503 and on malformed JSON', async () => {
      await start();
      await warmUp(10);
      sandbox.addFault({ method: 'GET', status: 503 });
      await service.http().get('/v1/reports/wholesale?type=USER').expect(200);
      sandbox.addFault({ method: 'GET', malformedJson: true });
      await service.http().get('/v1/reports/wholesale?type=PARTNER').expect(200);
      expect(sandbox.requests().map((r) => r.status)).toEqual([503, 200, 200, 200]);
    });

    it('times out a slow attempt and answers 504 upstream-timeout', async () => {
      await start({ UPSTREAM_TIMEOUT_MS: '200', UPSTREAM_DEADLINE_MS: '400' });
      sandbox.addFault({ method: 'GET', delayMs: 2000, durationMs: 5000 });
      const response = await service.http().get('/v1/reports/wholesale').expect(504);
      expect(response.body.type).toBe('upstream-timeout');
    });

    it('ends an attempt at UPSTREAM_TIMEOUT_MS even while Webex keeps sending bytes', async () => {
      // axios' own timeout only notices a silent socket; at 20 ms a byte the list takes over a minute.
      await start({ UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_DEADLINE_MS: '400' });
      sandbox.addFault({ method: 'GET', trickleMs: 20, durationMs: 5000 });
      const response = await service.http().get('/v1/reports/wholesale').expect(504);
      expect(response.body.type).toBe('upstream-timeout');
    });
  });

  describe('hardening', () => {
    it('follows no redirect', async () => {
      await start();
      sandbox.addFault({
        method: 'GET',
        status: 302,
        headers: { location: `${sandbox.baseUrl}/broadworks/billing/reports` },
      });
      const response = await service.http().get('/v1/reports/wholesale').expect(502);
      expect(response.body.type).toBe('upstream-unavailable');
      expect(sandbox.requests()).toHaveLength(1);
    });

    it('ignores proxy variables of the environment', async () => {
      await start();
      const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy };
      process.env.HTTP_PROXY = process.env.http_proxy = 'http://127.0.0.1:9';
      try {
        await service.http().get('/v1/reports/broadworks').expect(200);
      } finally {
        for (const [key, value] of Object.entries(saved))
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
      }
      expect(sandbox.requests()).toHaveLength(1);
    });

    it('reuses one upstream socket without touching its TCP keep-alive on every call', async () => {
      await start();
      const port = Number(new URL(sandbox.baseUrl).port);
      const settings = new Map<Socket, string[]>();
      const spy = jest.spyOn(Socket.prototype, 'setKeepAlive');
      try {
        for (const max of [1, 2, 3, 4])
          await service.http().get(`/v1/reports/wholesale?max=${max}`).expect(200);
        for (const [index, call] of spy.mock.calls.entries()) {
          const socket = spy.mock.contexts[index] as Socket;
          if (socket.remotePort === port)
            settings.set(socket, [...(settings.get(socket) ?? []), JSON.stringify(call)]);
        }
      } finally {
        spy.mockRestore();
      }
      // axios sets 60 s on each socket it is handed; a pool with another delay sets it back on release.
      expect([...settings.values()]).toEqual([expect.any(Array)]);
      expect(new Set([...settings.values()][0])).toEqual(new Set([JSON.stringify([true, 60_000])]));
    });

    it('refuses an answer larger than UPSTREAM_MAX_RESPONSE_BYTES', async () => {
      await start({ UPSTREAM_MAX_RESPONSE_BYTES: '2048' });
      const response = await service.http().get('/v1/reports/wholesale').expect(502);
      expect(response.body.type).toBe('upstream-invalid-response');
    });
  });

  describe('during a total outage', () => {
    it('keeps upstream attempts within 1.2 per caller request, from a fresh start', async () => {
      await start();
      sandbox.addFault({ status: 503, durationMs: 60_000 });
      const requests = 40;
      for (let i = 0; i < requests; i += 1) {
        const response = await service
          .http()
          .get(
            `/v1/reports/wholesale?max=${(i % 100) + 1}&type=${['USER', 'PARTNER', 'CUSTOMER'][i % 3]}`,
          );
        expect(response.status).toBeGreaterThanOrEqual(502);
      }
      expect(sandbox.requests().length).toBeLessThanOrEqual(requests * 1.2);
    });

    it('keeps at most UPSTREAM_MAX_CONCURRENCY requests in flight to Webex', async () => {
      await start({ UPSTREAM_MAX_CONCURRENCY: '3' });
      sandbox.addFault({ method: 'GET', delayMs: 150, durationMs: 10_000 });
      const calls = Array.from({ length: 9 }, (_, i) =>
        service.http().get(`/v1/reports/wholesale?max=${i + 1}`),
      );
      await Promise.all(calls);
      const starts = sandbox
        .requests()
        .map((r) => r.at)
        .sort((a, b) => a - b);
      for (let i = 3; i < starts.length; i += 1)
        expect(starts[i] - starts[i - 3]).toBeGreaterThanOrEqual(140);
    });
  });
});
