'use strict';
/**
 * 5. Memory: fill 100 000 distinct list keys into the memory store and compare the service's RSS with
 * its RSS fresh from start plus the configured byte bound plus a stated margin.
 *
 * The seed data alone gives mostly empty lists (~0.3 KB a key: 100 000 keys would never reach the
 * bound), so the sandbox first gets 12 reports per (day, type) for 84 days; with `max` 1..100 a key then
 * holds ~11 items, ~3.5 KB of JSON, and 100 000 keys are ~5× the bound: the LRU must evict.
 * CACHE_MAX_ENTRIES is raised so that the byte bound, not the entry count, is what holds.
 */
const http = require('node:http');
const { memoryOf, startSandbox, startService } = require('../processes');
const { pool, send, sleep } = require('../http');
const { SANDBOX_AUTH, SORTS, TYPES, WEBEX_LIST_PATH, dayOf, mib, mix, phaseProcesses } = require('./common');

const KEYS = 100_000;
const DAYS = 84; // 84 days × 3 types × 4 sortBy × 100 max = 100 800 ≥ KEYS
const REPORTS_PER_DAY_AND_TYPE = 12;
const BOUND = 64 * 1048576;
const MARGIN = 64 * 1048576;
const FILL_WORKERS = 32;
const FILL_LIMIT_MS = 150_000;

/** Key i: max fastest, then sortBy, type, day. */
function keyPath(i) {
  const max = 1 + (i % 100);
  const sortBy = SORTS[Math.floor(i / 100) % 4];
  const type = TYPES[Math.floor(i / 400) % 3];
  const day = dayOf(Math.floor(i / 1200));
  return `/v1/reports/wholesale?billingStartDate=${day}&type=${type}&sortBy=${sortBy}&max=${max}`;
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

/** `cache_events_total{outcome="eviction"}` when /metrics serves it, else null. */
async function evictions(service) {
  const answer = await send({ origin: service.origin, path: '/metrics' }).catch(() => null);
  if (answer?.status !== 200) return null;
  const line = /^cache_events_total\{[^}]*outcome="eviction"[^}]*\}\s+(\d+)/m.exec(answer.body.toString());
  return line ? Number(line[1]) : null;
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
    summarise(report, { created, baseline, filled, after, evicted: await evictions(service) });
  } finally {
    agent.destroy();
    await procs.stopAll();
  }
}

function summarise(report, { created, baseline, filled, after, evicted }) {
  const limit = baseline.rss + BOUND + MARGIN;
  const complete = filled.issued === KEYS && filled.statuses[200] === KEYS;
  report.row({
    id: '5',
    measurement: `Memory: RSS after ${filled.issued.toLocaleString('en')} distinct keys, CACHE_MAX_BYTES ${mib(BOUND)}`,
    result: `**${mib(after.rss)}** (fresh ${mib(baseline.rss)}, growth ${mib(after.rss - baseline.rss)}; peak ${mib(after.hwm)})`,
    target: `≤ fresh + bound + ${mib(MARGIN)} margin = ${mib(limit)}`,
    pass: complete && after.rss <= limit,
  });
  report.detail(
    `memory: ${created} reports added to the sandbox; fill ${filled.seconds.toFixed(1)} s (${Math.round(filled.issued / filled.seconds)} keys/s), ` +
      `statuses [${mix(filled.statuses)}], ${mib(filled.bodyBytes)} of list JSON served (${(filled.bodyBytes / BOUND).toFixed(1)}× the bound), ` +
      `evictions ${evicted ?? 'n/a (no /metrics)'}; margin covers V8 heap slack and LRU/Keyv bookkeeping beyond the store's own size estimate`,
  );
}

module.exports = { measure };
