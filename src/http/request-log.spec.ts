import { Writable } from 'node:stream';
import pino from 'pino';
import { MetricsService } from '../metrics/metrics.service';
import { RequestLog } from './request-log';

const capture = (level = 'info') => {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()),
  });
  return { lines, logger: pino({ level, base: { service: 'webex-reports-bff' } }, sink) };
};

const record = {
  requestId: 'req-1',
  method: 'GET',
  route: '/v1/reports/wholesale',
  status: 200,
  path: '/v1/reports/wholesale?type=USER&x="q"',
  latencyMs: 1.234,
  cache: 'HIT',
  upstreamCalls: 0,
  fastPath: false,
};

describe('RequestLog', () => {
  it('writes one JSON line shaped like pino, and counts the request', async () => {
    const { lines, logger } = capture();
    const metrics = new MetricsService();
    const before = Date.now();
    new RequestLog(logger, metrics).record(record);
    const after = Date.now();
    logger.info({ other: 1 }, 'compare');
    expect(lines).toHaveLength(2);
    const ours = JSON.parse(lines[0]) as Record<string, unknown>;
    const theirs = JSON.parse(lines[1]) as Record<string, unknown>;
    expect(ours).toMatchObject({
      ...record,
      latencyMs: 1.2,
      level: 30,
      service: 'webex-reports-bff',
      msg: 'request',
    });
    expect(ours.time).toEqual(expect.any(Number)); // epoch milliseconds, as pino writes `time`
    expect(ours.time).toBeGreaterThanOrEqual(before);
    expect(ours.time).toBeLessThanOrEqual(after);
    expect(
      Object.keys(theirs).filter((key) => key !== 'other' && key !== 'pid' && key !== 'hostname'),
    ).toEqual(expect.arrayContaining(['level', 'time', 'service', 'msg']));
    expect(await metrics.registry.metrics()).toMatch(
      /http_requests_total\{method="GET",route="\/v1\/reports\/wholesale",status="200"\} 1/,
    );
  });

  it('writes nothing below the info level, and still counts', async () => {
    const { lines, logger } = capture('warn');
    const metrics = new MetricsService();
    new RequestLog(logger, metrics).record({ ...record, cache: undefined });
    expect(lines).toHaveLength(0);
    expect(await metrics.registry.metrics()).toMatch(/http_requests_total\{[^}]*\} 1/);
  });
});
