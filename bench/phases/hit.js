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
const { enoughCleanRounds } = require('./hit-rounds');

const CONNECTIONS = 50;
const WARMUP_S = 3;
/**
 * Rounds and run length: at least 8 rounds × 6 servers × 3 s, about 2.7 min with the warm-ups. Many
 * short rounds rather than few long ones: a disturbance from another job then spoils a few rounds,
 * and the medians over rounds hold. While some ratio has too few undisturbed rounds (hit-rounds.js),
 * rounds are added, up to twice as many. Env overrides are for quick checks.
 */
const ROUNDS = Number(process.env.BENCH_HIT_ROUNDS) || 8;
const MAX_ROUNDS = 2 * ROUNDS;
const RUN_S = Number(process.env.BENCH_HIT_RUN_S) || 3;

const load = (target, durationS) =>
  runWrk({ origin: target.origin, path: HIT_PATH, connections: CONNECTIONS, durationS, headers: target.headers, watch: target.watch });

async function measure(report) {
  const procs = phaseProcesses();
  try {
    const { sandbox, sample, checks, targets } = await startTargets(procs);
    const upstreamBefore = (await sandbox.counters()).total;
    for (const target of targets) await load(target, WARMUP_S);
    const runs = Object.fromEntries(targets.map((target) => [target.id, []]));
    const rounds = () => runs.ceiling.length;
    while (rounds() < MAX_ROUNDS && (rounds() < ROUNDS || !enoughCleanRounds(runs)))
      for (const target of targets) runs[target.id].push(await load(target, RUN_S));
    const upstreamDuring = (await sandbox.counters()).total - upstreamBefore;
    const rss = Object.fromEntries(targets.map((target) => [target.id, memoryOf(target.pid).rss]));
    summarise(report, { targets, runs, rss, upstreamDuring, bodyBytes: sample.body.length, checks, setup: { CONNECTIONS, rounds: rounds(), RUN_S, WARMUP_S } });
  } finally {
    await procs.stopAll();
  }
}

module.exports = { measure, usesWrk: true };
