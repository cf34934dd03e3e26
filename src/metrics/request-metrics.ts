import type { Registry } from 'prom-client';

/** One (method, route, status) of the request metrics: counts the request and its latency. */
export type RequestSeries = { observe(seconds: number): void };

type Labels = { method: string; route: string; status: string };
type Value = {
  value: number;
  labels: object;
  sharedLabels?: Labels;
  metricName?: string;
  exemplar?: null;
};

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One series' numbers: plain fields and an array, what an answered request adds to. */
class Series implements RequestSeries {
  count = 0;
  sum = 0;
  /** Observations per bucket (not cumulative); the last slot is above the largest bound. */
  readonly perBucket = new Float64Array(BUCKETS.length + 1);

  constructor(readonly labels: Labels) {}

  observe(seconds: number): void {
    this.count += 1;
    this.sum += seconds;
    let at = 0;
    while (at < BUCKETS.length && seconds > BUCKETS[at]) at += 1;
    this.perBucket[at] += 1;
  }
}

/**
 * `http_requests_total` (counter) and `http_request_duration_seconds` (histogram) by method, route
 * and status, registered on prom-client's registry as two metrics of its own kind: the registry asks
 * each for its values (`get()`) at scrape time and writes the exposition format as for its own
 * metrics. prom-client's Counter and Histogram validate and hash the labels on every observation;
 * that was a twentieth of a cache hit's or a refusal's cost in the benchmark. Here a request adds to
 * a series found once per (method, route, status): routes are patterns, so the series are few.
 */
export class RequestMetrics {
  /**
   * Series by method, route and status, nested: method and route are the same string objects on
   * every request (hashed once), where a joined key was a new string to build and hash per request.
   */
  private readonly byMethod = new Map<string, Map<string, Map<number, Series>>>();
  /** Every series in the order it first appeared, as prom-client lists them. */
  private readonly list: Series[] = [];

  constructor(registry: Registry) {
    registry.registerMetric(
      this.metric('http_requests_total', 'Caller requests by route and status', 'counter', () =>
        this.all().map((series) => ({ value: series.count, labels: series.labels })),
      ) as never,
    );
    registry.registerMetric(
      this.metric(
        'http_request_duration_seconds',
        'Caller request latency by route and status',
        'histogram',
        () => this.all().flatMap((series) => histogramValues(series)),
      ) as never,
    );
  }

  series(method: string, route: string, status: number): RequestSeries {
    let byRoute = this.byMethod.get(method);
    if (!byRoute) this.byMethod.set(method, (byRoute = new Map<string, Map<number, Series>>()));
    let byStatus = byRoute.get(route);
    if (!byStatus) byRoute.set(route, (byStatus = new Map<number, Series>()));
    let series = byStatus.get(status);
    if (!series) {
      series = new Series({ method, route, status: String(status) });
      byStatus.set(status, series);
      this.list.push(series);
    }
    return series;
  }

  private all(): Series[] {
    return [...this.list];
  }

  /**
   * What prom-client's Registry reads of a metric: its name, `getForPromString()` for the exposition
   * text and `get()` for JSON (labels and shared labels merged there, as prom-client's own do).
   */
  private metric(name: string, help: string, type: string, values: () => Value[]) {
    const getForPromString = () => ({ name, help, type, values: values(), aggregator: 'sum' });
    const get = () => {
      const data = getForPromString();
      return { ...data, values: data.values.map(splayed) };
    };
    return {
      name,
      help,
      type,
      aggregator: 'sum',
      get,
      getForPromString,
      reset: () => {
        this.byMethod.clear();
        this.list.length = 0;
      },
    };
  }
}

/** A value for JSON: shared labels merged into its labels. */
function splayed({ sharedLabels, labels, ...rest }: Value): Value {
  return { ...rest, labels: { ...labels, ...sharedLabels } };
}

/** A series as prom-client writes a histogram: cumulative buckets with `le`, +Inf, _sum, _count. */
function histogramValues(series: Series): Value[] {
  const name = 'http_request_duration_seconds';
  const values: Value[] = [];
  let cumulative = 0;
  BUCKETS.forEach((bound, at) => {
    cumulative += series.perBucket[at];
    values.push({
      value: cumulative,
      labels: { le: bound },
      sharedLabels: series.labels,
      metricName: `${name}_bucket`,
      exemplar: null,
    });
  });
  values.push(
    {
      value: series.count,
      labels: { le: '+Inf' },
      sharedLabels: series.labels,
      metricName: `${name}_bucket`,
      exemplar: null,
    },
    { value: series.sum, labels: {}, sharedLabels: series.labels, metricName: `${name}_sum` },
    { value: series.count, labels: {}, sharedLabels: series.labels, metricName: `${name}_count` },
  );
  return values;
}
