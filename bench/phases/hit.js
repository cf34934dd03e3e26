'use strict';
/**
 * 1. Cache hits vs the ceiling: one warm wholesale URL at 50 connections on the service, and on a bare
 * `node:http` server returning the bytes and headers the service sent for it. Runs are interleaved
 * (ceiling, service, ceiling, service) after a warm-up of each, so drift hits both alike.
 */
const { startCeiling, startSandbox, startService } = require('../processes');
const { send } = require('../http');
const { cannon } = require('../load');
const { HIT_PATH, ms, mix, phaseProcesses } = require('./common');

const CONNECTIONS = 50;
const WARMUP_S = 3;
const RUN_S = 5;
const ROUNDS = 4; // the ceiling alone varied by a third between runs here: more pairs, a steadier mean
/** Set by the transport, not part of the cached answer. */
const TRANSPORT_HEADERS = ['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'];

async function warmSample(service) {
  await send({ origin: service.origin, path: HIT_PATH });
  const sample = await send({ origin: service.origin, path: HIT_PATH });
  if (sample.status !== 200 || sample.headers['x-cache'] !== 'HIT')
    throw new Error(`expected a 200 HIT for ${HIT_PATH}, got ${sample.status} X-Cache ${sample.headers['x-cache']}`);
  const headers = Object.fromEntries(Object.entries(sample.headers).filter(([name]) => !TRANSPORT_HEADERS.includes(name)));
  return { body: sample.body, headers };
}

const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;

async function measure(report) {
  const procs = phaseProcesses();
  try {
    const sandbox = await procs.add(startSandbox('hit'));
    // Long freshness: every measured request is a plain HIT, never a STALE with a background refresh.
    const service = await procs.add(startService('hit', sandbox, { CACHE_TTL_LIST_S: '3600', CACHE_TTL_LIST_IN_PROGRESS_S: '3600' }));
    const sample = await warmSample(service);
    const ceiling = await procs.add(startCeiling(sample.body, sample.headers));
    const upstreamBefore = (await sandbox.counters()).total;
    const targets = { ceiling, service };
    for (const name of Object.keys(targets)) await cannon({ origin: targets[name].origin, path: HIT_PATH, connections: CONNECTIONS, durationS: WARMUP_S });
    const runs = { ceiling: [], service: [] };
    for (let round = 0; round < ROUNDS; round++)
      for (const name of Object.keys(targets))
        runs[name].push(await cannon({ origin: targets[name].origin, path: HIT_PATH, connections: CONNECTIONS, durationS: RUN_S }));
    const upstreamDuring = (await sandbox.counters()).total - upstreamBefore;
    summarise(report, runs, upstreamDuring, sample.body.length);
  } finally {
    await procs.stopAll();
  }
}

function summarise(report, runs, upstreamDuring, bodyBytes) {
  const rps = (name) => mean(runs[name].map((run) => run.rps));
  const worst = (name, key) => Math.max(...runs[name].map((run) => run[key]));
  const ratio = rps('service') / rps('ceiling');
  const failures = runs.service.reduce((sum, run) => sum + run.non2xx + run.errors, 0);
  const clean = failures === 0 && upstreamDuring === 0;
  report.row({
    id: '1a',
    measurement: `Hit throughput, service / ceiling (50 connections, ${ROUNDS}×${RUN_S} s interleaved)`,
    result: `**${ratio.toFixed(2)}** (${Math.round(rps('service'))} vs ${Math.round(rps('ceiling'))} req/s)`,
    target: '≥ 0.60',
    pass: clean && ratio >= 0.6,
  });
  report.row({
    id: '1b',
    measurement: 'Hit latency p50 / p99, service (ceiling)',
    result: `${ms(worst('service', 'p50'))} / **${ms(worst('service', 'p99'))}** (${ms(worst('ceiling', 'p50'))} / ${ms(worst('ceiling', 'p99'))})`,
    target: 'p99 < 10 ms',
    pass: clean && worst('service', 'p99') < 10,
  });
  for (const name of ['ceiling', 'service'])
    report.detail(
      `hit ${name} runs: ` +
        runs[name].map((run) => `${Math.round(run.rps)} req/s p50 ${ms(run.p50)} p99 ${ms(run.p99)} [${mix(run.statuses)}${run.errors ? `, ${run.errors} socket errors` : ''}]`).join('; '),
    );
  report.detail(`hit: ${bodyBytes}-byte body; upstream calls during the hit runs: ${upstreamDuring} (expected 0); latencies are the worst run's`);
}

module.exports = { measure };
