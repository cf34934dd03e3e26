import { Clock } from '../clock';
import { MemorySharedState } from './shared-state';

class ManualClock extends Clock {
  at = 1_000_000;
  override now(): number {
    return this.at;
  }
}

describe('MemorySharedState rate-limit windows', () => {
  it('counts hits in a window that starts with the first hit, and starts over once it ends', async () => {
    const clock = new ManualClock();
    const state = new MemorySharedState(clock);
    expect(state.hitWindowNow('w', 60_000)).toEqual({ hits: 1, resetInMs: 60_000 });
    clock.at += 10_000;
    expect(await state.hitWindow('w', 60_000, 3)).toEqual({ hits: 4, resetInMs: 50_000 });
    expect(state.hitWindowNow('other', 60_000)).toEqual({ hits: 1, resetInMs: 60_000 });
    clock.at += 50_000;
    expect(state.hitWindowNow('w', 60_000)).toEqual({ hits: 1, resetInMs: 60_000 });
  });

  it('drops the windows of callers gone quiet, so many callers do not grow the process', () => {
    const clock = new ManualClock();
    const state = new MemorySharedState(clock);
    for (let caller = 0; caller < 999; caller += 1) state.hitWindowNow(`quiet-${caller}`, 1_000);
    clock.at += 1_000;
    state.hitWindowNow('active', 60_000); // the 1000th window opened: the quiet ones are swept
    const windows = (state as unknown as { windows: Map<string, unknown> }).windows;
    expect([...windows.keys()]).toEqual(['active']);
  });
});
