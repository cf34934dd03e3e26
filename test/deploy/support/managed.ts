import { spawn } from 'node:child_process';
import { forget, groupAlive, remember, signalGroup } from './registry';

/** A process the suite started, in a process group of its own (nginx's workers included). */
export type Managed = {
  readonly name: string;
  readonly pid: number;
  /** Everything it wrote (stdout and stderr), its last 4 MB. */
  output(): string;
  running(): boolean;
  readonly exited: Promise<number | string | null>;
  /** One signal to the process itself (SIGSTOP, SIGCONT, SIGKILL). */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM to its group, SIGKILL after `graceMs`; resolves once the whole group is gone. */
  stop(graceMs?: number): Promise<void>;
};

const OUTPUT_LIMIT = 4 * 1024 * 1024;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function within<T>(promise: Promise<T>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((done) => (timer = setTimeout(() => done(false), ms)));
  return Promise.race([promise.then(() => true), late]).finally(() => clearTimeout(timer));
}

async function groupGone(pid: number, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await sleep(20))
    if (!groupAlive(pid)) return true;
  return !groupAlive(pid);
}

export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
): Managed {
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  // Without a listener, a spawn failure (a missing binary) would crash the test runner.
  child.on('error', (error) => (text += `\n${name}: ${error.message}\n`));
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command} (installed?)`);
  const pid = child.pid;
  remember(pid);
  const keep = (chunk: Buffer) => (text = (text + chunk.toString()).slice(-OUTPUT_LIMIT));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let alive = true;
  const exited = new Promise<number | string | null>((done) =>
    child.on('exit', (code, signal) => {
      alive = false;
      if (!groupAlive(pid)) forget(pid);
      done(code ?? signal);
    }),
  );
  const stop = async (graceMs = 5000) => {
    if (alive || groupAlive(pid)) {
      signalGroup(pid, 'SIGTERM');
      signalGroup(pid, 'SIGCONT');
      if (!(await within(exited, graceMs)) || !(await groupGone(pid, 1000)))
        signalGroup(pid, 'SIGKILL');
      await exited;
      await groupGone(pid, 1000);
    }
    forget(pid);
  };
  return {
    name,
    pid,
    output: () => text,
    running: () => alive,
    exited,
    signal: (signal) => void (alive && process.kill(pid, signal)),
    stop,
  };
}
