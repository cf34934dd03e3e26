import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The run's directory, DEPLOY_RUN_DIR (made by the global setup), holds every temp file of the run
 * and `pids`: the process groups the specs started and have not stopped yet. The global setup's
 * signal handlers and teardown end whatever is left and remove the directory. A file, because jest's
 * test context and the process that receives SIGINT do not share memory (a handler registered from a
 * spec never sees the signal).
 */
const registryFile = (): string | undefined =>
  process.env.DEPLOY_RUN_DIR && join(process.env.DEPLOY_RUN_DIR, 'pids');

/** A temp dir inside the run's directory (removed with it, even on SIGINT). */
export function runTempDir(prefix: string): string {
  return mkdtempSync(join(process.env.DEPLOY_RUN_DIR ?? tmpdir(), prefix));
}

export function remember(pid: number): void {
  const file = registryFile();
  if (file) appendFileSync(file, `+${pid}\n`);
}

export function forget(pid: number): void {
  const file = registryFile();
  if (file) appendFileSync(file, `-${pid}\n`);
}

/** Groups added and not yet removed, oldest first. */
export function remembered(runDir: string): number[] {
  const file = join(runDir, 'pids');
  if (!existsSync(file)) return [];
  const live = new Set<number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const pid = Number(line.slice(1));
    if (line.startsWith('+')) live.add(pid);
    else if (line.startsWith('-')) live.delete(pid);
  }
  return [...live];
}

export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

const pause = (ms: number): void =>
  void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Ends every remembered group without an event loop (it runs inside signal handlers): SIGTERM (and
 * SIGCONT, for a Redis left stopped), up to `graceMs` to exit, then SIGKILL.
 */
export function endAllSync(runDir: string, graceMs = 3000): number[] {
  const pids = remembered(runDir).filter(groupAlive);
  for (const pid of pids) {
    signalGroup(pid, 'SIGTERM');
    signalGroup(pid, 'SIGCONT');
  }
  for (const until = Date.now() + graceMs; Date.now() < until && pids.some(groupAlive);) pause(50);
  for (const pid of pids.filter(groupAlive)) signalGroup(pid, 'SIGKILL');
  rmSync(runDir, { recursive: true, force: true });
  return pids;
}
