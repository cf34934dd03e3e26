import { MemorySharedState, Window } from '../state/shared-state';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { RateLimits, Verdict } from './rate-limits';

class StepClock extends Clock {
  at = 1_000_000;
  override now(): number {
    return this.at;
  }
}

/** A shared store that answers later, as Redis does, shared by several "replicas". */
class RemoteState extends MemorySharedState {
  calls = 0;
  override hitWindowNow(): undefined {
    return undefined;
  }
  override async hitWindow(key: string, windowMs: number, hits = 1): Promise<Window> {
    this.calls += 1;
    await new Promise((resolve) => setImmediate(resolve));
    return this.countInWindow(key, windowMs, hits);
  }
}

const isPromise = (value: unknown): value is Promise<Verdict> => value instanceof Promise;

describe('RateLimits', () => {
  it('answers headers within the limit, then the wait until the minute window ends (memory)', () => {
    const clock = new StepClock();
    const limits = new RateLimits(
      new MemorySharedState(clock),
      { RATE_LIMIT_PER_MINUTE: 2 } as Env,
      clock,
    );
    expect(limits.count('key:one')).toEqual({
      headers: ['x-ratelimit-limit', '2', 'x-ratelimit-remaining', '1', 'x-ratelimit-reset', '60'],
    });
    clock.at += 20_500;
    expect(limits.count('key:one')).toEqual({
      headers: ['x-ratelimit-limit', '2', 'x-ratelimit-remaining', '0', 'x-ratelimit-reset', '40'],
    });
    expect(limits.count('key:one')).toEqual({
      headers: ['x-ratelimit-limit', '2', 'x-ratelimit-remaining', '0', 'x-ratelimit-reset', '40'],
      retryAfterS: 40,
    });
    expect(limits.count('key:two')).not.toHaveProperty('retryAfterS');
    clock.at += 39_500;
    expect(limits.count('key:one')).not.toHaveProperty('retryAfterS');
  });

  describe('with a shared store that answers later (Redis)', () => {
    const setup = (limit: number) => {
      const clock = new StepClock();
      const state = new RemoteState(clock);
      const env = { RATE_LIMIT_PER_MINUTE: limit } as Env;
      return {
        state,
        one: new RateLimits(state, env, clock),
        two: new RateLimits(state, env, clock),
      };
    };

    it('admits at once far below the limit, counting in the store all the same', async () => {
      const { state, one } = setup(100);
      const verdict = one.count('key:a');
      expect(isPromise(verdict)).toBe(false);
      expect(verdict).not.toHaveProperty('retryAfterS');
      for (let i = 0; i < 9; i += 1) expect(isPromise(one.count('key:a'))).toBe(false);
      expect(state.calls).toBe(0); // counted in a batch, not per call
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(state.calls).toBe(1);
      expect(await state.hitWindow('ratelimit:default:key:a', 60_000, 0)).toMatchObject({
        hits: 10,
      });
    });

    it('is exact across replicas near the limit', async () => {
      const { one, two } = setup(4);
      const outcomes: Verdict[] = [];
      for (const replica of [one, two, one, two, one, two])
        outcomes.push(await replica.count('key:a'));
      expect(outcomes.map((v) => (v.retryAfterS === undefined ? 200 : 429))).toEqual([
        200, 200, 200, 200, 429, 429,
      ]);
    });

    it('refuses a caller known to be over its limit without asking the store', async () => {
      const { state, one } = setup(1);
      await one.count('key:a');
      await one.count('key:a');
      const calls = state.calls;
      const verdict = one.count('key:a');
      expect(isPromise(verdict)).toBe(false);
      expect(verdict).toHaveProperty('retryAfterS');
      expect(state.calls).toBe(calls);
    });
  });
});
