'use strict';
/**
 * Load runs with wrk (Debian's `wrk` package), pinned to the loader core. One thread: on one core more
 * threads only take turns. bench/wrk-report.lua counts every answer by status and reports wrk's own
 * CPU time, so each run says whether the loader, not the server, was the limit.
 */
const fs = require('node:fs');
const path = require('node:path');
const { LOADER_CORE, LOG_DIR, launch } = require('./processes');
const { runQueueWaitOf, watchCpu } = require('./procfs');

const SCRIPT = path.join(__dirname, 'wrk-report.lua');
const LOG_FILE = path.join(LOG_DIR, 'wrk.log');
const MARKER = 'WRK_REPORT ';

/** The wrk executable on PATH, or null. */
function findWrk() {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir || '.', 'wrk');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** Throws `toError(message)` with the install hint when wrk is missing (the bench then exits non-zero). */
function requireWrk(toError = (message) => new Error(message)) {
  if (!findWrk()) throw toError('wrk is not installed: `apt-get install wrk` (Debian/Ubuntu), then run the bench again');
}

/**
 * One wrk run of `durationS` seconds at `connections` keep-alive connections on `origin + path`.
 * `timeoutS`, when given, is wrk's client timeout (an answer slower than it counts as a socket error;
 * wrk's default is 2 s). `tally` names response headers to count by value; `watch` maps names to PIDs whose CPU use and
 * wait for a core are measured over the run. Resolves with req/s, p50/p99/max in ms, the exact status
 * counts, socket errors, the loader's CPU (its CPU seconds per wall second; 1.0 = its whole core) and
 * wait, the watched processes' figures and both cores' busy share. Rejects when wrk fails or prints
 * no report.
 */
async function runWrk({ origin, path: urlPath, connections = 50, durationS, timeoutS, headers = {}, tally = [], watch = {} }) {
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const timeoutArgs = timeoutS ? ['--timeout', `${timeoutS}s`] : [];
  const args = ['-t1', `-c${connections}`, `-d${durationS}s`, ...timeoutArgs, '--latency', '-s', SCRIPT, ...headerArgs, origin + urlPath];
  fs.appendFileSync(LOG_FILE, `\n=== ${new Date().toISOString()} wrk ${args.join(' ')}\n`);
  const offset = fs.statSync(LOG_FILE).size;
  const stopWatching = watchCpu(watch);
  const proc = launch('wrk', findWrk() ?? 'wrk', tally.length ? [...args, '--', ...tally] : args, { PATH: process.env.PATH ?? '' }, { core: LOADER_CORE });
  const loaderWait = sampleLoaderWait(proc, durationS);
  const exit = await proc.exited;
  const watched = stopWatching();
  const output = readFrom(LOG_FILE, offset);
  const line = output.split('\n').find((text) => text.startsWith(MARKER));
  if (exit.code !== 0 || !line) throw new Error(`wrk exited ${JSON.stringify(exit)} without a report (log ${LOG_FILE}):\n${output.slice(-1500)}`);
  return toResult(JSON.parse(line.slice(MARKER.length)), watched, loaderWait.share());
}

/**
 * How long wrk's threads waited for their core, as a share of the time since launch, read shortly
 * before wrk ends (an exited process's per-thread schedstat is gone). A loader that waited was limited
 * by another job on its core, whatever its own CPU use says.
 */
function sampleLoaderWait(proc, durationS) {
  const startedAt = Date.now();
  let share = NaN;
  const timer = setTimeout(() => {
    try {
      share = runQueueWaitOf(proc.pid) / ((Date.now() - startedAt) / 1000);
    } catch {
      // wrk already exited (it failed early): no figure
    }
  }, Math.max(0, durationS * 1000 - 300));
  proc.exited.then(() => clearTimeout(timer));
  return { share: () => share };
}

function readFrom(file, offset) {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(fs.fstatSync(fd).size - offset);
    fs.readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function toResult(report, watched, loaderWait) {
  const seconds = report.durationUs / 1e6;
  const errors = Object.values(report.errors).reduce((sum, count) => sum + count, 0);
  const answered = Object.values(report.statuses).reduce((sum, count) => sum + count, 0);
  return {
    rps: report.requests / seconds,
    requests: report.requests,
    answered,
    seconds,
    p50: report.p50Us / 1000,
    p99: report.p99Us / 1000,
    max: report.maxUs / 1000,
    statuses: report.statuses,
    tallies: report.tallies,
    bodies: report.bodies,
    errors,
    errorKinds: report.errors,
    loaderCpu: report.cpuS / seconds,
    loaderWait,
    cpu: watched.processes,
    waits: watched.waits,
    cores: watched.cores,
  };
}

module.exports = { requireWrk, runWrk };
