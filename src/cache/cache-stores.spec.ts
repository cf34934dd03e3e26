import { createCache } from 'cache-manager';
import { validateEnv } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { memoryStore } from './cache-stores';

describe('memory store', () => {
  const metrics = new MetricsService();
  const env = (extra: Record<string, string>) => validateEnv({ WEBEX_ACCESS_TOKEN: 't', ...extra });

  it('round-trips values with their TTL', async () => {
    const cache = createCache({ stores: [memoryStore(env({}), metrics).keyv] });
    await cache.set('a', { body: 'x' }, 10_000);
    expect(await cache.get('a')).toEqual({ body: 'x' });
    await cache.set('b', { body: 'y' }, 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await cache.get('b')).toBeUndefined();
  });

  it('evicts the least recently used entry past the entry bound', async () => {
    const cache = createCache({
      stores: [memoryStore(env({ CACHE_MAX_ENTRIES: '2' }), metrics).keyv],
    });
    await cache.set('a', { n: 1 }, 10_000);
    await cache.set('b', { n: 2 }, 10_000);
    await cache.get('a');
    await cache.set('c', { n: 3 }, 10_000);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toEqual({ n: 1 });
  });

  it('evicts past the byte bound', async () => {
    const cache = createCache({
      stores: [memoryStore(env({ CACHE_MAX_BYTES: '4096' }), metrics).keyv],
    });
    for (let i = 0; i < 10; i += 1) await cache.set(`k${i}`, { body: 'x'.repeat(1000) }, 10_000);
    const kept = (
      await Promise.all(Array.from({ length: 10 }, (_, i) => cache.get(`k${i}`)))
    ).filter(Boolean);
    expect(kept.length).toBeLessThanOrEqual(3);
    expect(kept.length).toBeGreaterThan(0);
  });
});

describe('memory store peek', () => {
  it('reads what Keyv stored, synchronously, and nothing once it expired', async () => {
    const { keyv, peek } = memoryStore(
      validateEnv({ WEBEX_ACCESS_TOKEN: 't' }),
      new MetricsService(),
    );
    const cache = createCache({ stores: [keyv] });
    await cache.set('v1:s:wholesale:report:a', { body: 'x' }, 10_000);
    await cache.set('v1:s:wholesale:report:b', { body: 'y' }, 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(peek?.('v1:s:wholesale:report:a')).toEqual({ body: 'x' });
    expect(peek?.('v1:s:wholesale:report:b')).toBeNull();
    expect(peek?.('v1:s:wholesale:report:c')).toBeNull();
  });
});
