import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { imageCommand } from '../../deploy/image-command';

export const MAIN = resolve(__dirname, '../../dist/main.js');

const image = imageCommand();
/** node's arguments as the image starts the service (read from the Dockerfile), ending in MAIN. */
export const IMAGE_ARGS = [...image.nodeArgs, MAIN];
/** The environment the image sets for node (NODE_OPTIONS, malloc's settings; read from the Dockerfile). */
export const IMAGE_ENV: Record<string, string> = image.env;

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

export type Started = { child: ChildProcess; output: () => string; exit: Promise<number | null> };

/** `node dist/main.js` as a container runs it (built by `npm test`'s pretest), with only `env` (and `cwd`'s .env). */
export function startMain(env: Record<string, string>, cwd?: string): Started {
  const child = spawn(process.execPath, IMAGE_ARGS, {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...IMAGE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => text, exit };
}

export async function waitUntilLive(port: number, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`service on ${port} did not come up`);
}
