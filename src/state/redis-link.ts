import { Logger } from '@nestjs/common';
import { createClient, ErrorReply, type RedisClientType } from '@redis/client';
import { setTimeout as delay } from 'node:timers/promises';
import { MetricsService } from '../metrics/metrics.service';

/** Thrown instead of waiting: Redis did not answer within REDIS_TIMEOUT_MS, or is known to be away. */
export class RedisUnavailableError extends Error {}

const PROBE_EVERY_MS = 250;

/**
 * The process's one Redis connection, with a bound on every wait (CONTRACT §4). node-redis would queue
 * commands while disconnected and run them on reconnect, and wait forever on a stalled server: here
 * nothing is queued offline, each operation waits at most REDIS_TIMEOUT_MS, and the first one that
 * does not answer puts the link in degraded mode, where operations fail at once (callers fall back
 * to the replica's own memory) while a probe pings Redis until it answers again. The outage is logged
 * when it starts and when it ends, not per request.
 */
export class RedisLink {
  readonly client: RedisClientType;
  private subscriber: RedisClientType | null = null;
  private degradedSince: number | null = null;
  private probing = false;
  private closed = false;
  private readonly recoveredListeners: (() => void)[] = [];
  private readonly logger = new Logger('Redis');

  constructor(
    url: string,
    private readonly timeoutMs: number,
    private readonly metrics: MetricsService,
  ) {
    this.client = createClient({
      url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: Math.max(timeoutMs, 1000),
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000),
      },
    });
    this.client.on('error', () => undefined); // reported through the degraded mode; unhandled it would crash
  }

  /** Connects, waiting at most a few timeouts: a Redis that is away at boot starts the degraded mode. */
  async connect(): Promise<void> {
    const connected = this.client.connect().then(
      () => true,
      () => false,
    );
    const ok = await Promise.race([
      connected,
      delay(this.timeoutMs * 4, undefined, { ref: false }).then(() => false),
    ]);
    if (!ok) this.degrade('not reachable at start');
  }

  /** True while Redis answers; false in degraded mode. */
  get available(): boolean {
    return this.degradedSince === null;
  }

  onRecovered(listener: () => void): void {
    this.recoveredListeners.push(listener);
  }

  /** Runs one operation within REDIS_TIMEOUT_MS; RedisUnavailableError at once while degraded. */
  async run<T>(operation: (client: RedisClientType) => Promise<T>): Promise<T> {
    if (!this.available) throw new RedisUnavailableError('Redis is unavailable');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RedisUnavailableError(`no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([operation(this.client), timeout]);
    } catch (error) {
      if (error instanceof ErrorReply) throw error; // Redis answered: the command failed, not the link
      this.degrade((error as Error).message);
      throw error instanceof RedisUnavailableError
        ? error
        : new RedisUnavailableError((error as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A second connection for pub/sub (a subscribed connection can send nothing else). */
  async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
    this.subscriber ??= this.client.duplicate();
    this.subscriber.on('error', () => undefined);
    // After a reconnect node-redis resubscribes by itself; what was published meanwhile is lost,
    // which the memory tier handles through onRecovered and `subscribed`.
    this.subscriber.on('ready', () => this.subscribedAgain());
    await Promise.race([
      this.subscriber.connect(),
      delay(this.timeoutMs * 4, undefined, { ref: false }),
    ]).catch(() => undefined);
    await this.subscriber.subscribe(channel, listener).catch(() => undefined);
  }

  /** True while the pub/sub connection is up, so no invalidation can have been missed since. */
  get subscribed(): boolean {
    return this.subscriber?.isReady === true;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const client of [this.subscriber, this.client]) {
      if (!client?.isOpen) continue;
      // QUIT waits for Redis; a Redis that is away would hold the shutdown.
      if (!client.isReady || !this.available) client.destroy();
      else
        await Promise.race([client.quit(), delay(this.timeoutMs, undefined, { ref: false })]).catch(
          () => undefined,
        );
      if (client.isOpen) client.destroy();
    }
  }

  private subscribedAgain(): void {
    if (this.available) for (const listener of this.recoveredListeners) listener();
  }

  private degrade(reason: string): void {
    if (this.degradedSince !== null || this.closed) return;
    this.degradedSince = Date.now();
    this.metrics.redisDegraded.set(1);
    this.logger.warn(`Redis unavailable (${reason}): serving from this replica's memory and Webex`);
    void this.probe();
  }

  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    while (!this.closed && this.degradedSince !== null) {
      await delay(PROBE_EVERY_MS);
      const answered = this.client.isReady
        ? await Promise.race([
            this.client.ping().then(
              () => true,
              () => false,
            ),
            delay(this.timeoutMs).then(() => false),
          ])
        : false;
      if (answered) this.recover();
    }
    this.probing = false;
  }

  private recover(): void {
    const seconds = ((Date.now() - (this.degradedSince ?? Date.now())) / 1000).toFixed(1);
    this.degradedSince = null;
    this.metrics.redisDegraded.set(0);
    this.logger.log(`Redis available again after ${seconds} s`);
    for (const listener of this.recoveredListeners) listener();
  }
}
