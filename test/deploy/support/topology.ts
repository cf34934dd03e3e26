import { Gateway, startGateway } from './gateway';
import { RedisServer, startRedisServer } from './redis-server';
import { Replica, createReplica } from './replica';
import { SandboxProcess, startSandboxProcess } from './sandbox-process';

/** The deployed topology on loopback: nginx → two replicas → one Redis, the sandbox as Webex. */
export type Topology = {
  gateway: Gateway;
  replicas: [Replica, Replica];
  redis: RedisServer;
  sandbox: SandboxProcess;
  /** The replicas' environment (a scenario's overrides included). */
  env: Record<string, string>;
  stop(): Promise<void>;
};

export type TopologyOptions = {
  /** Over the replicas' defaults below. */
  env?: Record<string, string>;
  /** SANDBOX_* settings of the sandbox process. */
  sandboxEnv?: Record<string, string>;
};

export const API_KEYS = ['deploy-key-1', 'deploy-key-2'];
/** Short on purpose, so that outages and their figures fit a suite of a few minutes. */
export const UPSTREAM_DEADLINE_MS = 3000;

function replicaEnv(redis: RedisServer, sandbox: SandboxProcess): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    CACHE_STORE: 'redis',
    REDIS_URL: redis.url,
    API_KEYS: API_KEYS.join(','),
    WEBEX_BASE_URL: sandbox.baseUrl,
    WEBEX_ACCESS_TOKEN: 'sandbox-token',
    UPSTREAM_DEADLINE_MS: String(UPSTREAM_DEADLINE_MS),
    UPSTREAM_TIMEOUT_MS: '2000',
    REQUEST_TIMEOUT_MS: String(UPSTREAM_DEADLINE_MS + 1000),
    SHUTDOWN_GRACE_MS: '3000',
  };
}

type Stoppable = { stop(): Promise<void> };

async function stopAll(parts: Stoppable[]): Promise<void> {
  const results = await Promise.allSettled(parts.map((part) => part.stop()));
  for (const result of results) if (result.status === 'rejected') throw result.reason;
}

export async function startTopology(options: TopologyOptions = {}): Promise<Topology> {
  const started: Stoppable[] = [];
  try {
    const redis = await startRedisServer();
    started.push(redis);
    const sandbox = await startSandboxProcess(options.sandboxEnv);
    started.push(sandbox);
    const env = { ...replicaEnv(redis, sandbox), ...options.env };
    const replicas: [Replica, Replica] = [
      await createReplica('replica-a', env),
      await createReplica('replica-b', env),
    ];
    started.push(...replicas);
    await Promise.all(replicas.map((replica) => replica.start()));
    const gateway = await startGateway([replicas[0].port, replicas[1].port]);
    started.push(gateway);
    return { gateway, replicas, redis, sandbox, env, stop: () => stopAll(started) };
  } catch (error) {
    await stopAll(started).catch(() => undefined);
    throw error;
  }
}
