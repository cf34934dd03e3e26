'use strict';
/**
 * The ceiling for one Node process: a bare `node:http` server that answers every request with the
 * same pre-built bytes and headers (a cache hit with zero framework work). Started by the bench with
 * an IPC channel: it receives `{ body (base64), headers }`, listens on 127.0.0.1, replies `{ port }`.
 */
const http = require('node:http');

process.once('message', ({ body, headers }) => {
  const bytes = Buffer.from(body, 'base64');
  const head = { ...headers, 'content-length': String(bytes.length) };
  const server = http.createServer((req, res) => {
    res.writeHead(200, head);
    res.end(bytes);
  });
  server.keepAliveTimeout = 72_000; // as the service's Fastify, so neither closes idle load connections
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  const stop = () => server.close(() => process.exit(0)) && server.closeAllConnections();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});
// The bench went away without stopping us: do not linger.
process.once('disconnect', () => process.exit(0));
