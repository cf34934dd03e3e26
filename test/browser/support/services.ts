import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort, startMain, Started, waitUntilLive } from '../../support/process';

const SANDBOX_MAIN = resolve(__dirname, '../../../dist/sandbox/sandbox.main.js');

/** The caller key every browser test sends. */
export const API_KEY = 'browser-dashboard-key';

export type RunningProcess = { name: string; started: Started };
export type Sandbox = RunningProcess & { baseUrl: string };
export type Service = RunningProcess & { origin: string };

/** Resolves when `started` printed `text`, rejects when it exits first or `ms` pass. */
function waitForOutput(started: Started, text: string, ms = 15_000): Promise<void> {
  return new Promise((done, fail) => {
    const timer = setInterval(() => {
      if (started.output().includes(text)) finish(done);
      else if (started.child.exitCode !== null) finish(() => fail(new Error(started.output())));
    }, 50);
    const deadline = setTimeout(
      () => finish(() => fail(new Error(`no '${text}' in ${ms} ms`))),
      ms,
    );
    const finish = (then: () => void) => {
      clearInterval(timer);
      clearTimeout(deadline);
      then();
    };
  });
}

/** The Webex sandbox as its own process, so its complete time is set like docker-compose sets it. */
export async function startSandboxProcess(completeAfterMs: number): Promise<Sandbox> {
  const port = await freePort();
  const child = spawn(process.execPath, [SANDBOX_MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      SANDBOX_PORT: String(port),
      SANDBOX_COMPLETE_AFTER_MS: String(completeAfterMs),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = track(child);
  await waitForOutput(started, 'listening');
  return { name: 'sandbox', started, baseUrl: `http://127.0.0.1:${port}/v1` };
}

function track(child: ChildProcess): Started {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => text, exit };
}

/** `node dist/main.js` against the sandbox, admitting the dashboard's origin, plus `env`. */
export async function startService(
  name: string,
  sandbox: Sandbox,
  dashboardOrigin: string,
  env: Record<string, string> = {},
): Promise<Service> {
  const port = await freePort();
  const started = startMain({
    NODE_ENV: 'development',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    WEBEX_BASE_URL: sandbox.baseUrl,
    WEBEX_ACCESS_TOKEN: 'sandbox-token',
    API_KEYS: API_KEY,
    CORS_ORIGINS: dashboardOrigin,
    WAIT_POLL_INTERVAL_S: '1',
    ...env,
  });
  const service = { name, started, origin: `http://127.0.0.1:${port}` };
  try {
    await waitUntilLive(port);
  } catch (error) {
    await stopProcess(service);
    throw new Error(`${name}: ${(error as Error).message}\n${started.output()}`);
  }
  return service;
}

/** SIGTERM, then SIGKILL when it has not exited within `graceMs`. */
export async function stopProcess({ started }: RunningProcess, graceMs = 5_000): Promise<void> {
  const { child, exit } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exit;
  clearTimeout(timer);
}
