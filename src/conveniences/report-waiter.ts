import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { CachedAnswer } from '../cache/cache-entry';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { cacheModeOf, sendCached } from '../http/cached-reply';
import { ProblemError } from '../http/problem';
import { asProblem } from '../http/problem.filter';
import { isTerminal } from '../domain/report';
import { ReportGetQuery, WAIT_TIMEOUT_DEFAULT_S } from '../reports/report-id.dto';
import { PollResult, ReportPollers } from './report-pollers';
import { reportOf, ReportTarget } from '../reports/report-source';
import type {} from '../http/fastify-request';

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

/** Who a long-poll is counted against: the caller the edge admitted (rate limits count the same). */
const waitCallerOf = (request: FastifyRequest): string => request.caller ?? `ip:${request.ip}`;

/**
 * `GET /v1/reports/:family/:id?waitFor=terminal&timeout=S` (CONTRACT §8): the report as the plain get
 * answers it, or, while it is not terminal, once the shared poller sees COMPLETED or FAILED. A waiter
 * stops counting when its client disconnects; at shutdown every waiter is answered with what it has.
 * Each caller holds at most WAIT_MAX_PER_CALLER waits at once on this replica (CONTRACT §7): one key
 * once held 590 sockets.
 */
@Injectable()
export class ReportWaiter implements BeforeApplicationShutdown {
  /** How to end each wait in progress, for shutdown. */
  private readonly waits = new Set<() => void>();
  private closing = false;
  /** Waits in progress per caller; a caller leaves the map with its last wait. */
  private readonly held = new Map<string, number>();

  constructor(
    private readonly pollers: ReportPollers,
    private readonly clock: Clock,
    private readonly env: Env,
  ) {}

  async get(
    target: ReportTarget,
    query: ReportGetQuery,
    request: FastifyRequest,
  ): Promise<WaitedAnswer> {
    if (!query.waitFor)
      return {
        answer: await target.source.get(target.id, cacheModeOf(request), request.bff),
        timedOut: false,
      };
    const leave = this.enter(waitCallerOf(request));
    try {
      const first = await target.source.get(target.id, cacheModeOf(request), request.bff);
      if (isTerminal(reportOf(first).status)) return { answer: first, timedOut: false };
      const timeoutMs = (query.timeout ?? WAIT_TIMEOUT_DEFAULT_S) * 1000;
      return await this.wait(target, first, timeoutMs, request.raw);
    } finally {
      leave();
    }
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const end of this.waits) end();
  }

  /** Counts one wait of `caller`, or refuses it past the cap; the returned function ends it. */
  private enter(caller: string): () => void {
    const count = this.held.get(caller) ?? 0;
    if (count >= this.env.WAIT_MAX_PER_CALLER)
      throw new ProblemError(
        'rate-limited',
        `more than ${this.env.WAIT_MAX_PER_CALLER} concurrent waitFor requests for this caller`,
        { retryAfterS: 1 },
      );
    this.held.set(caller, count + 1);
    return () => {
      const left = (this.held.get(caller) ?? 1) - 1;
      if (left > 0) this.held.set(caller, left);
      else this.held.delete(caller);
    };
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
        (caller) => target.source.get(target.id, 'bypass', caller),
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
