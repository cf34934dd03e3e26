import { AddressInfo, connect } from 'node:net';
import { serviceAgainstSandbox, TestApp } from './support/test-app';

type Exchange = {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown> | null;
  closed: boolean;
  elapsedMs: number;
};

/** Listens on a loopback port for raw sockets; Fastify closes only a server it started itself. */
async function portOf(service: TestApp): Promise<number> {
  const server = service.app.getHttpServer();
  if (!server.listening)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function stopListening(service: TestApp): Promise<void> {
  const server = service.app.getHttpServer();
  if (!server.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Reads the first 'HTTP/1.1 ...' answer of `raw`. */
function parse(raw: string): Pick<Exchange, 'status' | 'headers' | 'body'> {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
    }),
  );
  const text = rest.join('\r\n\r\n');
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body };
}

/**
 * Writes `request` on a raw socket (never ending it) and gathers what comes back until the server
 * closes the connection or `giveUpMs` passes: what a slow or broken client sees.
 */
function exchange(port: number, request: string, giveUpMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const began = Date.now();
    const socket = connect(port, '127.0.0.1');
    let raw = '';
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parse(raw), closed, elapsedMs: Date.now() - began });
    };
    const timer = setTimeout(() => finish(false), giveUpMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (raw += chunk));
    socket.on('close', () => finish(true));
    socket.on('error', () => undefined);
    socket.write(request);
  });
}

const expectProblem = (answer: Exchange, status: number, type: string) => {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(answer.headers.connection).toBe('close');
  expect(answer.body).toEqual({
    type,
    title: expect.any(String),
    status,
    detail: expect.any(String),
    requestId: expect.any(String),
  });
  expect(answer.closed).toBe(true);
};

/** CONTRACT §6, §7: what the HTTP server answers itself is problem+json, and slow bodies are cut. */
describe('HTTP server errors', () => {
  const ctx = serviceAgainstSandbox({
    REQUEST_TIMEOUT_MS: '1000',
    UPSTREAM_DEADLINE_MS: '1000',
    UPSTREAM_TIMEOUT_MS: '500',
  });
  afterAll(() => stopListening(ctx.service));

  it('answers headers over 16 KiB with a 431 problem and closes the connection', async () => {
    const request = `GET /v1/reports/broadworks HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
    expectProblem(
      await exchange(await portOf(ctx.service), request, 3000),
      431,
      'headers-too-large',
    );
  });

  it('answers a malformed request line with a 400 problem and closes the connection', async () => {
    const request = 'GET /v1/reports/broadworks HTTP/1.1 extra\r\nHost: x\r\n\r\n';
    expectProblem(await exchange(await portOf(ctx.service), request, 3000), 400, 'bad-request');
  });

  it('cuts a chunked body that never ends at REQUEST_TIMEOUT_MS with a 408 problem', async () => {
    const request =
      'POST /v1/reports/broadworks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Transfer-Encoding: chunked\r\n\r\n5\r\n{"bil\r\n';
    const answer = await exchange(await portOf(ctx.service), request, 5000);
    expectProblem(answer, 408, 'body-timeout');
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(900);
    expect(answer.elapsedMs).toBeLessThan(1500);
    expect(ctx.sandbox.requests()).toHaveLength(0);
  });

  it('does not cut a body that arrives in time, however slowly it starts', async () => {
    const body = '{"billingPeriod":"2024-01"}';
    const request =
      'POST /v1/reports/broadworks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
    const answer = await exchange(await portOf(ctx.service), request, 3000);
    expect(answer.status).toBe(202);
  });
});
