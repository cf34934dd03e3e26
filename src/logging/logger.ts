import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { Env } from '../config/env';
import { LineBatcher, LineSink } from './line-batcher';

/**
 * Anything that could hold a secret is removed before a line is written. Explicit paths, no
 * wildcards: wildcard redaction cost 7 % of a cache hit in the benchmark, and no log call of the
 * service passes request headers or token objects anyway (these are the safety net).
 */
const REDACT = [
  'authorization',
  'token',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'access_token',
  'refresh_token',
  'client_secret',
  'headers.authorization',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'config.headers.authorization',
  'config.headers.Authorization',
];

export const APP_LOGGER = Symbol('APP_LOGGER');

/**
 * Structured JSON lines on stdout (or `destination`, which tests capture). Stdout lines go out in
 * batches (`LineBatcher`: within 100 ms), each batch one synchronous write as pino's default stdout
 * does, so nothing is ever in flight: `flushLogs` at shutdown, and an exit handler at any other exit,
 * write what is pending.
 */
export function createLogger(env: Env, destination?: DestinationStream): Logger {
  return pino(
    {
      level: env.LOG_LEVEL,
      redact: { paths: REDACT, censor: '[redacted]' },
      base: { service: 'webex-reports-bff' },
    },
    destination ?? batchedStdout(),
  );
}

function batchedStdout(): LineBatcher {
  const batcher = new LineBatcher(bufferStdout());
  process.once('exit', () => flushStream(batcher));
  return batcher;
}

/**
 * Buffer mode: the batcher hands over bytes it has encoded already. Sync: each chunk is written
 * before `write` returns (the batcher reuses its memory), retrying EAGAIN on a non-blocking pipe.
 */
function bufferStdout(): LineSink {
  const stdout = pino.destination({ dest: 1, sync: true, contentMode: 'buffer' });
  return {
    // sonic-boom's types name only strings; in buffer mode its `write` takes a Buffer.
    write: (chunk) => stdout.write(chunk as unknown as string),
    flushSync: () => stdout.flushSync(),
  };
}

export function flushLogs(logger: Logger): void {
  flushStream((logger as unknown as Record<symbol, Flushable>)[pino.symbols.streamSym]);
}

type Flushable = { flushSync?: () => void };

function flushStream(stream: Flushable | undefined): void {
  try {
    stream?.flushSync?.();
  } catch {
    /* stdout closed: nothing more can be done at exit */
  }
}

// Nest's start-up chatter (one line per module and route) is debug, not info.
const FRAMEWORK = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** Nest's own log calls (bootstrap, lifecycle, our Logger uses) into the same JSON stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    if (context && FRAMEWORK.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
