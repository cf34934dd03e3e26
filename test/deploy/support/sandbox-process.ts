import { resolve } from 'node:path';
import type { SandboxFault, SandboxRequest } from '../../../src/sandbox/sandbox.types';
import { freePort } from '../../support/process';
import { Managed, spawnManaged } from './managed';

const SANDBOX_MAIN = resolve(__dirname, '../../../dist/sandbox/sandbox.main.js');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The Webex sandbox as its own process (as in docker-compose), driven over `/_sandbox/*`. */
export type SandboxProcess = {
  /** What the replicas use as WEBEX_BASE_URL. */
  readonly baseUrl: string;
  process(): Managed;
  addFaults(...faults: SandboxFault[]): Promise<void>;
  requests(): Promise<SandboxRequest[]>;
  /** Clears the log and faults, restores the seed data (tokens stay as they are). */
  reset(): Promise<void>;
  refreshTokenNow(): Promise<string>;
  stop(): Promise<void>;
};

async function control<T>(origin: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${origin}/_sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

async function untilListening(origin: string, started: Managed): Promise<void> {
  for (const until = Date.now() + 10_000; Date.now() < until; await sleep(50)) {
    if (!started.running()) break;
    if (
      await control(origin, 'GET', 'counters').then(
        () => true,
        () => false,
      )
    )
      return;
  }
  throw new Error(`sandbox did not come up:\n${started.output()}`);
}

/** `env`: SANDBOX_* settings (see src/sandbox/sandbox.main.ts). */
export async function startSandboxProcess(
  env: Record<string, string> = {},
): Promise<SandboxProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const started = spawnManaged('sandbox', process.execPath, [SANDBOX_MAIN], {
    SANDBOX_HOST: '127.0.0.1',
    SANDBOX_PORT: String(port),
    ...env,
  });
  try {
    await untilListening(origin, started);
  } catch (error) {
    await started.stop();
    throw error;
  }
  return {
    baseUrl: `${origin}/v1`,
    process: () => started,
    addFaults: (...faults) => control(origin, 'POST', 'faults', faults),
    requests: () => control<SandboxRequest[]>(origin, 'GET', 'requests'),
    reset: () => control(origin, 'POST', 'reset'),
    refreshTokenNow: async () =>
      (await control<{ refreshToken: string }>(origin, 'GET', 'refresh-token')).refreshToken,
    stop: () => started.stop(),
  };
}
