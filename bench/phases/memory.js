'use strict';
/**
 * 5. Memory: fill 100 000 distinct list keys into the memory store and compare the service's RSS with
 * its RSS fresh from start plus the configured byte bound plus a stated margin.
 *
 * The seed data alone gives mostly empty lists (~0.3 KB a key: 100 000 keys would never reach the
 * bound), so the sandbox first gets 4 reports per (day, type) for 16 days. Keys are per day: type
 * (any, or one of 3) × billingEndDate (any, or that day) × status (any, or COMPLETED) × sortBy 4 ×
 * max 1..100 = 6 400, so 16 days give 102 400; a key holds up to 12 items, ~2 KB of JSON on average,
 * and 100 000 keys are ~3× the bound: the LRU must evict. Few sandbox records keep the sandbox cheap
 * (it scans them all on every list). CACHE_MAX_ENTRIES is raised so that the byte bound, not the
 * entry count, is what holds.
 */
const http = require('node:http');
const { startSandbox, startService } = require('../processes');
const { memoryOf } = require('../procfs');
const { pool, send, sleep } = require('../http');
const { SANDBOX_AUTH, SORTS, TYPES, WEBEX_LIST_PATH, dayOf, mib, mix, phaseProcesses } = require('./common');

const KEYS = 100_000;
const DAYS = 16;
const REPORTS_PER_DAY_AND_TYPE = 4;
const BOUND = 64 * 1048576;
const MARGIN = 128 * 1048576;
const FILL_WORKERS = 32;
/** The fill stops here even if short of KEYS (the table then says how many keys it reached). */
const FILL_LIMIT_MS = (Number(process.env.BENCH_MEMORY_FILL_S) || 180) * 1000;

/** Key i: max fastest, then sortBy, status, billingEndDate, type, day. */
function keyPath(i) {
  const digits = [100, 4, 2, 2, 4];
  const [max, sort, status, end, type] = digits.map((base) => {
    const digit = i % base;
    i = Math.floor(i / base);
    return digit;
  });
  const day = dayOf(i);
  const query = [`billingStartDate=${day}`, `sortBy=${SORTS[sort]}`, `max=${max + 1}`];
  if (status) query.push('status=COMPLETED');
  if (end) query.push(`billingEndDate=${day}`);
  if (type) query.push(`type=${TYPES[type - 1]}`);
  return `/v1/reports/wholesale?${query.join('&')}`;
}

async function seedReports(sandbox, agent) {
  const bodies = [];
  for (let day = 0; day < DAYS; day++)
    for (const type of TYPES)
      for (let n = 0; n < REPORTS_PER_DAY_AND_TYPE; n++) bodies.push({ billingStartDate: dayOf(day), billingEndDate: dayOf(day), type });
  const failed = [];
  await pool({
    workers: 16,
    total: bodies.length,
    task: async (i) => {
      const answer = await send({ origin: sandbox.origin, path: WEBEX_LIST_PATH, method: 'POST', body: bodies[i], headers: SANDBOX_AUTH, agent });
      if (answer.status >= 300) failed.push(answer.status);
    },
  });
  if (failed.length) throw new Error(`creating sandbox reports: ${failed.length} failed (${mix(countOf(failed))})`);
  return bodies.length;
}

const countOf = (values) => values.reduce((counts, value) => ((counts[value] = (counts[value] ?? 0) + 1), counts), {});

async function fill(service, agent) {
  const statuses = {};
  let bodyBytes = 0;
  const startedAt = Date.now();
  const issued = await pool({
    workers: FILL_WORKERS,
    total: KEYS,
    untilMs: startedAt + FILL_LIMIT_MS,
    task: async (i) => {
      const answer = await send({ origin: service.origin, path: keyPath(i), agent }).catch(() => ({ status: 'socket error', body: [] }));
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      bodyBytes += answer.body.length;
    },
  });
  return { issued, statuses, bodyBytes, seconds: (Date.now() - startedAt) / 1000 };
}

/** From /metrics when the service serves it: evictions and the V8 heap in use (prom-client defaults). */
async function metricsOf(service) {
  const answer = await send({ origin: service.origin, path: '/metrics' }).catch(() => null);
  const text = answer?.status === 200 ? answer.body.toString() : '';
  const value = (pattern) => {
    const match = pattern.exec(text);
    return match ? Number(match[1]) : null;
  };
  return {
    evictions: value(/^cache_events_total\{[^}]*outcome="eviction"[^}]*\}\s+(\S+)/m),
    heapUsed: value(/^nodejs_heap_size_used_bytes\s+(\S+)/m),
  };
}

async function measure(report) {
  const procs = phaseProcesses();
  const agent = new http.Agent({ keepAlive: true, maxSockets: FILL_WORKERS });
  try {
    const sandbox = await procs.add(startSandbox('memory', { SANDBOX_COMPLETE_AFTER_MS: '0' }));
    const created = await seedReports(sandbox, agent);
    const service = await procs.add(
      startService('memory', sandbox, {
        CACHE_MAX_BYTES: String(BOUND),
        CACHE_MAX_ENTRIES: String(10 * KEYS),
        CACHE_TTL_LIST_S: '3600',
        CACHE_TTL_LIST_IN_PROGRESS_S: '3600',
      }),
    );
    await sleep(1000);
    const baseline = memoryOf(service.pid);
    const filled = await fill(service, agent);
    await sleep(1000);
    const after = memoryOf(service.pid);
    summarise(report, { created, baseline, filled, after, metrics: await metricsOf(service) });
  } finally {
    agent.destroy();
    await procs.stopAll();
  }
}

function summarise(report, { created, baseline, filled, after, metrics }) {
  const limit = baseline.rss + BOUND + MARGIN;
  const allOk = filled.statuses[200] === filled.issued;
  const short = filled.issued < KEYS ? ` (fill time limit: ${filled.issued.toLocaleString('en')} of ${KEYS.toLocaleString('en')})` : '';
  report.row({
    id: '5',
    measurement: `Memory: RSS after ${filled.issued.toLocaleString('en')} distinct keys${short}, CACHE_MAX_BYTES ${mib(BOUND)}`,
    result: `**${mib(after.rss)}** (fresh ${mib(baseline.rss)}, growth ${mib(after.rss - baseline.rss)}; peak ${mib(after.hwm)})`,
    target: `≤ fresh + bound + ${mib(MARGIN)} margin = ${mib(limit)}`,
    pass: allOk && after.rss <= limit,
  });
  report.detail(
    `memory: ${created} reports added to the sandbox; fill ${filled.seconds.toFixed(1)} s (${Math.round(filled.issued / filled.seconds)} keys/s), ` +
      `statuses [${mix(filled.statuses)}], ${mib(filled.bodyBytes)} of list JSON served (${(filled.bodyBytes / BOUND).toFixed(1)}× the bound), ` +
      `evictions ${metrics.evictions ?? 'n/a'}, V8 heap used ${metrics.heapUsed === null ? 'n/a' : mib(metrics.heapUsed)} (from /metrics); ` +
      `service started as the image starts it (the command above the table; without its heap cap in NODE_OPTIONS, V8 grows the heap lazily far past the live set); the margin is for V8 heap slack and LRU/Keyv bookkeeping beyond the store's own size estimate`,
  );
}

module.exports = { measure };
