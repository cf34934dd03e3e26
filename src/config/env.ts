import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^(true|false)$/.test(value.trim())
    ? value.trim() === 'true'
    : value;
const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const DAYS_30 = 30 * 24 * 3600;
const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** The service's whole configuration; `validateEnv` is the only reader of the process environment. */
export class Env {
  @IsIn(['development', 'test', 'production']) NODE_ENV: 'development' | 'test' | 'production' =
    'development';
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';

  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  WEBEX_BASE_URL = 'https://webexapis.com/v1';
  @Transform(emptyToUndefined) @IsOptional() @IsString() WEBEX_ACCESS_TOKEN?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() WEBEX_CLIENT_ID?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() WEBEX_CLIENT_SECRET?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() WEBEX_REFRESH_TOKEN?: string;
  /** An explicit proxy for Webex calls; proxy variables of the environment are ignored. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  WEBEX_PROXY_URL?: string;

  @IsIn(['memory', 'redis']) CACHE_STORE: 'memory' | 'redis' = 'memory';
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;
  @IsString() API_KEYS = '';
  @IsString() CORS_ORIGINS = '';
  /** Admit credentialed CORS requests from CORS_ORIGINS (`CorsPolicy` answers with it). */
  @Transform(toBoolean) @IsBoolean() CORS_ALLOW_CREDENTIALS = false;
  /**
   * Comma-separated addresses or CIDRs of the gateway: requests from them take the client address
   * from X-Forwarded-For (checked in `listProblems`); Fastify's trustProxy.
   */
  @IsString() TRUST_PROXY = '';

  // Tuning. Every number has a floor and a ceiling a production team would accept; TTLs stop at 30
  // days, and no millisecond value reaches a Node timer's limit (2^31 - 1 ms, about 24.8 days).
  @Transform(toInt) @IsInt() @Min(1) @Max(DAYS_30) CACHE_TTL_LIST_S = 60;
  @Transform(toInt) @IsInt() @Min(1) @Max(DAYS_30) CACHE_TTL_LIST_IN_PROGRESS_S = 10;
  @Transform(toInt) @IsInt() @Min(1) @Max(DAYS_30) CACHE_TTL_REPORT_S = 3600;
  @Transform(toInt) @IsInt() @Min(1) @Max(DAYS_30) CACHE_TTL_REPORT_IN_PROGRESS_S = 5;
  @Transform(toInt) @IsInt() @Min(0) @Max(DAYS_30) CACHE_STALE_WHILE_REVALIDATE_S = 600;
  @Transform(toInt) @IsInt() @Min(0) @Max(DAYS_30) CACHE_STALE_IF_ERROR_S = 86400;
  /** lru-cache allocates its index for `max` entries up front: a million costs about 35 MiB before any data. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000) CACHE_MAX_ENTRIES = 10000;
  @Transform(toInt) @IsInt() @Min(1024) @Max(4 * GIB) CACHE_MAX_BYTES = 67108864;
  /** Youngest entry a caller's no-cache may refresh from Webex (seconds). */
  @Transform(toInt) @IsInt() @Min(0) @Max(3600) CACHE_MIN_REFRESH_S = 5;
  /** Longest wait for any one Redis operation (ms). */
  @Transform(toInt) @IsInt() @Min(10) @Max(60000) REDIS_TIMEOUT_MS = 500;
  /** Read `upstreamDeadlineMs`, which REQUEST_TIMEOUT_MS may shorten. */
  @Transform(toInt) @IsInt() @Min(100) @Max(600000) UPSTREAM_DEADLINE_MS = 10000;
  /** Per attempt; capped at run time by what is left of the deadline. */
  @Transform(toInt) @IsInt() @Min(50) @Max(600000) UPSTREAM_TIMEOUT_MS = 5000;
  @Transform(toInt) @IsInt() @Min(1) @Max(20) UPSTREAM_MAX_ATTEMPTS = 4;
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) UPSTREAM_MAX_CONCURRENCY = 16;
  /** Webex answers are read as one string; V8 strings end near 512 MiB, so half of that at most. */
  @Transform(toInt) @IsInt() @Min(1024) @Max(256 * MIB) UPSTREAM_MAX_RESPONSE_BYTES = 10485760;
  @Transform(toInt) @IsInt() @Min(1) @Max(100000) LIST_MAX_ITEMS = 1000;
  @Transform(toInt) @IsInt() @Min(1) @Max(DAYS_30) IDEMPOTENCY_TTL_S = 86400;
  @Transform(toInt) @IsInt() @Min(1) @Max(100_000_000) RATE_LIMIT_PER_MINUTE = 600;
  @Transform(toInt) @IsInt() @Min(1) @Max(3600) WAIT_POLL_INTERVAL_S = 5;
  /** Concurrent waitFor long-polls per caller per replica, then 429. */
  @Transform(toInt) @IsInt() @Min(1) @Max(10000) WAIT_MAX_PER_CALLER = 50;
  @Transform(toInt) @IsInt() @Min(0) @Max(120000) SHUTDOWN_GRACE_MS = 10000;
  /**
   * Longest a caller request may take (waitFor long-polls add their own timeout on top). Unset, it
   * follows the deadline; read `requestTimeoutMs`.
   */
  @Transform(toInt) @IsOptional() @IsInt() @Min(1000) @Max(600000) REQUEST_TIMEOUT_MS?: number;

  /** Derived: no Webex credentials outside production means "run against the bundled sandbox". */
  @IsOptional() @IsBoolean() useSandbox = false;
  /** Derived: REQUEST_TIMEOUT_MS, or when unset the larger of 15 s and the upstream deadline + 5 s. */
  requestTimeoutMs!: number;
  /**
   * Derived: UPSTREAM_DEADLINE_MS, shortened to end 250 ms before a shorter request timeout, so that
   * a throttled caller gets its 503 with Retry-After rather than a cut request.
   */
  upstreamDeadlineMs!: number;
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.join('\n')}`);
  }
}

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export const apiKeysOf = (env: Env) => list(env.API_KEYS);
export const corsOriginsOf = (env: Env) => list(env.CORS_ORIGINS);
export const trustedProxiesOf = (env: Env) => list(env.TRUST_PROXY);
export const usesOAuthRefresh = (env: Env) =>
  Boolean(env.WEBEX_CLIENT_ID && env.WEBEX_CLIENT_SECRET && env.WEBEX_REFRESH_TOKEN);

function crossFieldProblems(env: Env): string[] {
  const problems: string[] = [];
  const hasCredentials = usesOAuthRefresh(env) || Boolean(env.WEBEX_ACCESS_TOKEN);
  const production = env.NODE_ENV === 'production';
  if (!hasCredentials && production)
    problems.push(
      'WEBEX_ACCESS_TOKEN: no Webex credentials (set WEBEX_ACCESS_TOKEN or WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET and WEBEX_REFRESH_TOKEN)',
    );
  if (env.CACHE_STORE === 'redis' && !env.REDIS_URL)
    problems.push('REDIS_URL: required when CACHE_STORE=redis');
  if (production && apiKeysOf(env).length === 0)
    problems.push('API_KEYS: required when NODE_ENV=production');
  for (const origin of corsOriginsOf(env))
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin))
      problems.push(`CORS_ORIGINS: "${origin}" is not http(s)://host[:port]`);
  for (const entry of trustedProxiesOf(env))
    if (!isAddressOrCidr(entry))
      problems.push(`TRUST_PROXY: "${entry}" is not an IP address or CIDR`);
  env.useSandbox = !hasCredentials && !production;
  return problems;
}

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Each variable is valid on its own; where one bounds another, the tighter wins here (CONTRACT §1).
 * The per-attempt timeout needs nothing: the client caps each attempt by what is left of the deadline.
 */
function deriveValues(env: Env): void {
  env.requestTimeoutMs =
    env.REQUEST_TIMEOUT_MS ?? Math.max(15_000, env.UPSTREAM_DEADLINE_MS + 5_000);
  env.upstreamDeadlineMs = Math.min(env.UPSTREAM_DEADLINE_MS, env.requestTimeoutMs - 250);
}

/** Validates the raw environment; throws EnvError with one line per problem, each naming its variable. */
export function validateEnv(raw: Record<string, string | undefined>): Env {
  const input = Object.fromEntries(
    Object.entries(raw).filter(
      ([key, value]) => /^[A-Z][A-Z0-9_]*$/.test(key) && value !== undefined && value.trim() !== '',
    ),
  );
  const env = plainToInstance(Env, input);
  // whitelist drops the rest of the process environment (PATH, HOME, …) from the Env instance
  const problems = validateSync(env, { whitelist: true }).map(
    (error) => `${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`,
  );
  problems.push(...crossFieldProblems(env));
  if (problems.length > 0) throw new EnvError(problems);
  deriveValues(env);
  return env;
}

/** Reads `.env` (when present, without overriding real variables) and the process environment. */
export function loadEnv(): Env {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return validateEnv(process.env);
}
