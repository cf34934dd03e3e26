'use strict';
/**
 * What the bench reads from /proc: a process's memory and CPU time, and how busy each core was. The
 * machine is shared, so every load run records who used the two cores; a reader can then tell a slow
 * service from a loader or server that lost its core to someone else.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

/** Clock ticks per second of /proc's CPU times (USER_HZ), asked once; 100, Linux's value, if getconf fails. */
function ticksPerSecond() {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
const TICKS_PER_S = ticksPerSecond();

/** VmRSS and VmHWM of a process, in bytes, from /proc/<pid>/status. */
function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
}

/** User + system CPU seconds a process has used so far (all its threads), from /proc/<pid>/stat. */
function cpuSecondsOf(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S; // utime, stime (fields 14 and 15)
}

/**
 * Seconds a process's threads spent runnable but waiting for a core (/proc/<pid>/task/<tid>/schedstat,
 * field 2): the time someone else had the core it wanted. `mainThread` reads only the thread whose
 * id is the PID (Node's event loop), not V8's and libuv's helper threads.
 */
function runQueueWaitOf(pid, { mainThread = false } = {}) {
  const tids = mainThread ? [String(pid)] : fs.readdirSync(`/proc/${pid}/task`);
  let waitNs = 0;
  for (const tid of tids) {
    try {
      waitNs += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return waitNs / 1e9;
}

/** Busy and total ticks of each core (`cpuN` lines of /proc/stat; idle and iowait count as not busy). */
function coreTicks() {
  const cores = {};
  for (const line of fs.readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+) (.*)$/.exec(line);
    if (!match) continue;
    const ticks = match[2].trim().split(/\s+/).map(Number);
    const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0); // up to steal; guest is in user
    cores[match[1]] = { busy: total - ticks[3] - ticks[4], total };
  }
  return cores;
}

/**
 * Starts watching CPU use; the returned function gives, since then, each watched process's CPU
 * seconds per wall second (1.0 = one core), the share of the time its main thread waited for a core,
 * and each core's busy share (0..1), by anyone.
 */
function watchCpu(pids) {
  const startedAt = process.hrtime.bigint();
  const read = (reader) => Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, reader(pid)]));
  const waitOf = (pid) => runQueueWaitOf(pid, { mainThread: true });
  const before = read(cpuSecondsOf);
  const waitsBefore = read(waitOf);
  const coresBefore = coreTicks();
  return () => {
    const wallS = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const processes = Object.fromEntries(Object.entries(read(cpuSecondsOf)).map(([name, seconds]) => [name, (seconds - before[name]) / wallS]));
    const waits = Object.fromEntries(Object.entries(read(waitOf)).map(([name, seconds]) => [name, (seconds - waitsBefore[name]) / wallS]));
    const coresAfter = coreTicks();
    const cores = Object.fromEntries(
      Object.keys(coresAfter).map((core) => {
        const total = coresAfter[core].total - (coresBefore[core]?.total ?? 0);
        return [core, total > 0 ? (coresAfter[core].busy - (coresBefore[core]?.busy ?? 0)) / total : NaN];
      }),
    );
    return { processes, waits, cores };
  };
}

module.exports = { memoryOf, cpuSecondsOf, runQueueWaitOf, watchCpu };
