import { Exchange, exchange, portOf, stopListening } from './support/raw-http';
import { serviceAgainstSandbox } from './support/test-app';

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
