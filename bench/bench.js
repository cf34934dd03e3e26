'use strict';
/**
 * `npm run bench` (build, then `node bench/bench.js [phase…]`): starts the sandbox, the service, the
 * comparison servers and redis-server on 127.0.0.1, drives them with wrk on the other core (or node:http
 * where a phase measures a few connections' latency), stops everything it started and prints a
 * markdown table. Phases: hit, miss, stampede, storm, memory (all by default, in that order). See
 * bench/README.md. Exit code 1 when a target fails or a phase cannot run; 2 on bad arguments.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { LOADER_CORE, LOG_DIR, SERVER_CORE, installCleanup, stopAll } = require('./processes');
const { requireWrk } = require('./wrk');
const { imageCommand } = require('../deploy/image-command');

const PHASES = {
  hit: require('./phases/hit'),
  miss: require('./phases/miss'),
  stampede: require('./phases/stampede'),
  storm: require('./phases/storm'),
  memory: require('./phases/memory'),
};

function chosenPhases(args) {
  const unknown = args.filter((name) => !(name in PHASES));
  if (unknown.length) {
    process.stderr.write(`unknown phase(s): ${unknown.join(', ')}; choose from ${Object.keys(PHASES).join(', ')}\n`);
    process.exit(2);
  }
  return args.length ? args : Object.keys(PHASES);
}

function machine() {
  const cpus = os.cpus();
  const loadavg = os.loadavg().map((value) => value.toFixed(2)).join(' ');
  return `${new Date().toISOString()} · Node ${process.version} · ${cpus[0]?.model ?? 'unknown CPU'} · ${cpus.length} cores · load average before the run ${loadavg}`;
}

function table(rows) {
  const escape = (text) => String(text).replace(/\|/g, '\\|');
  // null: a row for comparison, with no target of its own.
  const verdict = (pass) => (pass === true ? 'PASS' : pass === null ? '—' : 'FAIL');
  return [
    '| # | Measurement | Result | Target | |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.id} | ${escape(row.measurement)} | ${escape(row.result)} | ${escape(row.target)} | ${verdict(row.pass)} |`),
  ].join('\n');
}

/** What the machine must have before anything starts; a missing piece ends the bench with its fix. */
function checkPrerequisites(phases) {
  const missing = (message) => Object.assign(new Error(message), { prerequisite: true });
  if (!fs.existsSync(path.resolve(__dirname, '../dist/main.js'))) throw missing('dist/main.js is missing: run `npm run build` first (or `npm run bench`)');
  if (phases.some((name) => PHASES[name].usesWrk)) requireWrk(missing);
  if (os.cpus().length < 2) throw missing(`the bench pins servers to core ${SERVER_CORE} and wrk to core ${LOADER_CORE}: it needs 2 cores`);
}

async function main() {
  installCleanup();
  const phases = chosenPhases(process.argv.slice(2));
  checkPrerequisites(phases);
  const rows = [];
  const details = [];
  const report = { row: (row) => rows.push(row), detail: (line) => details.push(line) };
  const header = machine();
  for (const name of phases) {
    const started = Date.now();
    process.stderr.write(`bench: ${name}…\n`);
    try {
      await PHASES[name].measure(report);
    } catch (error) {
      rows.push({ id: name, measurement: `${name} phase`, result: `error: ${error.message.split('\n')[0]}`, target: '—', pass: false });
      details.push(`${name} error: ${error.stack ?? error.message}`);
    }
    process.stderr.write(`bench: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  await stopAll();
  const image = imageCommand();
  const out = [
    `### Benchmark (${phases.join(', ')})`,
    '',
    header,
    '',
    `Service: as the image starts it, \`${Object.entries(image.env).map(([name, value]) => `${name}=${value}`).join(' ')} node ${[...image.nodeArgs, 'dist/main.js'].join(' ')}\`, NODE_ENV=development, LOG_LEVEL=` +
      (process.env.BENCH_LOG_LEVEL ?? 'info') +
      `, stdout to a file, memory store unless a row says otherwise. Servers under test on core ${SERVER_CORE}, wrk on core ${LOADER_CORE} (taskset); ` +
      'miss, stampede and memory load from node:http in the bench process; all on 127.0.0.1. Loader and server CPU: CPU seconds per wall second (1.00 = one core).',
    '',
    table(rows),
    '',
    ...details.map((line) => `- ${line}`),
    `- child logs: ${LOG_DIR}`,
  ];
  process.stdout.write(out.join('\n') + '\n');
  process.exitCode = rows.every((row) => row.pass !== false) ? 0 : 1;
}

main().catch(async (error) => {
  process.stderr.write(error.prerequisite ? `bench: ${error.message}\n` : `bench failed: ${error.stack ?? error.message}\n`);
  await stopAll();
  process.exit(1);
});
