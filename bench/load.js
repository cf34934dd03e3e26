'use strict';
/**
 * Closed-loop node:http load from the bench process, for the phases that measure the latency of a few
 * connections (miss): at ~80 req/s the client's speed does not matter, and node:http gives every
 * request its own path and a float latency. Throughput is wrk's job (bench/wrk.js).
 */
const http = require('node:http');
const { percentile, pool, send } = require('./http');

/**
 * `connections` keep-alive sockets, each sending its next request (path from `nextPath()`) when the
 * previous answer ended, for `durationS` seconds or until `amount` requests were sent. Requests in
 * flight when the time is up are awaited and counted. Resolves with req/s, p50/p99 in ms, every
 * latency (ascending), the status mix, the non-2xx count and socket errors.
 */
async function closedLoop({ origin, connections, durationS, amount, headers = {}, nextPath }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  const statuses = {};
  let errors = 0;
  const startedAt = Date.now();
  try {
    await pool({
      workers: connections,
      total: amount ?? Infinity,
      untilMs: durationS ? startedAt + durationS * 1000 : Infinity,
      task: async () => {
        const answer = await send({ origin, path: nextPath(), headers, agent, timeoutMs: 15_000 }).catch(() => null);
        if (!answer) return void errors++;
        latencies.push(answer.ms);
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      },
    });
  } finally {
    agent.destroy();
  }
  latencies.sort((a, b) => a - b);
  const non2xx = Object.entries(statuses).reduce((sum, [status, n]) => sum + (status.startsWith('2') ? 0 : n), 0);
  const seconds = (Date.now() - startedAt) / 1000;
  return { rps: latencies.length / seconds, total: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), latencies, statuses, non2xx, errors };
}

module.exports = { closedLoop };
