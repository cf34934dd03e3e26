import { redisAvailable, TEST_REDIS_URL } from './redis';

/**
 * Runs once before the suite. Redis-backed specs need Redis: in CI its absence fails the run loudly;
 * on a laptop without Redis those specs are skipped, and this says so.
 */
export default async function globalSetup(): Promise<void> {
  if (await redisAvailable()) {
    process.env.REDIS_TESTS = 'on';
    return;
  }
  if (process.env.CI)
    throw new Error(`Redis is required in CI, but ${TEST_REDIS_URL} does not answer`);
  process.env.REDIS_TESTS = 'off';
  console.warn(`\nSKIPPING the Redis-backed specs: no Redis at ${TEST_REDIS_URL}\n`);
}
