/**
 * Answers the edge writes together, once the event loop has read every request that arrived with
 * them: queued writes run in one `setImmediate`, the loop's check phase, right after the poll phase
 * that read those requests. A write to a peer asleep in epoll (the gateway, or the benchmark's loader)
 * pays for waking it, and that was the largest single cost of a cache hit (`writev`, a fifth of a
 * hit's CPU profile on the 2-core VM); written back to back, the peer is woken once for the batch.
 * A write is never put off past the loop iteration in which its answer was decided.
 */
export class WriteBatch {
  private queue: (() => void)[] = [];

  /**
   * `fail` gets a write's error once the others are written; by default it is thrown, as it would
   * have been from the request listener.
   */
  constructor(
    private readonly fail: (error: unknown) => void = (error) => {
      throw error;
    },
  ) {}

  private readonly flush = (): void => {
    const queue = this.queue;
    this.queue = [];
    let failure: { error: unknown } | null = null;
    for (const write of queue) {
      try {
        write();
      } catch (error) {
        failure ??= { error }; // the other answers are still written
      }
    }
    if (failure) this.fail(failure.error);
  };

  /** Runs `write` with the others of this loop iteration, in the order added. */
  add(write: () => void): void {
    if (this.queue.push(write) === 1) setImmediate(this.flush);
  }
}
