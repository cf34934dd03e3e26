import { SandboxOptions, startSandbox } from './sandbox.server';

/**
 * `npm run sandbox`: the Webex sandbox on its own, for docker-compose and the benchmark. A separate
 * program from the service, so it reads its own environment:
 * SANDBOX_PORT (4000), SANDBOX_HOST (127.0.0.1), SANDBOX_ACCESS_TOKEN, SANDBOX_CLIENT_ID,
 * SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN, SANDBOX_TOKEN_LIFETIME_S, SANDBOX_PAGE_SIZE,
 * SANDBOX_COMPLETE_AFTER_MS, SANDBOX_DOWNLOAD_URL_LIFETIME_S, SANDBOX_SEED (false to start empty).
 */

function numberFrom(name: string, fallback?: number): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  return value;
}

function optionsFromEnv(): SandboxOptions {
  const env = process.env;
  return {
    port: numberFrom('SANDBOX_PORT', 4000),
    host: env.SANDBOX_HOST || '127.0.0.1',
    accessToken: env.SANDBOX_ACCESS_TOKEN || undefined,
    clientId: env.SANDBOX_CLIENT_ID || undefined,
    clientSecret: env.SANDBOX_CLIENT_SECRET || undefined,
    refreshToken: env.SANDBOX_REFRESH_TOKEN || undefined,
    tokenLifetimeS: numberFrom('SANDBOX_TOKEN_LIFETIME_S'),
    pageSize: numberFrom('SANDBOX_PAGE_SIZE'),
    completeAfterMs: numberFrom('SANDBOX_COMPLETE_AFTER_MS'),
    downloadUrlLifetimeS: numberFrom('SANDBOX_DOWNLOAD_URL_LIFETIME_S'),
    seed: env.SANDBOX_SEED !== 'false',
  };
}

async function main(): Promise<void> {
  const sandbox = await startSandbox(optionsFromEnv());
  console.log(`Webex sandbox listening at ${sandbox.baseUrl}`);
  const stop = (): void => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(`Webex sandbox failed to start: ${(error as Error).message}`);
  process.exit(1);
});
