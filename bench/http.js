'use strict';
/** Small HTTP helpers for the benchmark: one request with its latency, JSON control calls, bounded pools. */
const http = require('node:http');
const { performance } = require('node:perf_hooks');

/**
 * One request; resolves with status, headers, body and latency in ms (float, from just before the
 * request is sent to the last body byte). Never rejects on an HTTP status; rejects on socket errors.
 */
function send({ origin, path, method = 'GET', headers = {}, body, agent, timeoutMs = 30_000 }) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const allHeaders = payload ? { 'content-type': 'application/json', 'content-length': payload.length, ...headers } : headers;
    const started = performance.now();
    const req = http.request({ hostname, port, path, method, headers: allHeaders, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started }),
      );
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${path}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

async function json(origin, path, { method = 'GET', body } = {}) {
  const answer = await send({ origin, path, method, body, timeoutMs: 10_000 });
  if (answer.status >= 300) throw new Error(`${method} ${origin}${path} → ${answer.status}: ${answer.body.toString().slice(0, 200)}`);
  return answer.body.length ? JSON.parse(answer.body.toString()) : undefined;
}

/**
 * Runs `task(i)` for i = 0, 1, … with `workers` in flight at once, until `total` tasks were started or
 * `untilMs` (epoch ms) has passed. Resolves with the number of tasks started once all have settled.
 */
async function pool({ workers, total = Infinity, untilMs = Infinity, task }) {
  let next = 0;
  const worker = async () => {
    while (next < total && Date.now() < untilMs) await task(next++);
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return next;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const median = (values) => percentile([...values].sort((a, b) => a - b), 50);

module.exports = { send, json, pool, sleep, percentile, median };
