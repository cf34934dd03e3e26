import { collectStartupGarbage } from './startup-gc';

describe('collectStartupGarbage', () => {
  it('collects twice and reports the heap before and after, when the collector is exposed', () => {
    const heap = [47, 29];
    let collections = 0;
    const result = collectStartupGarbage(
      () => collections++,
      () => heap.shift() ?? -1,
    );
    expect(collections).toBe(2);
    expect(result).toEqual({ heapUsedBefore: 47, heapUsedAfter: 29 });
  });

  it('does nothing without an exposed collector (npm start)', () => {
    expect(collectStartupGarbage(undefined)).toBeNull();
    expect(collectStartupGarbage('gc')).toBeNull();
  });
});
