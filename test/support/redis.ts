import { createClient } from '@redis/client';

/** A Redis database of its own, so the suite never touches data of other users of the local Redis. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/13';

let available: Promise<boolean> | undefined;

export function redisAvailable(): Promise<boolean> {
  available ??= (async () => {
    const client = createClient({
      url: TEST_REDIS_URL,
      socket: { connectTimeout: 1000, reconnectStrategy: false },
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.flushDb();
      await client.quit();
      return true;
    } catch {
      return false;
    }
  })();
  return available;
}

/** `describe` for Redis-backed specs; skipped (with the global setup's warning) only off CI. */
export function describeWithRedis(name: string, specs: () => void): void {
  (process.env.REDIS_TESTS === 'off' ? describe.skip : describe)(name, specs);
}
