import { connect } from 'node:net';
import { SEED_IDS } from '../src/sandbox/sandbox.seed';
import { portOf, stopListening } from './support/raw-http';
import { capturedLogs, createTestApp, startTestSandbox, TestApp } from './support/test-app';
import { Sandbox } from '../src/sandbox/sandbox.server';

/** Whether the request with this id was answered by the cache-hit fast path (from the request log). */
const answeredFast = (requestId: string) =>
  capturedLogs.lines.some(
    (line) => line.includes(`"requestId":"${requestId}"`) && line.includes('"fastPath":true'),
  );

let counter = 0;
const nextId = () => `fast-${(counter += 1)}`;

/** Issue 6: fresh hits skip Nest's pipeline but nothing the pipeline enforces. */
describe('cache-hit fast path', () => {
  let sandbox: Sandbox;
  let service: TestApp;
  const get = (url: string, id = nextId()) => service.http().get(url).set('x-request-id', id);

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());
  afterEach(() => service.close());

  it('answers a repeated fresh hit early, with the same body and headers as the full pipeline', async () => {
    service = await createTestApp(sandbox);
    const url = '/v1/reports/wholesale?type=USER';
    const miss = await get(url, 'first').expect(200);
    const hit = await get(url, 'second').expect(200);
    const again = await get(url, 'third').expect(200);
    expect(answeredFast('first')).toBe(false);
    expect(answeredFast('second')).toBe(true);
    expect(answeredFast('third')).toBe(true);
    expect(hit.text).toBe(miss.text);
    expect(hit.headers['x-cache']).toBe('HIT');
    const names = (headers: Record<string, string>) =>
      Object.keys(headers)
        .filter((n) => !['date', 'x-cache', 'age', 'connection', 'keep-alive'].includes(n))
        .sort();
    expect(names(again.headers)).toEqual(names(miss.headers));
    expect(again.headers['x-request-id']).toBe('third');
    expect(again.headers['content-length']).toBe(miss.headers['content-length']);
    await get(url).set('if-none-match', miss.headers.etag).expect(304);
    expect(sandbox.count()).toBe(1);
  });

  it('still refuses a caller without a valid key', async () => {
    service = await createTestApp(sandbox, { API_KEYS: 'test-api-key-1' });
    const url = `/v1/reports/broadworks/${SEED_IDS.broadworksCompleted}`;
    await get(url).set('x-api-key', 'test-api-key-1').expect(200);
    await get(url).set('x-api-key', 'test-api-key-1').expect(200);
    await get(url).expect(401);
    await get(url).set('authorization', 'Bearer wrong').expect(401);
  });

  it('still counts every call against the per-caller rate limit', async () => {
    service = await createTestApp(sandbox, { RATE_LIMIT_PER_MINUTE: '3' });
    const url = '/v1/reports/broadworks?after=2023-12';
    await get(url).expect(200);
    const fast = await get(url, 'limited-2').expect(200);
    expect(answeredFast('limited-2')).toBe(true);
    expect(fast.headers['x-ratelimit-remaining']).toBe('1');
    await get(url).expect(200);
    const limited = await get(url).expect(429);
    expect(limited.body.type).toBe('rate-limited');
  });

  it('never serves input the pipeline refused, a refetching no-cache request, a waitFor, or a stale entry', async () => {
    service = await createTestApp(sandbox, { CACHE_MIN_REFRESH_S: '0' }); // every no-cache refetches
    await get('/v1/reports/wholesale?max=0').expect(400);
    await get('/v1/reports/wholesale?max=0').expect(400);
    const url = `/v1/reports/wholesale/${SEED_IDS.wholesaleInProgress}`;
    await get(url).expect(200);
    expect((await get(url).set('cache-control', 'no-cache').expect(200)).headers['x-cache']).toBe(
      'BYPASS',
    );
    const waited = await get(`${url}?waitFor=terminal&timeout=1`, 'waiter').expect(200);
    await get(`${url}?waitFor=terminal&timeout=1`, 'waiter-2').expect(200);
    expect(waited.headers['x-wait']).toBe('timeout');
    expect(answeredFast('waiter-2')).toBe(false);
    service.clock.advance(6_000);
    expect((await get(url, 'stale').expect(200)).headers['x-cache']).toBe('STALE');
    expect(answeredFast('stale')).toBe(false);
  });

  it('misses after a create makes the lists of that family miss', async () => {
    service = await createTestApp(sandbox);
    const url = '/v1/reports/broadworks?sortBy=status';
    await get(url).expect(200);
    expect((await get(url).expect(200)).headers['x-cache']).toBe('HIT');
    await service
      .http()
      .post('/v1/reports/broadworks')
      .send({ billingPeriod: '2027-01' })
      .expect(202);
    expect((await get(url).expect(200)).headers['x-cache']).toBe('MISS');
  });

  it('answers pipelined requests on one connection in order, early and full-pipeline answers mixed', async () => {
    service = await createTestApp(sandbox);
    const port = await portOf(service);
    const hit = '/v1/reports/wholesale?type=USER';
    await get(hit).expect(200);
    await get(hit).expect(200);
    const request = (target: string, id: string) =>
      `GET ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-request-id: ${id}\r\n\r\n`;
    const sent = [
      [hit, 'pipe-1'], // early: answered at the end of the loop iteration
      ['/v1/reports/broadworks?sortBy=status', 'pipe-2'], // a miss: Fastify, then Webex
      [hit, 'pipe-3'],
      [hit, 'pipe-4'],
    ];
    try {
      const answers = await pipelined(
        port,
        sent.map(([target, id]) => request(target, id)).join(''),
        4,
      );
      expect(answers.map((answer) => answer.id)).toEqual(['pipe-1', 'pipe-2', 'pipe-3', 'pipe-4']);
      expect(answers.map((answer) => answer.cache)).toEqual(['HIT', 'MISS', 'HIT', 'HIT']);
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      expect(['pipe-1', 'pipe-3', 'pipe-4'].every(answeredFast)).toBe(true);
    } finally {
      await stopListening(service);
    }
  });
});

type Piped = { status: number; id: string; cache: string };

/** Writes `requests` in one packet on one socket; resolves with the first `count` answers, in order. */
function pipelined(port: number, requests: string, count: number): Promise<Piped[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let raw = Buffer.alloc(0);
    const answers: Piped[] = [];
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      raw = Buffer.concat([raw, chunk]);
      for (;;) {
        const end = raw.indexOf('\r\n\r\n');
        if (end < 0) break;
        const head = raw.subarray(0, end).toString('latin1');
        const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1] ?? '';
        const length = Number(header('content-length') || 0);
        if (raw.length < end + 4 + length) break;
        answers.push({
          status: Number(head.slice(9, 12)),
          id: header('x-request-id'),
          cache: header('x-cache'),
        });
        raw = raw.subarray(end + 4 + length);
      }
      if (answers.length >= count) {
        socket.destroy();
        resolve(answers.slice(0, count));
      }
    });
    socket.write(requests);
  });
}
