'use strict';
/**
 * Starting and stopping the benchmark's child processes: the Webex sandbox, the services, the ceiling
 * and stock-NestJS servers, redis-server and wrk, each on 127.0.0.1. Every server under test runs on
 * SERVER_CORE and wrk on LOADER_CORE (`taskset -c`, which execs the command: the child's PID is the
 * command's own), so the loader never takes CPU from what it measures. Every child is tracked by PID
 * and stopped on success, failure, SIGINT and SIGTERM.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { json, send, sleep } = require('./http');
const { imageCommand } = require('../deploy/image-command');

const ROOT = path.resolve(__dirname, '..');
const LOG_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-bench-'));
const SERVER_CORE = 0;
const LOADER_CORE = 1;
/** child → its `exited` promise */
const running = new Map();

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** PATH and HOME only: the children read nothing else from the bench's own environment. */
const baseEnv = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir() });

/**
 * A child with stdout and stderr appended to `<LOG_DIR>/<name>.log` (a file, so the bench never reads
 * it under load), on one core when `core` is given.
 */
function launch(name, command, args, env, { ipc = false, core } = {}) {
  const logFile = path.join(LOG_DIR, `${name}.log`);
  const fd = fs.openSync(logFile, 'a');
  const [file, argv] = core === undefined ? [command, args] : ['taskset', ['-c', String(core), command, ...args]];
  const child = spawn(file, argv, { cwd: ROOT, env, stdio: ['ignore', fd, fd, ...(ipc ? ['ipc'] : [])] });
  fs.closeSync(fd);
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      running.delete(child);
      resolve({ code: null, signal: null, error });
    });
  });
  running.set(child, exited);
  return { name, child, pid: child.pid, logFile, exited, stop: () => stopChild(child, exited) };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
async function stopChild(child, exited, graceMs = 5000) {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const result = await exited;
  clearTimeout(timer);
  return result;
}

const logTail = (file) => {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
};

/** Polls `url` until it answers 200, the child exits, or `timeoutMs` passes. */
async function waitReady(proc, origin, readyPath, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  let exited = null;
  proc.exited.then((result) => (exited = result));
  while (Date.now() < until) {
    if (exited) throw new Error(`${proc.name} exited (${JSON.stringify(exited)}) before it was ready; log ${proc.logFile}:\n${logTail(proc.logFile)}`);
    const answer = await send({ origin, path: readyPath, timeoutMs: 1000 }).catch(() => null);
    if (answer?.status === 200) return;
    await sleep(100);
  }
  await proc.stop();
  throw new Error(`${proc.name} was not ready after ${timeoutMs} ms; log ${proc.logFile}:\n${logTail(proc.logFile)}`);
}

/** The Webex sandbox (`dist/sandbox/sandbox.main.js`) and its `/_sandbox` control API. */
async function startSandbox(name, env = {}) {
  const port = await freePort();
  // Not pinned: the sandbox stands in for Webex, it is not under test.
  const proc = launch(`sandbox-${name}`, process.execPath, ['dist/sandbox/sandbox.main.js'], {
    ...baseEnv(),
    SANDBOX_HOST: '127.0.0.1',
    SANDBOX_PORT: String(port),
    ...env,
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitReady(proc, origin, '/_sandbox/counters');
  return {
    ...proc,
    origin,
    baseUrl: `${origin}/v1`,
    addFault: (fault) => json(origin, '/_sandbox/faults', { method: 'POST', body: fault }),
    counters: () => json(origin, '/_sandbox/counters'),
    requests: () => json(origin, '/_sandbox/requests'),
    reset: () => json(origin, '/_sandbox/reset', { method: 'POST', body: {} }),
  };
}

/**
 * The service, `node dist/main.js` as the image starts it (its environment and node arguments, read
 * from the Dockerfile by deploy/image-command.js), configured only by environment.
 * `BENCH_SERVICE_NODE_ARGS` adds Node flags (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) for
 * profiling a phase.
 */
async function startService(name, sandbox, env = {}) {
  const port = await freePort();
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const image = imageCommand();
  const proc = launch(`service-${name}`, process.execPath, [...image.nodeArgs, ...nodeArgs, 'dist/main.js'], {
    ...baseEnv(),
    ...image.env,
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    PORT: String(port),
    WEBEX_BASE_URL: sandbox.baseUrl,
    WEBEX_ACCESS_TOKEN: 'sandbox-token',
    CACHE_STORE: 'memory',
    API_KEYS: '',
    RATE_LIMIT_PER_MINUTE: '100000000', // the per-caller limiter must not shape the load
    ...env,
  }, { core: SERVER_CORE });
  const origin = `http://127.0.0.1:${port}`;
  await waitReady(proc, origin, '/health/live');
  return { ...proc, origin };
}

/**
 * A Node server script in bench/ that takes `message` over IPC, listens on a free loopback port and
 * replies `{ port }`: the ceiling (ceiling-server.js) and stock NestJS (stock-nest-server.js).
 */
async function startIpcServer(name, script, message) {
  const proc = launch(name, process.execPath, [path.join(__dirname, script)], baseEnv(), { ipc: true, core: SERVER_CORE });
  proc.child.send(message);
  const port = await new Promise((resolve, reject) => {
    proc.child.once('message', (reply) => resolve(reply.port));
    proc.exited.then((result) => reject(new Error(`${name} exited ${JSON.stringify(result)}; log ${proc.logFile}:\n${logTail(proc.logFile)}`)));
  });
  return { ...proc, origin: `http://127.0.0.1:${port}` };
}

/** The ceiling: a bare `node:http` server answering every request with the given bytes and headers. */
const startCeiling = (body, headers) => startIpcServer('ceiling', 'ceiling-server.js', { body: body.toString('base64'), headers });

/** Stock NestJS + Fastify + CacheInterceptor, whose handler returns `body` (JSON) on `routePath`. */
const startStockNest = (body, routePath) => startIpcServer('stock-nest', 'stock-nest-server.js', { body: body.toString('utf8'), routePath });

/** A private redis-server on a free port, nothing persisted; resolves when it answers PING. */
async function startRedis(name) {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const proc = launch(`redis-${name}`, 'redis-server', args, baseEnv(), { core: SERVER_CORE });
  const until = Date.now() + 10_000;
  let exited = false;
  proc.exited.then(() => (exited = true));
  while (!(await pingRedis(port))) {
    if (exited || Date.now() > until) {
      await proc.stop();
      throw new Error(`redis-server did not answer PING on port ${port}; log ${proc.logFile}:\n${logTail(proc.logFile)}`);
    }
    await sleep(50);
  }
  return { ...proc, url: `redis://127.0.0.1:${port}` };
}

function pingRedis(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.setTimeout(500, () => socket.destroy());
    socket.once('data', (data) => {
      resolve(data.toString().startsWith('+PONG'));
      socket.destroy();
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

/** Stops every child still running (in parallel; each SIGTERM then SIGKILL). */
const stopAll = () => Promise.all([...running].map(([child, exited]) => stopChild(child, exited)));

/** Children never outlive the bench: on SIGINT/SIGTERM stop them gracefully; on exit kill what is left. */
function installCleanup() {
  const onSignal = (signal, code) =>
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping ${running.size} child process(es)…\n`);
      stopAll().finally(() => process.exit(code));
    });
  onSignal('SIGINT', 130);
  onSignal('SIGTERM', 143);
  process.on('exit', () => {
    for (const child of running.keys()) child.kill('SIGKILL');
  });
}

module.exports = {
  LOG_DIR,
  SERVER_CORE,
  LOADER_CORE,
  launch,
  startSandbox,
  startService,
  startCeiling,
  startStockNest,
  startRedis,
  stopAll,
  installCleanup,
};
