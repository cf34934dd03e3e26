import { LineBatcher } from './line-batcher';

const sink = () => {
  const writes: string[] = [];
  let synced = 0;
  return {
    writes,
    synced: () => synced,
    write: (chunk: string) => writes.push(chunk),
    flushSync: () => (synced += 1),
  };
};

describe('LineBatcher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('hands lines over in order, in one write, once the delay has passed', () => {
    const out = sink();
    const batcher = new LineBatcher(out, { maxDelayMs: 100, maxChars: 1000 });
    batcher.write('a\n');
    batcher.write('b\n');
    jest.advanceTimersByTime(99);
    expect(out.writes).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(out.writes).toEqual(['a\nb\n']);
    batcher.write('c\n');
    jest.advanceTimersByTime(100);
    expect(out.writes).toEqual(['a\nb\n', 'c\n']);
  });

  it('writes at once when a batch reaches its size', () => {
    const out = sink();
    const batcher = new LineBatcher(out, { maxDelayMs: 100, maxChars: 4 });
    batcher.write('ab\n');
    expect(out.writes).toEqual([]);
    batcher.write('c\n');
    expect(out.writes).toEqual(['ab\nc\n']);
    jest.advanceTimersByTime(1000);
    expect(out.writes).toHaveLength(1);
  });

  it('writes what is pending and syncs the sink on flushSync', () => {
    const out = sink();
    const batcher = new LineBatcher(out, { maxDelayMs: 100, maxChars: 1000 });
    batcher.flushSync();
    expect(out.writes).toEqual([]);
    batcher.write('a\n');
    batcher.flushSync();
    expect(out.writes).toEqual(['a\n']);
    expect(out.synced()).toBe(2);
    jest.advanceTimersByTime(1000);
    expect(out.writes).toHaveLength(1);
  });
});
