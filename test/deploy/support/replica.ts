import { IMAGE_ARGS, IMAGE_ENV, freePort } from '../../support/process';
import { Managed, spawnManaged } from './managed';

/** One service replica: `node dist/main.js` as the container runs it (IMAGE_ARGS), on a fixed loopback port. */
export type Replica = {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  process(): Managed;
  /** Starts it and waits for /health/ready 200. */
  start(): Promise<void>;
  /** SIGTERM (the service drains), SIGKILL after the grace period. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing cleaned up. */
  kill(): Promise<void>;
};

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export async function untilReady(replica: Replica, ms = 20_000): Promise<void> {
  let last = 'no answer';
  for (const until = Date.now() + ms; Date.now() < until; await sleep(100)) {
    if (!replica.process().running()) break;
    const response = await fetch(`${replica.url}/health/ready`, {
      signal: AbortSignal.timeout(2000),
    }).catch(() => null);
    if (response?.status === 200) return;
    if (response) last = `${response.status} ${await response.text()}`;
  }
  const tail = replica.process().output().slice(-3000);
  throw new Error(`${replica.name} not ready (${last}):\n${tail}`);
}

export async function createReplica(name: string, env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  let current: Managed | null = null;
  const replica: Replica = {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    process: () => {
      if (!current) throw new Error(`${name} not started`);
      return current;
    },
    start: async () => {
      current = spawnManaged(name, process.execPath, IMAGE_ARGS, {
        ...IMAGE_ENV,
        ...env,
        PORT: String(port),
      });
      await untilReady(replica);
    },
    stop: async () => {
      await current?.stop(Number(env.SHUTDOWN_GRACE_MS ?? 10_000) + 2000);
    },
    kill: async () => {
      current?.signal('SIGKILL');
      await current?.exited;
      await current?.stop();
    },
  };
  return replica;
}
