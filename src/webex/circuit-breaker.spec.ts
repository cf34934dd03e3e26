import { Clock } from '../clock';
import { CircuitBreaker, CircuitOpenError } from './circuit-breaker';

class StoppedClock extends Clock {
  at = 1_000_000;
  override now(): number {
    return this.at;
  }
}

const outage = new Error('outage');
const refusal = new Error('4xx');

describe('CircuitBreaker', () => {
  let clock: StoppedClock;
  let breaker: CircuitBreaker;
  const fail = (error = outage) => breaker.execute(() => Promise.reject(error)).catch((e) => e);
  const succeed = () => breaker.execute(() => Promise.resolve('ok')).catch((e) => e);

  beforeEach(() => {
    clock = new StoppedClock();
    breaker = new CircuitBreaker(clock, (error) => error === outage, undefined, {
      consecutiveFailures: 3,
      halfOpenAfterMs: 1000,
    });
  });

  it('opens after that many outage errors in a row, and says for how long', async () => {
    for (let i = 0; i < 3; i += 1) expect(await fail()).toBe(outage);
    clock.at += 400;
    const refused = await succeed();
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect((refused as CircuitOpenError).retryAfterMs).toBe(1000); // never under a second
  });

  it('counts only consecutive outage errors: a success resets, a refusal neither counts nor resets', async () => {
    await fail();
    await fail();
    expect(await succeed()).toBe('ok');
    await fail();
    await fail();
    for (let i = 0; i < 3; i += 1) expect(await fail(refusal)).toBe(refusal);
    expect(await succeed()).toBe('ok');
    await fail();
    await fail();
    await fail(refusal);
    await fail();
    expect(await succeed()).toBeInstanceOf(CircuitOpenError);
  });

  it('lets exactly one trial through once half-open; its success closes the circuit', async () => {
    for (let i = 0; i < 3; i += 1) await fail();
    clock.at += 1000;
    let finish: (value: string) => void = () => undefined;
    const trial = breaker.execute(() => new Promise<string>((resolve) => (finish = resolve)));
    expect(await succeed()).toBeInstanceOf(CircuitOpenError);
    finish('trial');
    expect(await trial).toBe('trial');
    expect(await succeed()).toBe('ok');
  });

  it('opens again for a whole interval when the trial fails', async () => {
    for (let i = 0; i < 3; i += 1) await fail();
    clock.at += 1000;
    expect(await fail()).toBe(outage);
    clock.at += 999;
    expect(await succeed()).toBeInstanceOf(CircuitOpenError);
    clock.at += 1;
    expect(await succeed()).toBe('ok');
  });
});
