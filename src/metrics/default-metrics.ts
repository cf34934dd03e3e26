import { Registry, collectDefaultMetrics } from 'prom-client';

/** One of prom-client's default metrics: its module registers it on a registry. */
type DefaultMetric = ((registry: Registry, config: object) => void) & { metricNames: string[] };

/**
 * prom-client's default metrics left out. `gc` (`nodejs_gc_duration_seconds`): Node builds a
 * performance entry object per garbage collection for its observer and hands them over a loop
 * iteration later, so under load they outlive young-generation collections and are promoted. Under
 * hit load they were two thirds of what the old generation grew by (3.8 of 5.5 KB per young
 * collection), hence a full collection, whose marking shares the replica's core, every ~12 s.
 */
export const LEFT_OUT: readonly string[] = ['gc'];

/** The modules of the default metrics this service exports (`collectDefaultMetrics` but LEFT_OUT). */
export const exportedDefaults = (): string[] =>
  collectDefaultMetrics.metricsList.filter((name) => !LEFT_OUT.includes(name));

const moduleOf = (name: string): DefaultMetric =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- prom-client exports no single default metric
  require(`prom-client/lib/metrics/${name}`) as DefaultMetric;

/** The names of the series a default metric module registers. */
export const metricNamesOf = (name: string): string[] => moduleOf(name).metricNames;

/**
 * Registers prom-client's default metrics but LEFT_OUT, from prom-client's own modules, with the
 * configuration `collectDefaultMetrics` gives them.
 */
export function collectDefaultMetricsButLeftOut(registry: Registry): void {
  for (const name of exportedDefaults())
    moduleOf(name)(registry, { eventLoopMonitoringPrecision: 10 });
}
