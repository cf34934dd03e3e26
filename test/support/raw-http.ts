import { AddressInfo, connect } from 'node:net';
import { TestApp } from './test-app';

/** Raw HTTP over a socket: request targets and bytes no HTTP client library would send. */

export type Exchange = {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown> | null;
  closed: boolean;
  elapsedMs: number;
};

/** Listens on a loopback port for raw sockets; Fastify closes only a server it started itself. */
export async function portOf(service: TestApp): Promise<number> {
  const server = service.app.getHttpServer();
  if (!server.listening)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export function stopListening(service: TestApp): Promise<void> {
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
  let body: Record<string, unknown> | null = null;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    body = { text };
  }
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body };
}

/**
 * Writes `request` on a raw socket (never ending it) and gathers what comes back until the server
 * closes the connection or `giveUpMs` passes: what a slow or broken client sees.
 */
export function exchange(port: number, request: string, giveUpMs: number): Promise<Exchange> {
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

/** One request written as given (`Connection: close`), and the answer once the server closed. */
export function rawRequest(
  port: number,
  request: { method: string; target: string; headers?: Record<string, string>; body?: string },
): Promise<Exchange> {
  const headers: Record<string, string> = {
    host: '127.0.0.1',
    connection: 'close',
    ...request.headers,
  };
  if (request.body !== undefined)
    headers['content-length'] = String(Buffer.byteLength(request.body));
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return exchange(
    port,
    `${request.method} ${request.target} HTTP/1.1\r\n${head}\r\n${request.body ?? ''}`,
    5000,
  );
}
