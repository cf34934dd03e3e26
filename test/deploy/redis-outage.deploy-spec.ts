import { reportFigures } from './support/figures';
import { Answer, call, statusesOf } from './support/http';
import {
  OutageRun,
  answerBoundMs,
  redisStalled,
  redisStopped,
  underLightLoad,
} from './support/outage';
import { Topology, startTopology } from './support/topology';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Issue 14 scenario 1: Redis stopped or stalled under light load. */
describe('Redis trouble in the deployed topology', () => {
  let topology: Topology;

  beforeAll(async () => {
    topology = await startTopology();
  }, 60_000);
  afterAll(() => topology?.stop(), 60_000);

  const stopped = redisStopped(() => topology);
  const stalled = redisStalled(() => topology);

  describe.each([
    ['stopped (SIGTERM, started again on the same port after 10 s)', stopped],
    ['stalled (SIGSTOP for 10 s, then SIGCONT)', stalled],
  ])('Redis %s under light load through the gateway', (name, outage) => {
    let run: OutageRun;
    const during = () =>
      run.answers.filter((a) => a.sentAt >= run.outageStart && a.sentAt < run.returnAt);
    const seenDuring = (replica: string) => [
      ...new Set(
        run.samples
          .filter(
            (s) => s.replica === replica && s.at >= run.outageStart + 1000 && s.at < run.returnAt,
          )
          .map((s) => s.state),
      ),
    ];

    beforeAll(async () => {
      run = await underLightLoad(topology, outage);
      const slowest = Math.max(...run.answers.map((a) => a.ms));
      reportFigures(`1 redis ${name.split(' ')[0]}`, {
        requests: run.answers.length,
        statuses: statusesOf(run.answers),
        duringOutage: { requests: during().length, statuses: statusesOf(during()) },
        slowestMs: slowest,
        overBound: run.answers.filter((a) => a.status === 0 || a.ms > answerBoundMs).length,
        statesDuringOutage: Object.fromEntries(
          topology.replicas.map((r) => [r.name, seenDuring(r.name)]),
        ),
        inUseAfterMs: run.inUseAfterMs,
        sharedCacheAfterMs: run.sharedAfterMs,
      });
    }, 120_000);

    it('answers every GET within UPSTREAM_DEADLINE_MS + 1 s', () => {
      const late = run.answers
        .filter((a) => a.status === 0 || a.ms > answerBoundMs)
        .map(
          (a) =>
            `${a.status || 'none'} after ${a.ms} ms (sent ${a.sentAt - run.outageStart} ms into the outage)`,
        );
      expect(
        late.length === 0 ? 'none late' : `${late.length} late: ${late.slice(0, 8).join('; ')}`,
      ).toBe('none late');
    });

    it('answers at least 90 % of the GETs sent during the outage with 200', () => {
      const sent = during();
      expect(sent.length).toBeGreaterThan(40);
      const ok = sent.filter((a) => a.status === 200).length;
      expect({ ok, share: ok / sent.length >= 0.9 ? 'at least 90 %' : ok / sent.length }).toEqual({
        ok,
        share: 'at least 90 %',
      });
    });

    it('reports Redis as degraded on both replicas while it is away (and stays ready)', () => {
      for (const replica of topology.replicas)
        expect([replica.name, seenDuring(replica.name)]).toEqual([replica.name, ['degraded']]);
    });

    it('uses Redis again on both replicas within 5 s of its return', () => {
      expect(run.sharedAfterMs).not.toBeNull();
      expect(run.sharedAfterMs).toBeLessThanOrEqual(5000);
      for (const replica of topology.replicas) {
        expect(run.inUseAfterMs[replica.name]).not.toBeNull();
        expect(run.inUseAfterMs[replica.name]).toBeLessThanOrEqual(5000);
      }
    });
  });

  it('keeps /health/ready 200 on both replicas through a 1.5 s stall (polled every 100 ms)', async () => {
    const polls: Promise<Answer>[] = [];
    const timer = setInterval(() => {
      for (const replica of topology.replicas)
        polls.push(call(`${replica.url}/health/ready`, { timeoutMs: 3000 }));
    }, 100);
    await sleep(500);
    topology.redis.stall();
    await sleep(1500);
    topology.redis.resume();
    await sleep(1000);
    clearInterval(timer);
    const answers = await Promise.all(polls);
    const notReady = answers
      .filter((a) => a.status !== 200)
      .map((a) => `${a.url.replace(/\/health.*/, '')}: ${a.status || a.error} after ${a.ms} ms`);
    reportFigures('1 readiness during 1.5 s stall', {
      polls: answers.length,
      statuses: statusesOf(answers),
      slowestMs: Math.max(...answers.map((a) => a.ms)),
    });
    expect(answers.length).toBeGreaterThan(40);
    expect(notReady).toEqual([]);
  });
});
