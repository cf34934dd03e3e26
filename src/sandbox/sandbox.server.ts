import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApiState } from './sandbox.context';
import { controlAnswer } from './sandbox.control';
import { downloadAnswer, isDownloadPath } from './sandbox.downloads';
import { createFaultQueue } from './sandbox.faults';
import {
  SandboxHttpError,
  parseBody,
  readBody,
  webexErrorAnswer,
  writeAnswer,
} from './sandbox.http';
import { createRequestLog } from './sandbox.log';
import { Pipeline, handleApi } from './sandbox.pipeline';
import { createReportStore } from './sandbox.store';
import { createTokenIssuer } from './sandbox.tokens';
import { SANDBOX_BROADWORKS } from './sandbox.broadworks';
import { SANDBOX_WHOLESALE } from './sandbox.wholesale';
import { SandboxFamily } from './sandbox.family';
import { ResolvedOptions, Sandbox, SandboxSettings } from './sandbox.types';

export type { SandboxFamily } from './sandbox.family';
export type {
  LinkMode,
  ReportFamily,
  ReportPatch,
  Sandbox,
  SandboxCounters,
  SandboxFault,
  SandboxSettings,
  SandboxRequest,
} from './sandbox.types';

export type SandboxOptions = SandboxSettings & {
  /** the report families served; default BroadWorks and Wholesale */
  families?: readonly SandboxFamily[];
};

const DEFAULT_FAMILIES = [SANDBOX_BROADWORKS, SANDBOX_WHOLESALE];

const DEFAULTS: ResolvedOptions = {
  port: 0,
  host: '127.0.0.1',
  accessToken: 'sandbox-token',
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret',
  refreshToken: 'sandbox-refresh-token',
  tokenLifetimeS: 3600,
  rotateRefreshToken: true,
  pageSize: 100,
  completeAfterMs: 3000,
  downloadUrlLifetimeS: 3600,
  seed: true,
  now: Date.now,
};

function resolveOptions(options: SandboxSettings): ResolvedOptions {
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  return { ...DEFAULTS, ...(Object.fromEntries(given) as SandboxSettings) };
}

type Runtime = { pipeline: Pipeline; sandbox: Sandbox; timers: Set<NodeJS.Timeout> };

async function route(req: IncomingMessage, res: ServerResponse, runtime: Runtime): Promise<void> {
  const url = new URL(`http://sandbox.invalid${req.url ?? '/'}`);
  const raw = await readBody(req);
  const method = req.method ?? 'GET';
  if (url.pathname.startsWith('/_sandbox/')) {
    // Control calls are JSON whatever they are labelled: `curl -d` says it sends a form.
    const body = parseBody(raw, 'application/json');
    return writeAnswer(res, controlAnswer(method, url.pathname, body, runtime.sandbox));
  }
  const { families, state } = runtime.pipeline;
  const { store, options } = state;
  if (method === 'GET' && isDownloadPath(url.pathname))
    return writeAnswer(res, downloadAnswer(url, store, families, options.now()));
  return handleApi(req, res, url, raw, runtime.pipeline);
}

function handle(req: IncomingMessage, res: ServerResponse, runtime: Runtime): void {
  route(req, res, runtime).catch((error: unknown) => {
    if (res.headersSent || res.destroyed) return;
    const status = error instanceof SandboxHttpError ? error.status : 500;
    writeAnswer(res, webexErrorAnswer(status, (error as Error).message, 'sandbox'));
  });
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Cancels pending fault delays and drops every open socket, so tests never wait on keep-alive. */
function closeServer(server: Server, timers: Set<NodeJS.Timeout>): Promise<void> {
  timers.forEach(clearTimeout);
  timers.clear();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function cancellableSleep(timers: Set<NodeJS.Timeout>): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
}

function pipelineOf(
  options: ResolvedOptions,
  families: readonly SandboxFamily[],
  authority: string,
  timers: Set<NodeJS.Timeout>,
): Pipeline {
  const state: ApiState = {
    options,
    store: createReportStore(() =>
      options.seed ? families.flatMap((family) => family.seed()) : [],
    ),
    tokens: createTokenIssuer(options),
    linkMode: 'normal',
  };
  return {
    state,
    faults: createFaultQueue(),
    log: createRequestLog(families),
    sleep: cancellableSleep(timers),
    authority,
    families,
  };
}

function sandboxOf(server: Server, runtime: Omit<Runtime, 'sandbox'>, port: number): Sandbox {
  const { pipeline, timers } = runtime;
  const { state, faults, log } = pipeline;
  return {
    baseUrl: `http://${pipeline.authority}/v1`,
    port,
    close: () => closeServer(server, timers),
    addFault: (fault) => faults.add(fault, state.options.now()),
    requests: () => log.all(),
    count: (method, pathPrefix) => log.count(method, pathPrefix),
    counters: () => log.counters(),
    reset() {
      log.clear();
      faults.clear();
      state.linkMode = 'normal';
      state.store.reset();
      state.tokens.readmitInitial();
    },
    setLinkMode: (mode) => void (state.linkMode = mode),
    setReport: (family, id, patch) => state.store.patch(family, id, patch),
    createdReports: () => state.store.createdReports(),
    refreshTokenNow: () => state.tokens.currentRefreshToken(),
  };
}

/** Starts the Webex sandbox: the billing-report API of webex-broadworks.json and webex-wholesale.json. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { families = DEFAULT_FAMILIES, ...settings } = options;
  const resolved = resolveOptions(settings);
  const holder: { runtime?: Runtime } = {};
  const server = createServer((req, res) => handle(req, res, holder.runtime as Runtime));
  // Longer than a client's idle pool timeout, so a client never reuses a socket we are closing.
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, resolved.port, resolved.host);
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const timers = new Set<NodeJS.Timeout>();
  const partial = { pipeline: pipelineOf(resolved, families, `${host}:${port}`, timers), timers };
  holder.runtime = { ...partial, sandbox: sandboxOf(server, partial, port) };
  return holder.runtime.sandbox;
}
