'use strict';
/**
 * 1. Cache hits and refused requests against the ceiling, all in one run: the same URL at 50
 * connections from wrk (loader core) on six servers (server core), one at a time. After a warm-up of
 * each, the runs are interleaved (A B C D E F, repeated), so drift on the shared machine hits every
 * row alike, and each row is reported as a ratio to a run made seconds before or after.
 */
const { memoryOf } = require('../procfs');
const { runWrk } = require('../wrk');
const { HIT_PATH, phaseProcesses } = require('./common');
const { startTargets } = require('./hit-targets');
const { summarise } = require('./hit-report');

const CONNECTIONS = 50;
const WARMUP_S = 3;
/** Rounds and run length: 4 × 6 × 5 s, about 2.5 min with the warm-ups (env overrides for quick checks). */
const ROUNDS = Number(process.env.BENCH_HIT_ROUNDS) || 4;
const RUN_S = Number(process.env.BENCH_HIT_RUN_S) || 5;

const load = (target, durationS) =>
  runWrk({ origin: target.origin, path: HIT_PATH, connections: CONNECTIONS, durationS, headers: target.headers, watch: target.watch });

async function measure(report) {
  const procs = phaseProcesses();
  try {
    const { sandbox, sample, checks, targets } = await startTargets(procs);
    const upstreamBefore = (await sandbox.counters()).total;
    for (const target of targets) await load(target, WARMUP_S);
    const runs = Object.fromEntries(targets.map((target) => [target.id, []]));
    for (let round = 0; round < ROUNDS; round++) for (const target of targets) runs[target.id].push(await load(target, RUN_S));
    const upstreamDuring = (await sandbox.counters()).total - upstreamBefore;
    const rss = Object.fromEntries(targets.map((target) => [target.id, memoryOf(target.pid).rss]));
    summarise(report, { targets, runs, rss, upstreamDuring, bodyBytes: sample.body.length, checks, setup: { CONNECTIONS, ROUNDS, RUN_S, WARMUP_S } });
  } finally {
    await procs.stopAll();
  }
}

module.exports = { measure, usesWrk: true };
