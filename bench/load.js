'use strict';
/** autocannon (library API, in the bench process) with per-response latencies kept as floats. */
const autocannon = require('autocannon');
const { percentile } = require('./http');

/**
 * Runs autocannon and resolves with req/s (autocannon's per-second average), p50/p99 in ms over every
 * response (autocannon's own histogram keeps whole milliseconds only), the status mix and errors.
 * `nextPath` makes every request use a new path (distinct cache keys); `amount` (requests) replaces `durationS`.
 */
function cannon({ origin, path, connections, durationS, amount, headers = {}, nextPath }) {
  const latencies = [];
  const statuses = {};
  const requests = nextPath ? [{ setupRequest: (request) => ({ ...request, path: nextPath() }) }] : undefined;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: origin + path, connections, ...(amount ? { amount } : { duration: durationS }), headers, requests, timeout: 15 },
      (error, result) => {
        if (error) return reject(error);
        latencies.sort((a, b) => a - b);
        resolve({
          rps: result.requests.average,
          total: latencies.length,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          latencies,
          statuses,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      latencies.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

module.exports = { cannon };
