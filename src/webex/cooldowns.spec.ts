import { Clock } from '../clock';
import { MetricsService } from '../metrics/metrics.service';
import { MemorySharedState } from '../state/shared-state';
import { Cooldowns, MIN_ATTEMPT_MS } from './cooldowns';
import { WebexApiError } from './webex-api.error';

/** A clock that only moves when slept on: every wait is recorded, none takes real time. */
class SleepingClock extends Clock {
  at = 1_000_000;
  readonly slept: number[] = [];
  override now(): number {
    return this.at;
  }
  override sleep(ms: number): Promise<void> {
    this.slept.push(ms);
    this.at += ms;
    return Promise.resolve();
  }
}

const setUp = () => {
  const clock = new SleepingClock();
  const state = new MemorySharedState(clock);
  return { clock, state, cooldowns: new Cooldowns(state, clock, new MetricsService()) };
};

describe('Cooldowns', () => {
  it('holds every resource of the credential after a 429, until the instant it ends', async () => {
    const { clock, cooldowns } = setUp();
    await cooldowns.start('scope', null, 2000);
    clock.at += 500;
    await cooldowns.waitFor('scope', '/any/path', clock.at + 10_000);
    expect(clock.slept).toEqual([1500]);
    await cooldowns.waitFor('scope', '/any/path', clock.at + 10_000);
    expect(clock.slept).toEqual([1500]);
  });

  it('holds only the locked resource after a 423', async () => {
    const { clock, cooldowns } = setUp();
    await cooldowns.start('scope', '/locked', 1000);
    await cooldowns.waitFor('scope', '/other', clock.at + 10_000);
    expect(clock.slept).toEqual([]);
    await cooldowns.waitFor('scope', '/locked', clock.at + 10_000);
    expect(clock.slept).toEqual([1000]);
  });

  it('keeps the later end when a shorter cooldown starts during a longer one', async () => {
    const { clock, cooldowns } = setUp();
    await cooldowns.start('scope', null, 3000);
    await cooldowns.start('scope', null, 1000);
    await cooldowns.waitFor('scope', '/path', clock.at + 10_000);
    expect(clock.slept).toEqual([3000]);
  });

  it('refuses to wait out a cooldown that leaves no time for the attempt, telling when to return', async () => {
    const { clock, cooldowns } = setUp();
    await cooldowns.start('scope', null, 2500);
    const deadline = clock.at + 2500 + MIN_ATTEMPT_MS - 1;
    const refused = await cooldowns.waitFor('scope', '/path', deadline).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WebexApiError);
    expect(refused).toMatchObject({
      failure: 'cooldown',
      status: 429,
      details: { retryAfterS: 3, mayHaveReached: false },
    });
    expect(clock.slept).toEqual([]);
    await cooldowns.waitFor('scope', '/path', deadline + 1);
    expect(clock.slept).toEqual([2500]);
  });

  it('keeps credentials apart', async () => {
    const { clock, cooldowns } = setUp();
    await cooldowns.start('one', null, 1000);
    await cooldowns.waitFor('two', '/path', clock.at + 10_000);
    expect(clock.slept).toEqual([]);
  });
});
