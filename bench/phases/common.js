'use strict';
/** What the phases share: the polled URL, the Webex query space for distinct keys, formatting. */

/** A real wholesale list (9 seeded PARTNER reports, ~2.9 KB of JSON). */
const HIT_PATH = '/v1/reports/wholesale?type=PARTNER&max=20';
const SANDBOX_AUTH = { authorization: 'Bearer sandbox-token' };
const WEBEX_LIST_PATH = '/v1/wholesale/billing/reports';

const TYPES = ['PARTNER', 'CUSTOMER', 'USER'];
const SORTS = ['id', 'billingStartDate', 'billingEndDate', 'status'];
const STATUSES = ['COMPLETED', 'IN_PROGRESS', 'FAILED'];

/** YYYY-MM-DD, `days` after 2020-01-01 (always a real date). */
const dayOf = (days) => new Date(Date.UTC(2020, 0, 1 + days)).toISOString().slice(0, 10);

/**
 * The i-th distinct wholesale query: max 1..100 × type 3 × sortBy 4 × status 3 = 3 600 combinations,
 * then a billingStartDate per further block of 3 600 (each combination is its own cache key).
 */
function missQuery(i) {
  const block = Math.floor(i / 3600);
  const j = i % 3600;
  const query = `max=${1 + (j % 100)}&type=${TYPES[Math.floor(j / 100) % 3]}&sortBy=${SORTS[Math.floor(j / 300) % 4]}&status=${STATUSES[Math.floor(j / 1200)]}`;
  return block === 0 ? query : `${query}&billingStartDate=${dayOf(block - 1)}`;
}

const mib = (bytes) => `${(bytes / 1048576).toFixed(1)} MiB`;
const ms = (value) => `${value.toFixed(1)} ms`;
const mix = (counts) =>
  Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([key, count]) => `${key}×${count}`)
    .join(', ') || 'none';

/** The processes one phase started, so the phase stops exactly those (in `finally`). */
function phaseProcesses() {
  const procs = [];
  return {
    add: async (starting) => {
      const proc = await starting;
      procs.push(proc);
      return proc;
    },
    stop: (proc) => proc.stop(),
    stopAll: () => Promise.all(procs.map((proc) => proc.stop())),
  };
}

module.exports = { HIT_PATH, SANDBOX_AUTH, WEBEX_LIST_PATH, TYPES, SORTS, dayOf, missQuery, mib, ms, mix, phaseProcesses };
