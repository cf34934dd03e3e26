import { MemorySharedState } from '../cache/shared-state';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { Caller } from './callers';
import { RateLimits } from './rate-limits';

class StepClock extends Clock {
  at = 1_000_000;
  override now(): number {
    return this.at;
  }
}

describe('RateLimits', () => {
  const clock = new StepClock();
  const limits = new RateLimits(new MemorySharedState(clock), {
    RATE_LIMIT_PER_MINUTE: 2,
  } as Env);
  const caller = (key: string): Caller => ({
    headers: { 'x-api-key': key },
    url: '/v1/reports/wholesale',
    ip: '127.0.0.1',
  });

  it('answers headers within the limit, then the wait until the minute window ends', async () => {
    const one = caller('key-one');
    expect(limits.countNow(one)).toEqual({
      headers: ['x-ratelimit-limit', '2', 'x-ratelimit-remaining', '1', 'x-ratelimit-reset', '60'],
    });
    clock.at += 20_500;
    expect(await limits.count(one)).toEqual({
      headers: ['x-ratelimit-limit', '2', 'x-ratelimit-remaining', '0', 'x-ratelimit-reset', '40'],
    });
    expect(limits.countNow(one)).toEqual({ retryAfterS: 40 });
    expect(limits.countNow(caller('key-two'))).toHaveProperty('headers');
    clock.at += 39_500;
    expect(limits.countNow(one)).toEqual({
      headers: ['x-ratelimit-limit', '2', 'x-ratelimit-remaining', '1', 'x-ratelimit-reset', '60'],
    });
  });
});
