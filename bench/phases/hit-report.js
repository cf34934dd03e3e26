'use strict';
/**
 * The hit phase's rows and bullets. Every ratio is taken within a round (two runs seconds apart) and
 * the median over the rounds is reported, so one disturbed run on the shared machine does not decide.
 */
const { median } = require('../http');
const { mib, ms, mix } = require('./common');

/** At or above this share of its core, wrk may be what limits a run (it is then reported as a FAIL). */
const LOADER_SATURATED = 0.9;

const count = (value) => Math.round(value).toLocaleString('en');
const core = (value) => value.toFixed(2);
const medianOf = (runs, key) => median(runs.map(key));
const perRound = (runs, over, under, key = (run) => run.rps) => median(runs[over].map((run, round) => key(run) / key(runs[under][round])));
/**
 * Requests per CPU second of the server (with its redis-server): the cost of a request, which another
 * job taking part of core 0 does not change. Shown beside the req/s ratio as a cross-check: when the
 * two disagree, the run was disturbed (or the server was not CPU-bound: waiting, or loader-limited).
 */
const perCpuSecond = (run) => run.rps / Object.values(run.cpu).reduce((sum, value) => sum + value, 0);
const cpuRatio = (runs, over, under) => perRound(runs, over, under, perCpuSecond).toFixed(2);

/** Every answer had the row's status (the 429 row: at most one 200 per run, when a new limit minute began). */
function clean(target, runs) {
  return runs.every((run) => {
    const expected = run.statuses[target.expected] ?? 0;
    const allowed200 = target.id === '429' ? Math.min(run.statuses[200] ?? 0, 1) : 0;
    return run.errors === 0 && run.requests > 0 && expected + allowed200 === run.requests;
  });
}

function figures(runs) {
  return (
    `p50 ${ms(medianOf(runs, (run) => run.p50))} / p99 ${ms(medianOf(runs, (run) => run.p99))}; ` +
    `loader ${core(medianOf(runs, (run) => run.loaderCpu))}, server ${core(medianOf(runs, (run) => run.cpu.server))} core`
  );
}

function throughputRows(report, { targets, runs, upstreamDuring, setup }) {
  const byId = Object.fromEntries(targets.map((target) => [target.id, target]));
  const rps = (id) => count(medianOf(runs[id], (run) => run.rps));
  const ok = (id) => clean(byId[id], runs[id]) && upstreamDuring === 0;
  const shape = `${setup.CONNECTIONS} connections, ${setup.ROUNDS}×${setup.RUN_S} s interleaved`;
  report.row({ id: '1a', measurement: `Hit, ${byId.ceiling.label} (${shape})`, result: `${rps('ceiling')} req/s (${count(medianOf(runs.ceiling, perCpuSecond))} per CPU second); ${figures(runs.ceiling)}`, target: 'reference', pass: ok('ceiling') ? null : false });
  const toCeiling = (id, rowId, target) => {
    const ratio = perRound(runs, id, 'ceiling');
    const row = {
      id: rowId,
      measurement: `${byId[id].label} / ceiling`,
      result: `**${ratio.toFixed(2)}** (per CPU second ${cpuRatio(runs, id, 'ceiling')}; ${rps(id)} req/s; ${figures(runs[id])})`,
    };
    report.row(target ? { ...row, target: `≥ ${target.toFixed(2)}`, pass: ok(id) && ratio >= target } : { ...row, target: 'for comparison', pass: ok(id) ? null : false });
  };
  toCeiling('stock', '1b');
  toCeiling('memory', '1c', 0.6);
  toCeiling('redis', '1d', 0.6);
  for (const [id, rowId] of [['401', '1e'], ['429', '1f']]) {
    const ratio = perRound(runs, id, 'memory');
    report.row({
      id: rowId,
      measurement: `${byId[id].label} / memory-store hits`,
      result: `**${ratio.toFixed(2)}** (per CPU second ${cpuRatio(runs, id, 'memory')}; ${rps(id)} req/s; ${figures(runs[id])})`,
      target: '≥ 1.00',
      pass: ok(id) && ok('memory') && ratio >= 1,
    });
  }
}

function limitRows(report, { runs, rss }) {
  const p99 = (id) => perRound(runs, id, 'ceiling', (run) => run.p99);
  const p99Pass = Math.max(p99('memory'), p99('redis')) <= 1.5;
  report.row({
    id: '1g',
    measurement: 'Hit p99 / ceiling p99: memory store; Redis store',
    result: `**${p99('memory').toFixed(2)}**; **${p99('redis').toFixed(2)}** (${ms(medianOf(runs.memory, (run) => run.p99))}; ${ms(medianOf(runs.redis, (run) => run.p99))}; ceiling ${ms(medianOf(runs.ceiling, (run) => run.p99))})`,
    target: '≤ 1.50 each',
    pass: p99Pass,
  });
  const ratio = (id) => rss[id] / rss.ceiling;
  report.row({
    id: '1h',
    measurement: 'RSS after the hit runs / ceiling RSS: memory store; Redis store',
    result: `**${ratio('memory').toFixed(2)}**; **${ratio('redis').toFixed(2)}** (${mib(rss.memory)}; ${mib(rss.redis)}; ceiling ${mib(rss.ceiling)})`,
    target: '≤ 1.80 each',
    pass: Math.max(ratio('memory'), ratio('redis')) <= 1.8,
  });
  const loaders = Object.values(runs).flat().map((run) => run.loaderCpu);
  report.row({
    id: '1i',
    measurement: 'Loader (wrk) CPU, highest of all hit runs',
    result: `**${core(Math.max(...loaders))}** core (median ${core(median(loaders))})`,
    target: `< ${LOADER_SATURATED.toFixed(2)}: wrk was not the limit`,
    pass: Math.max(...loaders) < LOADER_SATURATED,
  });
}

function runLine(run) {
  const redis = run.cpu.redis === undefined ? '' : `, redis-server ${core(run.cpu.redis)}`;
  const errors = run.errors ? `, socket errors ${JSON.stringify(run.errorKinds)}` : '';
  return (
    `${count(run.rps)} req/s (${count(perCpuSecond(run))} per CPU s) p50 ${ms(run.p50)} p99 ${ms(run.p99)}, loader ${core(run.loaderCpu)} server ${core(run.cpu.server)}${redis} ` +
    `(busy: core0 ${core(run.cores[0])} core1 ${core(run.cores[1])}) [${mix(run.statuses)}${errors}]`
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
