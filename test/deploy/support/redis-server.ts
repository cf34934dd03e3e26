import { mkdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from '../../support/process';
import { Managed, spawnManaged } from './managed';
import { runTempDir } from './registry';

/** The suite's own redis-server on a free loopback port: never the shared 6379. */
export type RedisServer = {
  readonly port: number;
  readonly url: string;
  process(): Managed;
  /** Starts it again on the same port (after `stop`), empty: no persistence. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** SIGSTOP: the socket stays open, nothing is answered. */
  stall(): void;
  resume(): void;
  command(...args: string[]): Promise<string>;
};

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** One RESP command; the reply's first line (`+OK`, `:3`, `-ERR …`). */
export function redisCommand(port: number, args: string[], timeoutMs = 1000): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`redis :${port} timed out`)));
    socket.on('error', fail);
    let reply = '';
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (!reply.includes('\r\n')) return;
      socket.end();
      done(reply.slice(0, reply.indexOf('\r\n')));
    });
    const frames = args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
    socket.write(`*${args.length}\r\n${frames.join('')}`);
  });
}

async function untilPong(port: number, ms = 5000): Promise<void> {
  for (const until = Date.now() + ms; Date.now() < until; await sleep(50))
    if ((await redisCommand(port, ['PING'], 500).catch(() => '')) === '+PONG') return;
  throw new Error(`redis-server on ${port} did not answer PING`);
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const dir = runTempDir('redis-');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
  let current: Managed | null = null;
  const start = async () => {
    mkdirSync(dir, { recursive: true });
    current = spawnManaged(
      'redis',
      'redis-server',
      [...args, '--save', '', '--appendonly', 'no'],
      {},
    );
    await untilPong(port);
  };
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    process: () => {
      if (!current) throw new Error('redis-server not started');
      return current;
    },
    start,
    stop: async () => {
      await current?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    stall: () => current?.signal('SIGSTOP'),
    resume: () => current?.signal('SIGCONT'),
    command: (...command) => redisCommand(port, command),
  };
  await start();
  return server;
}
