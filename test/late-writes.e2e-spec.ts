import { setTimeout as sleep } from 'node:timers/promises';
import { RequestContext } from '../src/request-context';
import { Sandbox } from '../src/sandbox/sandbox.server';
import { SEED_IDS } from '../src/sandbox/sandbox.seed';
import { WebexApiError } from '../src/webex/webex-api.error';
import { WebexClient } from '../src/webex/webex.client';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

const BROADWORKS = 'broadworks/billing/reports';

/**
 * CONTRACT §4: a POST or DELETE is never sent to Webex after its caller has been answered, whatever
 * held it. Webex is the sandbox; its request log is what Webex would have received.
 */
describe('writes after the answer', () => {
  let sandbox: Sandbox;
  let service: TestApp;

  beforeEach(async () => {
    sandbox = await startTestSandbox();
  });
  afterEach(async () => {
    await service.close();
    await sandbox.close();
  });

  it('never sends a create that waited for another with its Idempotency-Key past its own answer', async () => {
    service = await createTestApp(sandbox, {
      REQUEST_TIMEOUT_MS: '1000',
      UPSTREAM_DEADLINE_MS: '1000',
      UPSTREAM_TIMEOUT_MS: '1000',
    });
    // The first create times out at Webex, then its reconciling list does too: it holds the key ~2 s.
    sandbox.addFault({ method: 'POST', delayMs: 2500 });
    sandbox.addFault({ method: 'GET', delayMs: 2500, durationMs: 5000 });
    const create = () =>
      service
        .http()
        .post('/v1/reports/broadworks')
        .set('idempotency-key', 'one-create')
        .send({ billingPeriod: '2026-06' })
        .then((r) => r);
    const began = Date.now();
    const first = create();
    await sleep(100);
    const second = await create();
    expect(second.status).toBe(503);
    expect(second.body.type).toBe('request-timeout');
    expect(Date.now() - began).toBeLessThan(1900); // at its own timeout, not when the first is done
    expect((await first).body.type).toBe('request-timeout');

    await sleep(3500 - (Date.now() - began)); // the first has let go of the key by now (~2 s)
    expect(sandbox.count('POST')).toBe(1);
  });

  /** The WebexClient of the app, called as a route handler calls it, in a caller's RequestContext. */
  describe('in the client (its holders last longer than a request here)', () => {
    let client: WebexClient;
    /** A caller answered after `answerAfterMs`, as the request-context hook sets one up. */
    const asCaller = <T>(
      answerAfterMs: number,
      call: (caller: RequestContext) => Promise<T>,
    ): Promise<T> => {
      const answered = new AbortController();
      setTimeout(() => answered.abort(), answerAfterMs).unref();
      const context: RequestContext = {
        requestId: 'late-write',
        upstreamCalls: 0,
        deadline: Date.now() + answerAfterMs,
        answered: answered.signal,
      };
      return call(context);
    };
    const failureOf = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: WebexApiError) => error,
      );

    it.each([
      [
        'POST',
        (caller: RequestContext) => client.post(BROADWORKS, { billingPeriod: '2026-07' }, caller),
      ],
      [
        'DELETE',
        (caller: RequestContext) =>
          client.delete(`${BROADWORKS}/${SEED_IDS.broadworksCompleted}`, caller),
      ],
    ])(
      'never sends a %s that waited for the bulkhead past its caller’s answer',
      async (method, write) => {
        service = await createTestApp(sandbox, { UPSTREAM_MAX_CONCURRENCY: '1' });
        client = service.app.get(WebexClient);
        sandbox.addFault({ method: 'GET', delayMs: 1500 });
        const slowGet = client.get(BROADWORKS, undefined); // no caller: it holds the only slot for 1.5 s
        await sleep(50);
        const held = failureOf(asCaller(600, write));
        const heldGet = asCaller(600, (caller) => client.get(`${BROADWORKS}?max=2`, caller));

        const error = await held;
        expect(error).toBeInstanceOf(WebexApiError);
        expect(error?.failure).toBe('too-late');
        expect(error?.details.mayHaveReached).toBe(false);
        await slowGet;
        await heldGet; // a read still completes: it fills the cache for other callers
        expect(sandbox.count(method)).toBe(0);
        expect(sandbox.count('GET')).toBe(2);
      },
    );

    it('never sends a POST that a 429 cooldown would hold past its caller’s answer', async () => {
      service = await createTestApp(sandbox);
      client = service.app.get(WebexClient);
      sandbox.addFault({ method: 'GET', status: 429, retryAfter: '1' });
      const throttled = client.get(BROADWORKS, undefined); // cools the credential down for 1 s, then succeeds
      await sleep(100);
      const began = Date.now();
      const error = await failureOf(
        asCaller(600, (caller) => client.post(BROADWORKS, { billingPeriod: '2026-08' }, caller)),
      );
      expect(Date.now() - began).toBeLessThan(300); // refused at once, with Retry-After, not cut later
      expect(error?.status).toBe(429);
      expect(error?.details.mayHaveReached).toBe(false);
      expect(error?.details.retryAfterS).toBe(1);
      await throttled;
      await sleep(500);
      expect(sandbox.count('POST')).toBe(0);
    });
  });
});
