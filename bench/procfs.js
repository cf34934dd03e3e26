'use strict';
/**
 * What the bench reads from /proc: a process's memory and CPU time, and how busy each core was. The
 * machine is shared, so every load run records who used the two cores; a reader can then tell a slow
 * service from a loader or server that lost its core to someone else.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on every Linux the bench runs on, asked once). */
const TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

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
 * seconds per wall second (1.0 = one core) and each core's busy share (0..1), by anyone.
 */
function watchCpu(pids) {
  const startedAt = process.hrtime.bigint();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSecondsOf(pid)]));
  const coresBefore = coreTicks();
  return () => {
    const wallS = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const processes = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, (cpuSecondsOf(pid) - before[name]) / wallS]));
    const coresAfter = coreTicks();
    const cores = Object.fromEntries(
      Object.keys(coresAfter).map((core) => {
        const total = coresAfter[core].total - (coresBefore[core]?.total ?? 0);
        return [core, total > 0 ? (coresAfter[core].busy - (coresBefore[core]?.busy ?? 0)) / total : NaN];
      }),
    );
    return { processes, cores };
  };
}

module.exports = { memoryOf, cpuSecondsOf, watchCpu };
