import { Clock } from '../clock';
import { RetryBudget } from './retry-budget';

class StepClock extends Clock {
  at = 1_000_000;
  override now(): number {
    return this.at;
  }
}

describe('RetryBudget', () => {
  it('allows no retry before any request: a total outage right after a start is not multiplied', () => {
    expect(new RetryBudget(new StepClock()).tryRetry()).toBe(false);
  });

  it('allows one retry per five requests of the last minute', () => {
    const budget = new RetryBudget(new StepClock());
    for (let i = 0; i < 4; i += 1) budget.recordRequest();
    expect(budget.tryRetry()).toBe(false);
    budget.recordRequest();
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);
    for (let i = 0; i < 5; i += 1) budget.recordRequest();
    expect(budget.tryRetry()).toBe(true);
  });

  it('forgets requests and retries older than a minute', () => {
    const clock = new StepClock();
    const budget = new RetryBudget(clock);
    for (let i = 0; i < 10; i += 1) budget.recordRequest();
    expect([budget.tryRetry(), budget.tryRetry(), budget.tryRetry()]).toEqual([true, true, false]);
    clock.at += 60_000;
    expect(budget.tryRetry()).toBe(false); // the ten requests left the window with the retries
    for (let i = 0; i < 5; i += 1) budget.recordRequest();
    expect(budget.tryRetry()).toBe(true);
  });
});
