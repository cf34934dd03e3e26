import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { CachedAnswer } from '../cache/cache-entry';
import { Clock } from '../clock';
import { cacheModeOf, sendCached } from './cached-reply';
import { asProblem } from './problem.filter';
import { isTerminal } from './report';
import { ReportGetQuery, WAIT_TIMEOUT_DEFAULT_S } from './report-id.dto';
import { PollResult, ReportPollers } from './report-pollers';
import { reportOf, ReportTarget } from './report-source';

/** A report answer; `timedOut` when a waitFor ended without a terminal state (`X-Wait: timeout`). */
export type WaitedAnswer = { answer: CachedAnswer; timedOut: boolean };

/**
 * A `waitFor` answer is never stored by a browser (`no-store`, CONTRACT §8): a dashboard's re-poll
 * loop must reach the service, not spin on its own cache.
 */
export function sendWaited(
  request: FastifyRequest,
  reply: FastifyReply,
  waited: WaitedAnswer,
  waiting: boolean,
): void {
  if (waited.timedOut) reply.header('x-wait', 'timeout');
  sendCached(request, reply, waited.answer, waiting ? 'no-store' : undefined);
}

/**
 * `GET /v1/reports/:family/:id?waitFor=terminal&timeout=S` (CONTRACT §8): the report as the plain get
 * answers it, or, while it is not terminal, once the shared poller sees COMPLETED or FAILED. A waiter
 * stops counting when its client disconnects; at shutdown every waiter is answered with what it has.
 */
@Injectable()
export class ReportWaiter implements BeforeApplicationShutdown {
  /** How to end each wait in progress, for shutdown. */
  private readonly waits = new Set<() => void>();
  private closing = false;

  constructor(
    private readonly pollers: ReportPollers,
    private readonly clock: Clock,
  ) {}

  async get(
    target: ReportTarget,
    query: ReportGetQuery,
    request: FastifyRequest,
  ): Promise<WaitedAnswer> {
    const first = await target.source.get(target.id, cacheModeOf(request));
    if (!query.waitFor || isTerminal(reportOf(first).status))
      return { answer: first, timedOut: false };
    return this.wait(target, first, (query.timeout ?? WAIT_TIMEOUT_DEFAULT_S) * 1000, request.raw);
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const end of this.waits) end();
  }

  private async wait(
    target: ReportTarget,
    first: CachedAnswer,
    timeoutMs: number,
    raw: IncomingMessage,
  ): Promise<WaitedAnswer> {
    const seen = { latest: first };
    const ended = new AbortController();
    const end = () => ended.abort();
    raw.once('close', end); // Node emits it on the request when the client goes away mid-answer
    this.waits.add(end);
    try {
      if (raw.destroyed || this.closing) return { answer: first, timedOut: true };
      const timedOut = this.clock.sleep(timeoutMs, ended.signal).then(() => null);
      const terminal = await Promise.race([
        this.untilTerminal(target, seen, ended.signal),
        timedOut,
      ]);
      return terminal
        ? { answer: terminal, timedOut: false }
        : { answer: seen.latest, timedOut: true };
    } finally {
      end();
      raw.off('close', end);
      this.waits.delete(end);
    }
  }

  /** The first terminal answer of the shared poller; null once `ended` aborts. */
  private untilTerminal(
    target: ReportTarget,
    seen: { latest: CachedAnswer },
    ended: AbortSignal,
  ): Promise<CachedAnswer | null> {
    return new Promise((resolve, reject) => {
      const onPoll = (result: PollResult) => {
        // What the caller caused (a 404 once deleted, a 400) ends the wait; outages keep it polling.
        if ('error' in result) {
          const problem = asProblem(result.error);
          if (problem.status < 500) reject(problem);
          return;
        }
        seen.latest = result.answer;
        if (isTerminal(reportOf(result.answer).status)) resolve(result.answer);
      };
      // Polls bypass the cache so each reflects Webex, and store what they read for everyone else.
      const unsubscribe = this.pollers.subscribe(
        `${target.family}/${target.id}`,
        () => target.source.get(target.id, 'bypass'),
        onPoll,
      );
      ended.addEventListener(
        'abort',
        () => {
          unsubscribe();
          resolve(null);
        },
        { once: true },
      );
    });
  }
}
