'use strict';
/**
 * 3. Stampede: 200 concurrent identical requests for a cold key while the sandbox answers after
 * 200 ms. The 200 keep-alive connections are opened first (on /health/live), so the requests leave
 * together rather than behind 200 TCP handshakes, and the service's code is warmed first on other
 * keys (misses and hits): "cold" is the cache key, not a process that has never run the route.
 */
const http = require('node:http');
const { startSandbox, startService } = require('../processes');
const { pool, send } = require('../http');
const { SANDBOX_AUTH, WEBEX_LIST_PATH, missQuery, ms, mix, phaseProcesses } = require('./common');

const CALLERS = 200;
const DELAY_MS = 200;
const PATH = '/v1/reports/wholesale?type=CUSTOMER&max=50';
const WARM_KEYS = 300;
const range = (n) => Array.from({ length: n }, (_, i) => i);
const sortedMs = (answers) => answers.map((answer) => answer.ms).sort((a, b) => a - b);
const medianOf = (sorted) => sorted[Math.ceil(sorted.length / 2) - 1];

/** The upstream latency the callers could at best see: the sandbox asked directly, same delay. */
async function directLatency(sandbox) {
  const answers = [];
  for (const i of range(5))
    answers.push(await send({ origin: sandbox.origin, path: `${WEBEX_LIST_PATH}?type=CUSTOMER&max=${10 + i}`, headers: SANDBOX_AUTH }));
  return medianOf(sortedMs(answers));
}

async function measure(report) {
  const procs = phaseProcesses();
  const agent = new http.Agent({ keepAlive: true, maxSockets: CALLERS });
  try {
    const sandbox = await procs.add(startSandbox('stampede'));
    const service = await procs.add(startService('stampede', sandbox));
    await Promise.all(range(CALLERS).map(() => send({ origin: service.origin, path: '/health/live', agent })));
    // Warm-up keys never include type=CUSTOMER&max=50 with no other filter: PATH stays cold.
    await pool({ workers: 20, total: 2 * WARM_KEYS, task: (i) => send({ origin: service.origin, path: `/v1/reports/wholesale?${missQuery(i % WARM_KEYS)}`, agent }) });
    await sandbox.addFault({ delayMs: DELAY_MS, durationMs: 600_000 });
    const upstreamMs = await directLatency(sandbox);
    const before = (await sandbox.counters()).total;
    const sentAt = Date.now();
    const answers = await Promise.all(range(CALLERS).map(() => send({ origin: service.origin, path: PATH, agent })));
    const upstreamCalls = (await sandbox.counters()).total - before;
    const reachedAfterMs = (await sandbox.requests()).filter((entry) => entry.at >= sentAt).map((entry) => entry.at - sentAt);
    summarise(report, answers, upstreamCalls, upstreamMs, reachedAfterMs);
  } finally {
    agent.destroy();
    await procs.stopAll();
  }
}

function summarise(report, answers, upstreamCalls, upstreamMs, reachedAfterMs) {
  const statuses = {};
  const cache = {};
  for (const answer of answers) {
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    cache[answer.headers['x-cache'] ?? 'none'] = (cache[answer.headers['x-cache'] ?? 'none'] ?? 0) + 1;
  }
  const allOk = statuses[200] === CALLERS;
  const latencies = sortedMs(answers);
  const median = medianOf(latencies);
  report.row({
    id: '3a',
    measurement: `Stampede: upstream calls for ${CALLERS} concurrent identical cold requests (upstream delay ${DELAY_MS} ms)`,
    result: `**${upstreamCalls}**`,
    target: 'exactly 1',
    pass: allOk && upstreamCalls === 1,
  });
  report.row({
    id: '3b',
    measurement: 'Stampede: callers’ median latency',
    result: `**${ms(median)}** (max ${ms(latencies[latencies.length - 1])}; upstream direct ${ms(upstreamMs)})`,
    target: `≤ upstream + 50 ms = ${ms(upstreamMs + 50)}`,
    pass: allOk && median <= upstreamMs + 50,
  });
  report.detail(
    `stampede: statuses [${mix(statuses)}], X-Cache [${mix(cache)}]; latency min ${ms(latencies[0])}; ` +
      `the upstream call(s) reached the sandbox ${reachedAfterMs.join(', ')} ms after the callers started sending`,
  );
}

module.exports = { measure };
