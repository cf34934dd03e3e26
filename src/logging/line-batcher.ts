/**
 * Where batches go: pino's synchronous stdout destination (sonic-boom) in buffer mode in the service.
 * A sink writes each chunk before `write` returns: the batcher reuses the chunk's memory afterwards.
 */
export type LineSink = { write(chunk: Buffer): unknown; flushSync?: () => void };

export type BatchOptions = { maxDelayMs: number; maxBytes: number };

export const DEFAULT_BATCH: BatchOptions = { maxDelayMs: 100, maxBytes: 64 * 1024 };

/** UTF-8 needs at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_PER_UNIT = 3;

/**
 * Log lines gathered and handed to the sink as one chunk per batch: at most `maxDelayMs` after the
 * first line of a batch, or as soon as the next line might not fit in `maxBytes`. Handing sonic-boom
 * one line at a time cost a cache hit more than everything else it does (one write and its completion
 * per line, and a byte count of the growing buffer per line). Each line is encoded at once into one
 * buffer outside V8's heap, so pending lines are not live strings that every young-generation
 * collection copies (holding them as strings, a 64 KiB batch was a quarter of what survived each
 * collection under load). A line too long for the buffer is written on its own, after the batch
 * before it. Lines keep their order; `flushSync` at shutdown and at exit writes what is pending.
 */
export class LineBatcher {
  private readonly buffer: Buffer;
  private used = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: LineSink,
    private readonly options: BatchOptions = DEFAULT_BATCH,
  ) {
    this.buffer = Buffer.allocUnsafeSlow(options.maxBytes);
  }

  write(line: string): boolean {
    const room = line.length * MAX_UTF8_PER_UNIT;
    if (this.used + room > this.buffer.length) {
      this.flush();
      if (room > this.buffer.length) {
        this.sink.write(Buffer.from(line, 'utf8'));
        return true;
      }
    }
    this.used += this.buffer.write(line, this.used, 'utf8');
    this.timer ??= setTimeout(() => this.flush(), this.options.maxDelayMs).unref();
    return true;
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.used === 0) return;
    const batch = this.buffer.subarray(0, this.used);
    this.used = 0;
    this.sink.write(batch);
  }

  flushSync(): void {
    this.flush();
    this.sink.flushSync?.();
  }
}
