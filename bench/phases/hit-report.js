'use strict';
/**
 * The hit phase's rows and bullets. Every ratio is taken within a round (two runs seconds apart); the
 * median over the undisturbed rounds is reported (hit-rounds.js), so other jobs on the shared machine
 * do not decide a row.
 */
const { median } = require('../http');
const { mib, ms, mix } = require('./common');
const { DISTURBED, MIN_CLEAN_ROUNDS, RATIOS, disturbed, ratio, trustedRuns } = require('./hit-rounds');

/** At or above this share of its core, wrk may be what limits a run. */
const LOADER_SATURATED = 0.9;

const count = (value) => Math.round(value).toLocaleString('en');
const core = (value) => value.toFixed(2);
const medianOf = (runs, key) => median(runs.map(key));
/**
 * Requests per CPU second of the server (with its redis-server): the cost of a request, which another
 * job taking part of core 0 changes less than req/s. Shown beside the req/s ratio as a cross-check:
 * when the two disagree, the runs were disturbed or the server was not CPU-bound.
 */
const perCpuSecond = (run) => run.rps / Object.values(run.cpu).reduce((sum, value) => sum + value, 0);

/** Every answer had the row's status (the 429 row: at most one 200 per run, when a new limit minute began). */
function allAsExpected(target, runs) {
  return runs.every((run) => {
    const expected = run.statuses[target.expected] ?? 0;
    const allowed200 = target.id === '429' ? Math.min(run.statuses[200] ?? 0, 1) : 0;
    return run.errors === 0 && run.requests > 0 && expected + allowed200 === run.requests;
  });
}

/** A row's own figures, medians over its trusted runs. */
function figures(rowRuns) {
  const runs = trustedRuns(rowRuns);
  const of = (key) => medianOf(runs, key);
  return `${count(of((run) => run.rps))} req/s; p50 ${ms(of((run) => run.p50))} / p99 ${ms(of((run) => run.p99))}; loader ${core(of((run) => run.loaderCpu))}, server ${core(of((run) => run.cpu.server))} core`;
}

/** "**0.62** (per CPU second 0.63; 6 of 8 rounds undisturbed; …)". */
function ratioResult(runs, over, under) {
  const byRps = ratio(runs, over, under);
  const byCpu = ratio(runs, over, under, perCpuSecond);
  const rounds = byRps.trusted ? `${byRps.clean} of ${byRps.of} rounds undisturbed` : `DISTURBED: median of all ${byRps.of} rounds, ${byRps.clean} undisturbed`;
  return { value: byRps.value, text: `**${byRps.value.toFixed(2)}** (per CPU second ${byCpu.value.toFixed(2)}; ${rounds}; ${figures(runs[over])})` };
}

function throughputRows(report, { targets, runs, upstreamDuring, setup }) {
  const byId = Object.fromEntries(targets.map((target) => [target.id, target]));
  const ok = (id) => allAsExpected(byId[id], runs[id]) && upstreamDuring === 0;
  const perCpu = count(medianOf(trustedRuns(runs.ceiling), perCpuSecond));
  report.row({
    id: '1a',
    measurement: `Hit, ${byId.ceiling.label} (${setup.CONNECTIONS} connections, ${setup.rounds}×${setup.RUN_S} s interleaved)`,
    result: `${figures(runs.ceiling)} (${perCpu} req per CPU second)`,
    target: 'reference',
    pass: ok('ceiling') ? null : false,
  });
  const rows = { stock: ['1b'], memory: ['1c', 0.6], redis: ['1d', 0.6], 401: ['1e', 1], 429: ['1f', 1] };
  for (const [over, under] of RATIOS) {
    const [rowId, target] = rows[over];
    const { value, text } = ratioResult(runs, over, under);
    const row = { id: rowId, measurement: `${byId[over].label} / ${under === 'ceiling' ? 'ceiling' : 'memory-store hits'}`, result: text };
    if (target === undefined) report.row({ ...row, target: 'for comparison', pass: ok(over) ? null : false });
    else report.row({ ...row, target: `≥ ${target.toFixed(2)}`, pass: ok(over) && ok(under) && value >= target });
  }
}

function limitRows(report, { runs, rss }) {
  const p99 = (id) => ratio(runs, id, 'ceiling', (run) => run.p99).value;
  const p99Of = (id) => ms(medianOf(trustedRuns(runs[id]), (run) => run.p99));
  report.row({
    id: '1g',
    measurement: 'Hit p99 / ceiling p99: memory store; Redis store',
    result: `**${p99('memory').toFixed(2)}**; **${p99('redis').toFixed(2)}** (${p99Of('memory')}; ${p99Of('redis')}; ceiling ${p99Of('ceiling')})`,
    target: '≤ 1.50 each',
    pass: Math.max(p99('memory'), p99('redis')) <= 1.5,
  });
  const toCeiling = (id) => rss[id] / rss.ceiling;
  report.row({
    id: '1h',
    measurement: 'RSS after the hit runs / ceiling RSS: memory store; Redis store',
    result: `**${toCeiling('memory').toFixed(2)}**; **${toCeiling('redis').toFixed(2)}** (${mib(rss.memory)}; ${mib(rss.redis)}; ceiling ${mib(rss.ceiling)})`,
    target: '≤ 1.80 each',
    pass: Math.max(toCeiling('memory'), toCeiling('redis')) <= 1.8,
  });
  conditionsRow(report, runs);
}

/** Was this a measurement of the servers: wrk never near its core's limit, and enough undisturbed rounds? */
function conditionsRow(report, runs) {
  const all = Object.values(runs).flat();
  const loaderMax = Math.max(...all.map((run) => run.loaderCpu));
  const fewest = Math.min(...RATIOS.map(([over, under]) => ratio(runs, over, under).clean));
  report.row({
    id: '1i',
    measurement: `Conditions: wrk's CPU (highest run); runs whose loader or server waited > ${DISTURBED} of the run for its core`,
    result: `**${core(loaderMax)}** core (median ${core(median(all.map((run) => run.loaderCpu)))}); ${all.filter(disturbed).length} of ${all.length} runs disturbed, **${fewest}** undisturbed rounds for the worst ratio`,
    target: `< ${LOADER_SATURATED.toFixed(2)}; ≥ ${MIN_CLEAN_ROUNDS} rounds`,
    pass: loaderMax < LOADER_SATURATED && fewest >= MIN_CLEAN_ROUNDS,
  });
}

function runLine(run) {
  const redis = run.cpu.redis === undefined ? '' : `, redis-server ${core(run.cpu.redis)}`;
  const errors = run.errors ? `, socket errors ${JSON.stringify(run.errorKinds)}` : '';
  const waits = Object.entries(run.waits).map(([name, wait]) => `${name} ${core(wait)}`).join(' ');
  return (
    `${disturbed(run) ? '(disturbed) ' : ''}${count(run.rps)} req/s (${count(perCpuSecond(run))} per CPU s) p50 ${ms(run.p50)} p99 ${ms(run.p99)}, ` +
    `CPU: loader ${core(run.loaderCpu)} server ${core(run.cpu.server)}${redis}; waited: loader ${core(run.loaderWait)} ${waits}; ` +
    `busy: core0 ${core(run.cores[0])} core1 ${core(run.cores[1])} [${mix(run.statuses)}${errors}]`
  );
}

function details(report, { targets, runs, rss, upstreamDuring, bodyBytes, checks }) {
  for (const target of targets) report.detail(`hit ${target.id} runs: ${runs[target.id].map(runLine).join('; ')}`);
  report.detail(
    `hit: ${bodyBytes}-byte body; same body from the Redis-store service: ${checks.redisSameBody ? 'yes' : 'NO'}, from stock NestJS: ${checks.stockSameBody ? 'yes' : 'NO'}; ` +
      `upstream calls during the hit runs: ${upstreamDuring} (expected 0); RSS after the runs: ${targets.map((target) => `${target.id} ${mib(rss[target.id])}`).join(', ')}`,
  );
  const saturated = Object.values(runs).flat().filter((run) => run.loaderCpu >= LOADER_SATURATED).length;
  if (saturated) report.detail(`hit: **wrk used ≥ ${LOADER_SATURATED} of its core in ${saturated} run(s)**: those runs may measure the loader`);
  for (const target of targets)
    for (const [status, body] of Object.entries(runs[target.id][0].bodies)) report.detail(`hit ${target.id}: first ${status} body: \`${body.replace(/\s+/g, ' ').slice(0, 200)}\``);
}

function summarise(report, result) {
  throughputRows(report, result);
  limitRows(report, result);
  details(report, result);
}

module.exports = { summarise };
