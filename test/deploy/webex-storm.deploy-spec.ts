import { reportFigures } from './support/figures';
import { Answer, call, statusesOf } from './support/http';
import { WARN, logLinesOf } from './support/logs';
import { Topology, UPSTREAM_DEADLINE_MS, startTopology } from './support/topology';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const STORM_MS = 10_000;
const RATE_PER_S = 50;
const WARM_KEYS = [
  '/v1/reports/broadworks',
  '/v1/reports/broadworks?sortBy=id',
  '/v1/reports/wholesale',
  '/v1/reports/wholesale?type=PARTNER',
];

/** Issue 14 scenario 3: a failing Webex gets no call per caller request. */
describe('10 s of Webex 503s at 50 req/s over 4 warm (stale) keys on both replicas', () => {
  let topology: Topology;
  let answers: Answer[];
  let attempts: number;
  let warnings: number;

  beforeAll(async () => {
    topology = await startTopology({
      env: {
        // Stale a second after they are fetched, so every answer in the storm is a stale one.
        CACHE_TTL_LIST_S: '1',
        CACHE_TTL_LIST_IN_PROGRESS_S: '1',
        RATE_LIMIT_PER_MINUTE: '100000',
      },
    });
    const [a, b] = topology.replicas;
    for (const key of WARM_KEYS)
      for (const replica of [a, b]) await call(`${replica.url}${key}`, { timeoutMs: 5000 });
    await sleep(1500);
    const from = Date.now();
    await topology.sandbox.addFaults({ method: 'GET', status: 503, durationMs: STORM_MS });
    const to = Date.now() + STORM_MS;
    const sent: Promise<Answer>[] = [];
    const timer = setInterval(() => {
      const n = sent.length;
      const replica = topology.replicas[n % 2];
      const key = WARM_KEYS[Math.floor(n / 2) % WARM_KEYS.length];
      sent.push(call(`${replica.url}${key}`, { timeoutMs: UPSTREAM_DEADLINE_MS + 4000 }));
    }, 1000 / RATE_PER_S);
    // Every request goes out while the fault holds; their answers may come after.
    await sleep(STORM_MS - 500);
    clearInterval(timer);
    answers = await Promise.all(sent);
    await sleep(Math.max(0, to + 200 - Date.now()));
    const log = await topology.sandbox.requests();
    const inStorm = log.filter((r) => r.at >= from && r.at <= to && r.path !== '/v1/access_token');
    attempts = inStorm.length;
    warnings = topology.replicas
      .flatMap((replica) => logLinesOf(replica.process()))
      .filter((line) => line.level >= WARN && line.time >= from && line.time <= to).length;
    reportFigures('3 webex 503 storm', {
      requests: answers.length,
      statuses: statusesOf(answers),
      upstreamAttempts: attempts,
      upstreamByPath: inStorm.reduce<Record<string, number>>((counts, r) => {
        const query = new URLSearchParams(r.query as Record<string, string>).toString();
        const key = `${r.path}?${query}`;
        counts[key] = (counts[key] ?? 0) + 1;
        return counts;
      }, {}),
      warnings,
      slowestMs: Math.max(...answers.map((answer) => answer.ms)),
    });
  }, 120_000);
  afterAll(() => topology?.stop(), 60_000);

  it('answers every request STALE 200', () => {
    expect(answers.length).toBeGreaterThan(400);
    const other = answers.filter((a) => a.status !== 200 || a.headers.get('x-cache') !== 'STALE');
    expect(statusesOf(other)).toEqual({});
  });

  it('sends Webex at most 20 attempts in those 10 s', () => {
    expect(attempts).toBeLessThanOrEqual(20);
  });

  it('does not log a warning per stale answer (at most one per attempt)', () => {
    expect(warnings).toBeLessThanOrEqual(20);
  });
});
