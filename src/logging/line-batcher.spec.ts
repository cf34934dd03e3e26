import { LineBatcher } from './line-batcher';

/** A sink that copies each chunk as it is written, as the real one writes it before returning. */
const sink = () => {
  const writes: string[] = [];
  let synced = 0;
  return {
    writes,
    synced: () => synced,
    write: (chunk: Buffer) => writes.push(chunk.toString('utf8')),
    flushSync: () => (synced += 1),
  };
};

describe('LineBatcher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('hands lines over in order, in one write, once the delay has passed', () => {
    const out = sink();
    const batcher = new LineBatcher(out, { maxDelayMs: 100, maxBytes: 1000 });
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

  it('writes the batch at once when the next line might not fit, and reuses its memory', () => {
    const out = sink();
    const batcher = new LineBatcher(out, { maxDelayMs: 100, maxBytes: 12 });
    batcher.write('ab\n'); // room for 9 bytes
    batcher.write('c\n'); // 3 + 6 ≤ 12
    expect(out.writes).toEqual([]);
    batcher.write('de\n'); // 5 + 9 > 12: the batch goes first
    expect(out.writes).toEqual(['ab\nc\n']);
    batcher.write('f\n');
    jest.advanceTimersByTime(100);
    expect(out.writes).toEqual(['ab\nc\n', 'de\nf\n']);
    jest.advanceTimersByTime(1000);
    expect(out.writes).toHaveLength(2);
  });

  it('keeps multi-byte characters whole, across batches', () => {
    const out = sink();
    const batcher = new LineBatcher(out, { maxDelayMs: 100, maxBytes: 16 });
    const lines = ['é€\n', '😀\n', 'ü\n', '日本\n', 'x\n'];
    for (const line of lines) batcher.write(line);
    batcher.flush();
    expect(out.writes.length).toBeGreaterThan(1);
    expect(out.writes.join('')).toBe(lines.join(''));
    expect(out.writes.every((chunk) => !chunk.includes('\uFFFD'))).toBe(true);
  });

  it('writes a line too long for the buffer on its own, after the lines before it', () => {
    const out = sink();
    const batcher = new LineBatcher(out, { maxDelayMs: 100, maxBytes: 12 });
    batcher.write('a\n');
    const long = `${'x'.repeat(20)}\n`;
    batcher.write(long);
    expect(out.writes).toEqual(['a\n', long]);
    batcher.write('b\n');
    jest.advanceTimersByTime(100);
    expect(out.writes).toEqual(['a\n', long, 'b\n']);
  });

  it('writes what is pending and syncs the sink on flushSync', () => {
    const out = sink();
    const batcher = new LineBatcher(out, { maxDelayMs: 100, maxBytes: 1000 });
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
