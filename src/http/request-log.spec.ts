import { Writable } from 'node:stream';
import pino from 'pino';
import { MetricsService } from '../metrics/metrics.service';
import { recordRequest } from './request-log';

describe('recordRequest', () => {
  it('writes one JSON line shaped like pino, and counts the request', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()),
    });
    const logger = pino({ base: { service: 'webex-reports-bff' } }, sink);
    const metrics = new MetricsService();
    const record = {
      requestId: 'a"b',
      method: 'GET',
      route: '/v1/reports/wholesale',
      status: 200,
      path: '/v1/reports/wholesale?type=USER',
      latencyMs: 1.234,
      cache: 'HIT',
      upstreamCalls: 0,
      fastPath: true,
    };
    recordRequest(logger, metrics, record);
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
    expect(
      Object.keys(theirs).filter((key) => key !== 'other' && key !== 'pid' && key !== 'hostname'),
    ).toEqual(expect.arrayContaining(['level', 'time', 'service', 'msg']));
    expect(await metrics.registry.metrics()).toMatch(
      /http_requests_total\{method="GET",route="\/v1\/reports\/wholesale",status="200"\} 1/,
    );
  });

  it('writes nothing below the info level', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()),
    });
    recordRequest(pino({ level: 'warn' }, sink), new MetricsService(), {
      requestId: 'x',
      method: 'GET',
      route: 'r',
      status: 200,
      path: '/',
      latencyMs: 1,
      cache: undefined,
      upstreamCalls: 0,
      fastPath: false,
    });
    expect(lines).toHaveLength(0);
  });
});
