import { MetricsService } from './metrics.service';

describe('MetricsService cache outcomes', () => {
  it('adds counted outcomes once each, whenever the registry is read', async () => {
    const metrics = new MetricsService();
    const hit = metrics.cacheOutcome('HIT');
    expect(metrics.cacheOutcome('HIT')).toBe(hit);
    hit.inc();
    hit.inc();
    metrics.cacheOutcome('MISS').inc();
    metrics.cache.inc({ outcome: 'eviction' });
    let text = await metrics.registry.metrics();
    expect(text).toMatch(/cache_events_total\{outcome="hit"\} 2\n/);
    expect(text).toMatch(/cache_events_total\{outcome="miss"\} 1\n/);
    expect(text).toMatch(/cache_events_total\{outcome="eviction"\} 1\n/);
    hit.inc();
    text = await metrics.registry.metrics();
    expect(text).toMatch(/cache_events_total\{outcome="hit"\} 3\n/);
    expect(text).toMatch(/cache_events_total\{outcome="miss"\} 1\n/);
    expect(await metrics.registry.metrics()).toMatch(/cache_events_total\{outcome="hit"\} 3\n/);
  });
});
