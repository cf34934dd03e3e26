import fc from 'fast-check';
import { Counter, Histogram, Registry } from 'prom-client';
import { RequestMetrics } from './request-metrics';

/** The same two metrics as prom-client's own Counter and Histogram would keep them. */
function stock(registry: Registry) {
  const labelNames = ['method', 'route', 'status'];
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'Caller requests by route and status',
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Caller request latency by route and status',
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return (method: string, route: string, status: number, seconds: number) => {
    const labels = { method, route, status: String(status) };
    requests.inc(labels);
    latency.observe(labels, seconds);
  };
}

describe('RequestMetrics', () => {
  it('exports what prom-client’s Counter and Histogram export for the same requests', async () => {
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'DELETE'),
      route: fc.constantFrom(
        '/v1/reports/wholesale',
        '/v1/reports',
        'unmatched',
        'a "quoted" \\ route',
      ),
      status: fc.constantFrom(200, 304, 401, 429, 503),
      // Bounds themselves included: a bucket counts what is at most its bound.
      seconds: fc.oneof(
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.constantFrom(0, 0.001, 0.005, 0.25, 10, 10.5),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(request, { maxLength: 60 }), async (requests) => {
        const theirs = new Registry();
        const ours = new Registry();
        const observe = stock(theirs);
        const metrics = new RequestMetrics(ours);
        for (const { method, route, status, seconds } of requests) {
          observe(method, route, status, seconds);
          metrics.series(method, route, status).observe(seconds);
        }
        expect(await ours.metrics()).toBe(await theirs.metrics());
        expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
      }),
      { numRuns: 200 },
    );
  });

  it('finds one series per (method, route, status)', () => {
    const metrics = new RequestMetrics(new Registry());
    expect(metrics.series('GET', '/v1/reports', 200)).toBe(
      metrics.series('GET', '/v1/reports', 200),
    );
    expect(metrics.series('GET', '/v1/reports', 304)).not.toBe(
      metrics.series('GET', '/v1/reports', 200),
    );
  });
});
