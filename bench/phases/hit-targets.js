'use strict';
/**
 * The six servers of the hit phase, started and checked before any load: each answers the measured
 * URL as its row expects (a cache HIT with the same body, a 401, a 429), or the phase stops here.
 */
const { startCeiling, startRedis, startSandbox, startService, startStockNest } = require('../processes');
const { send } = require('../http');
const { HIT_PATH } = require('./common');

const API_KEY = 'bench-key';
const WITH_KEY = { authorization: `Bearer ${API_KEY}` };
/** Set by the transport, not part of the cached answer. */
const TRANSPORT_HEADERS = ['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'];
/** Long freshness: every measured request is a plain HIT, never a STALE with a background refresh. */
const FRESH = { CACHE_TTL_LIST_S: '3600', CACHE_TTL_LIST_IN_PROGRESS_S: '3600' };

/** Fills the cache with HIT_PATH and returns the HIT's body and the headers the ceiling replays. */
async function hitSample(target) {
  await send({ origin: target.origin, path: HIT_PATH });
  const sample = await send({ origin: target.origin, path: HIT_PATH });
  if (sample.status !== 200 || sample.headers['x-cache'] !== 'HIT')
    throw new Error(`${target.name}: expected a 200 HIT for ${HIT_PATH}, got ${sample.status} X-Cache ${sample.headers['x-cache']}`);
  const headers = Object.fromEntries(Object.entries(sample.headers).filter(([name]) => !TRANSPORT_HEADERS.includes(name)));
  return { body: sample.body, headers };
}

async function expectStatus(target, headers, status) {
  const answer = await send({ origin: target.origin, path: HIT_PATH, headers });
  if (answer.status !== status) throw new Error(`${target.name}: expected ${status} for ${HIT_PATH}, got ${answer.status}: ${answer.body.toString().slice(0, 200)}`);
  return answer;
}

/** The same body from another server (its HIT after a MISS): the rows must compare like with like. */
async function sameBody(target, body) {
  const answers = [await send({ origin: target.origin, path: HIT_PATH }), await send({ origin: target.origin, path: HIT_PATH })];
  return answers.every((answer) => answer.status === 200 && answer.body.equals(body));
}

/**
 * Starts the sandbox, the service in four configurations, redis-server, the ceiling and stock NestJS
 * (each added to `procs`). Resolves with the sandbox, the sample and the targets in their run order:
 * `{ id, label, origin, headers, expected, watch }`, `expected` the status every answer must have.
 */
async function startTargets(procs) {
  const sandbox = await procs.add(startSandbox('hit'));
  const memory = await procs.add(startService('hit-memory', sandbox, FRESH));
  const sample = await hitSample(memory);
  const redisServer = await procs.add(startRedis('hit'));
  const redis = await procs.add(startService('hit-redis', sandbox, { ...FRESH, CACHE_STORE: 'redis', REDIS_URL: redisServer.url }));
  const redisSameBody = (await hitSample(redis)).body.equals(sample.body);
  const unauthorized = await procs.add(startService('hit-401', sandbox, { ...FRESH, API_KEYS: API_KEY }));
  await expectStatus(unauthorized, {}, 401);
  const limited = await procs.add(startService('hit-429', sandbox, { ...FRESH, API_KEYS: API_KEY, RATE_LIMIT_PER_MINUTE: '1' }));
  await expectStatus(limited, WITH_KEY, 200); // the one request of this minute
  await expectStatus(limited, WITH_KEY, 429);
  const ceiling = await procs.add(startCeiling(sample.body, sample.headers));
  const stock = await procs.add(startStockNest(sample.body, HIT_PATH.split('?')[0]));
  const stockSameBody = await sameBody(stock, sample.body);
  const target = (id, label, proc, expected, extra = {}) => ({ id, label, origin: proc.origin, pid: proc.pid, headers: {}, expected, watch: { server: proc.pid }, ...extra });
  const targets = [
    target('ceiling', 'ceiling: bare node:http, the same bytes and headers', ceiling, 200),
    target('stock', 'stock NestJS + Fastify, CacheInterceptor', stock, 200),
    target('memory', 'service hit, memory store', memory, 200),
    target('redis', 'service hit, Redis store', redis, 200, { watch: { server: redis.pid, redis: redisServer.pid } }),
    target('401', 'service 401, no API key', unauthorized, 401),
    target('429', 'service 429, caller over its limit', limited, 429, { headers: WITH_KEY }),
  ];
  return { sandbox, sample, checks: { redisSameBody, stockSameBody }, targets };
}

module.exports = { startTargets };
