import { Registry, collectDefaultMetrics } from 'prom-client';
import {
  LEFT_OUT,
  collectDefaultMetricsButLeftOut,
  exportedDefaults,
  metricNamesOf,
} from './default-metrics';
import { MetricsService } from './metrics.service';

const typeLines = (text: string) =>
  new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));

describe('default metrics', () => {
  it("are prom-client's default list but the ones left out (a default added upstream is exported)", () => {
    expect(LEFT_OUT).toEqual(['gc']);
    expect(exportedDefaults()).toEqual(
      collectDefaultMetrics.metricsList.filter((name) => name !== 'gc'),
    );
  });

  it('register the same series collectDefaultMetrics would, but nodejs_gc_duration_seconds', async () => {
    const ours = new Registry();
    collectDefaultMetricsButLeftOut(ours);
    const stock = new Registry();
    collectDefaultMetrics({ register: stock });
    const expected = [...typeLines(await stock.metrics())].filter(
      (name) => name !== 'nodejs_gc_duration_seconds',
    );
    expect([...typeLines(await ours.metrics())].sort()).toEqual(expected.sort());
    expect(expected).toEqual(
      expect.arrayContaining([
        'process_cpu_seconds_total',
        'nodejs_eventloop_lag_p99_seconds',
        'nodejs_heap_size_used_bytes',
      ]),
    );
    expect(metricNamesOf('gc')).toEqual(['nodejs_gc_duration_seconds']);
  });

  it("are on the service's registry", async () => {
    const names = typeLines(await new MetricsService().registry.metrics());
    for (const module of exportedDefaults())
      for (const name of metricNamesOf(module)) expect(names).toContain(name);
    expect(names).not.toContain('nodejs_gc_duration_seconds');
  });
});
