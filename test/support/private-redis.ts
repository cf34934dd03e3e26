import { createClient } from '@redis/client';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './process';

export type PrivateRedis = {
  url: string;
  /** Runs one command on it, e.g. `['FLUSHALL']`. */
  command: (args: string[]) => Promise<unknown>;
  stop: () => Promise<void>;
};

/**
 * A `redis-server` of the spec's own on a free loopback port, without persistence, for specs that
 * flush, stop or stall Redis (the shared one on 6379 belongs to everybody). Stopped by its PID.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `redis://127.0.0.1:${port}`;
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  for (let tries = 0; !client.isReady; tries += 1) {
    if (tries === 50) {
      child.kill('SIGKILL');
      throw new Error(`redis-server on ${port} did not start`);
    }
    await sleep(100);
    await client.connect().catch(() => undefined);
  }
  return {
    url,
    command: (args) => client.sendCommand(args),
    async stop() {
      await client.quit().catch(() => undefined);
      child.kill('SIGTERM');
      await exited;
    },
  };
}
