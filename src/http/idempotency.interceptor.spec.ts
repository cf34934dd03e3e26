import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, Observable, of } from 'rxjs';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { MemorySharedState } from '../state/shared-state';
import { WebexTokenService } from '../webex/webex-token.service';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * A store where another replica, holding the key's lock, remembers its answer and lets the lock go
 * right after this replica's first read found nothing: the window between "not remembered yet" and
 * "claim the lock" that two replicas hit under load (seen as two reports for one key).
 */
class OtherHolderFinishes extends MemorySharedState {
  private reads = 0;

  constructor(
    clock: Clock,
    private readonly remembered: string,
  ) {
    super(clock);
  }

  override async get(key: string): Promise<string | null> {
    const value = await super.get(key);
    if (!key.endsWith(':lock') && this.reads++ === 0) {
      await super.set(key, this.remembered, 60_000);
      await super.delete(`${key}:lock`);
    }
    return value;
  }
}

function contextFor(body: unknown, headers: Record<string, string>) {
  const replyHeaders = new Map<string, string>();
  const reply = {
    header: (name: string, value: string) => replyHeaders.set(name, value),
    getHeader: (name: string) => replyHeaders.get(name),
  };
  const request = { url: '/v1/reports/wholesale', headers, body };
  const context = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
  return { context, replyHeaders };
}

describe('IdempotencyInterceptor claim', () => {
  it('reads the key again under the lock, so a request is not run after another replica answered it', async () => {
    const clock = new Clock();
    const body = { type: 'PARTNER', billingStartDate: '2026-01-01', billingEndDate: '2026-01-31' };
    const first = { id: 'from-the-other-replica' };
    // The fingerprint is the body's; learn it by letting a plain store remember a first run.
    const plain = new MemorySharedState(clock);
    const env = { IDEMPOTENCY_TTL_S: 60 } as Env;
    const token = { scope: 'org' } as WebexTokenService;
    const learn = new IdempotencyInterceptor(plain, token, env, clock);
    const { context } = contextFor(body, { 'idempotency-key': 'k' });
    await lastValueFrom(learn.intercept(context, { handle: () => of(first) }));
    const [storeKey] = [...(plain as unknown as { values: Map<string, unknown> }).values.keys()];
    const remembered = await plain.get(storeKey);

    const racing = new OtherHolderFinishes(clock, remembered!);
    const interceptor = new IdempotencyInterceptor(racing, token, env, clock);
    let runs = 0;
    const next: CallHandler = {
      handle: () =>
        new Observable((subscriber) => {
          runs += 1;
          subscriber.next({ id: 'a-second-report' });
          subscriber.complete();
        }),
    };
    const again = contextFor(body, { 'idempotency-key': 'k' });
    const answer = await lastValueFrom(interceptor.intercept(again.context, next));

    expect(runs).toBe(0);
    expect(answer).toEqual(first);
    expect(again.replyHeaders.get('idempotent-replay')).toBe('true');
    expect(await racing.get(`${storeKey}:lock`)).toBeNull();
  });
});
