// First: Nest's logger modules load here without building their date formatters (ICU's data).
import './logging/lazy-nest-timestamps';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createAdapter } from './app.setup';
import { Env, EnvError, loadEnv } from './config/env';
import type { Logger as PinoLogger } from 'pino';
import { APP_LOGGER, createLogger, flushLogs } from './logging/logger';
import { startSandbox } from './sandbox/sandbox.server';
import { collectStartupGarbage } from './startup-gc';

async function withSandbox(env: Env): Promise<Env> {
  if (!env.useSandbox) return env;
  const sandbox = await startSandbox({ host: '127.0.0.1', port: 0 });
  createLogger(env).warn(
    { sandbox: sandbox.baseUrl },
    `no Webex credentials: using the bundled Webex sandbox at ${sandbox.baseUrl}`,
  );
  return Object.assign(env, {
    WEBEX_BASE_URL: sandbox.baseUrl,
    WEBEX_ACCESS_TOKEN: 'sandbox-token',
  });
}

const mib = (bytes: number): string => (bytes / 1048576).toFixed(1);

async function bootstrap(): Promise<void> {
  let env: Env;
  try {
    env = loadEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    for (const line of error.problems) process.stderr.write(`config error: ${line}\n`);
    process.exit(1);
  }
  env = await withSandbox(env);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(env),
    createAdapter(env),
    { bufferLogs: true, bodyParser: false }, // configureApp registers the one JSON parser
  );
  configureApp(app);
  await app.listen(env.PORT, '0.0.0.0');
  const collected = collectStartupGarbage();
  const logger = new Logger('Bootstrap');
  if (collected)
    logger.log(
      `startup garbage collected: heap used ${mib(collected.heapUsedBefore)} → ${mib(collected.heapUsedAfter)} MiB`,
    );
  logger.log(`listening on port ${env.PORT}`);
  closeOnSignals(app, env.SHUTDOWN_GRACE_MS);
}

/**
 * SIGTERM/SIGINT: stop accepting, let in-flight requests finish, then close Redis and the rest, exit 0.
 * Nest's own shutdown hooks re-raise the signal (a non-zero exit) and run module teardown (Redis)
 * before the HTTP server drains, so the signals are handled here, HTTP first.
 */
async function drain(app: NestFastifyApplication): Promise<void> {
  await app.getHttpAdapter().getInstance().close();
}

function closeOnSignals(app: NestFastifyApplication, graceMs: number): void {
  let closing = false;
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    new Logger('Bootstrap').log(`${signal}: draining`);
    setTimeout(() => process.exit(1), graceMs).unref();
    drain(app)
      .then(() => app.close())
      .then(() => flushLogs(app.get<PinoLogger>(APP_LOGGER)))
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGTERM', () => close('SIGTERM'));
  process.on('SIGINT', () => close('SIGINT'));
}

void bootstrap();
