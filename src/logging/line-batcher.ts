/** Where batches go: pino's asynchronous stdout destination (sonic-boom) in the service. */
export type LineSink = { write(chunk: string): unknown; flushSync?: () => void };

export type BatchOptions = { maxDelayMs: number; maxChars: number };

export const DEFAULT_BATCH: BatchOptions = { maxDelayMs: 100, maxChars: 64 * 1024 };

/**
 * Log lines gathered and handed to the sink as one string per batch: at most `maxDelayMs` after the
 * first line of a batch, or as soon as the batch holds `maxChars`. Handing sonic-boom one line at a
 * time cost a cache hit more than everything else it does (one write and its completion per line,
 * and a byte count of the growing buffer per line). Lines keep their order; `flushSync` at shutdown
 * and at exit writes what is pending.
 */
export class LineBatcher {
  private lines: string[] = [];
  private chars = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: LineSink,
    private readonly options: BatchOptions = DEFAULT_BATCH,
  ) {}

  write(line: string): boolean {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= this.options.maxChars) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.maxDelayMs).unref();
    return true;
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.lines.length === 0) return;
    const batch = this.lines.join('');
    this.lines = [];
    this.chars = 0;
    this.sink.write(batch);
  }

  flushSync(): void {
    this.flush();
    this.sink.flushSync?.();
  }
}
