import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

const PAGE = readFileSync(resolve(__dirname, '../dashboard.html'));

export type DashboardServer = { origin: string; close: () => Promise<void> };

/**
 * The dashboard's own origin: a loopback port serving only /dashboard.html. Anything else is a 404,
 * as a relative `Location` followed from the page would find.
 */
export async function startDashboardServer(): Promise<DashboardServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://dashboard.invalid').pathname;
    if (req.method === 'GET' && path === '/dashboard.html') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(PAGE);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end(`the dashboard has no ${path}`);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
