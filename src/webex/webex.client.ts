import { HttpService } from '@nestjs/axios';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { bulkhead } from 'cockatiel';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { RequestContext, callerLeftMs } from '../request-context';
import { BREAKER, CircuitBreaker, CircuitOpenError } from './circuit-breaker';
import { Cooldowns, MIN_ATTEMPT_MS } from './cooldowns';
import { ForeignLinkError, NextPage, nextPageOf } from './link';
import { RetryBudget } from './retry-budget';
import { retryStepFor } from './retry-step';
import { WebexAnswer, answerOf, errorFromAnswer, transportError } from './webex-answer';
import { WebexApiError } from './webex-api.error';
import { WebexTokenService } from './webex-token.service';

type Method = 'GET' | 'POST' | 'DELETE';
type WebexRequest = { method: Method; path: string; query?: URLSearchParams; body?: unknown };
/** The request with the context of the caller it is made for (undefined: made for no request). */
type CallerRequest = WebexRequest & { caller: RequestContext | undefined };
type Attempt = { number: number; deadline: number; authRetried: boolean };

export type WebexPage<T> = { data: T; next: NextPage | null };

/**
 * The only code that calls Webex. Paths are relative to WEBEX_BASE_URL. Every call carries the bearer
 * token and a TrackingID with the caller's request id; 429/423 are waited out within the deadline
 * (cooling down the credential or resource), GETs are retried on outage errors within a retry budget
 * and a circuit breaker, writes are never sent twice once they may have reached Webex, nor once their
 * caller has been answered.
 */
@Injectable()
export class WebexClient {
  private readonly budget: RetryBudget;
  private readonly breaker: CircuitBreaker;
  private readonly bulkhead;
  private readonly logger = new Logger(WebexClient.name);

  constructor(
    private readonly env: Env,
    private readonly http: HttpService,
    private readonly token: WebexTokenService,
    private readonly cooldowns: Cooldowns,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {
    this.budget = new RetryBudget(clock);
    this.breaker = new CircuitBreaker(
      clock,
      (error) => error instanceof WebexApiError && error.isOutage,
      (open) => this.logBreaker(open),
    );
    this.bulkhead = bulkhead(env.UPSTREAM_MAX_CONCURRENCY, Number.MAX_SAFE_INTEGER);
  }

  async getPage<T>(
    path: string,
    query: URLSearchParams,
    filterKeys: readonly string[],
    caller: RequestContext | undefined,
  ): Promise<WebexPage<T>> {
    const answer = await this.send({ method: 'GET', path, query, caller });
    try {
      return {
        data: answer.body as T,
        next: nextPageOf(answer.headers.link, this.env.WEBEX_BASE_URL, path, filterKeys),
      };
    } catch (error) {
      if (error instanceof ForeignLinkError)
        throw new WebexApiError('invalid-response', 502, error.message);
      throw error;
    }
  }

  async get<T>(path: string, caller: RequestContext | undefined): Promise<T> {
    return (await this.send({ method: 'GET', path, caller })).body as T;
  }

  async post<T>(path: string, body: unknown, caller: RequestContext | undefined): Promise<T> {
    return (await this.send({ method: 'POST', path, body, caller })).body as T;
  }

  async delete(path: string, caller: RequestContext | undefined): Promise<void> {
    await this.send({ method: 'DELETE', path, caller });
  }

  private async send(request: CallerRequest): Promise<WebexAnswer> {
    this.budget.recordRequest();
    const attempt: Attempt = {
      number: 1,
      deadline: this.clock.now() + Math.min(this.env.upstreamDeadlineMs, writeLeftMs(request)),
      authRetried: false,
    };
    for (;;) {
      await this.cooldowns.waitFor(this.token.scope, request.path, attempt.deadline);
      const token = await this.token.token();
      try {
        return await this.guarded(request, token, attempt.deadline);
      } catch (error) {
        await this.beforeRetry(request, this.asWebexError(error), token, attempt);
        attempt.number += 1;
      }
    }
  }

  /** Returns when the request should be sent again; throws the error when it should not. */
  private async beforeRetry(
    request: CallerRequest,
    error: WebexApiError,
    token: string,
    attempt: Attempt,
  ): Promise<void> {
    const step = retryStepFor({
      failure: error.failure,
      status: error.status,
      isOutage: error.isOutage,
      mayHaveReached: error.details.mayHaveReached,
      retryAfterHeader: error.details.retryAfterHeader,
      method: request.method,
      attempt: attempt.number,
      maxAttempts: this.env.UPSTREAM_MAX_ATTEMPTS,
      nowMs: this.clock.now(),
      deadlineMs: attempt.deadline,
      minAttemptMs: MIN_ATTEMPT_MS,
      authRetried: attempt.authRetried,
      tokenRefreshes: this.token.refreshes,
    });
    switch (step.do) {
      case 'refresh':
        attempt.authRetried = true;
        await this.token.refresh(token);
        return;
      case 'reject':
        this.token.markRejected();
        throw error;
      case 'cool-down':
        await this.cooldowns.start(
          this.token.scope,
          step.resource ? request.path : null,
          step.delayMs,
        );
        if (!step.retry)
          throw new WebexApiError('http', error.status, error.message, {
            retryAfterS: step.retryAfterS,
          });
        return; // the cooldown check at the top of the loop does the waiting
      case 'back-off':
        if (!this.budget.tryRetry() || step.delayMs === null) throw error;
        this.metrics.upstreamWaits.inc({ reason: 'backoff' });
        return this.clock.sleep(step.delayMs);
      case 'give-up':
        throw error;
    }
  }

  private async guarded(
    request: CallerRequest,
    token: string,
    deadline: number,
  ): Promise<WebexAnswer> {
    try {
      return await this.bulkhead.execute(() => {
        const timeoutMs = this.timeoutBeforeSending(request, deadline);
        // Inside the breaker, so that 5xx answers and unreadable ones count as failures, 4xx do not.
        return this.breaker.execute(async () => {
          const answer = await this.attemptOnce(request, token, timeoutMs);
          if (answer.status < 300) return answer; // a 3xx is never followed: Webex has no business redirecting
          throw errorFromAnswer(answer);
        });
      });
    } catch (error) {
      if (error instanceof CircuitOpenError)
        throw new WebexApiError('circuit-open', 503, error.message, {
          mayHaveReached: false,
          retryAfterS: Math.ceil(error.retryAfterMs / 1000),
        });
      throw error;
    }
  }

  /**
   * The attempt's timeout, checked last thing before a byte is written (after the bulkhead and any
   * cooldown): past the deadline nothing is sent, and a write is not sent once its caller has been
   * answered or is about to be, however long it was held (CONTRACT §4: nothing queued is carried out
   * after its caller has been answered).
   */
  private timeoutBeforeSending(request: CallerRequest, deadline: number): number {
    if (writeLeftMs(request) < MIN_ATTEMPT_MS)
      throw new WebexApiError('too-late', 503, 'not sent: its caller has been answered', {
        mayHaveReached: false,
      });
    const timeoutMs = Math.min(this.env.UPSTREAM_TIMEOUT_MS, deadline - this.clock.now());
    if (timeoutMs <= 0)
      throw new WebexApiError('timeout', 0, 'deadline passed before sending', {
        mayHaveReached: false,
      });
    return timeoutMs;
  }

  private async attemptOnce(
    request: CallerRequest,
    token: string,
    timeoutMs: number,
  ): Promise<WebexAnswer> {
    const context = request.caller;
    if (context) context.upstreamCalls += 1;
    // axios' own `timeout` only limits a silent socket; the abort caps the whole exchange. A timer
    // cleared on completion costs less than AbortSignal.timeout's weakly held one.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    const config = {
      method: request.method,
      url: request.query?.size ? `${request.path}?${request.query.toString()}` : request.path,
      data: request.body,
      timeout: timeoutMs,
      signal: abort.signal,
      headers: {
        authorization: `Bearer ${token}`,
        trackingid: `webex-reports-bff_${context?.requestId ?? randomUUID()}`,
      },
    };
    try {
      // The HttpService's axios instance, called directly: its Observable wrapper adds a CancelToken
      // whose cancel() on completion builds an error with a stack trace, on every call.
      const response = await this.http.axiosRef.request<string>(config).catch((error: unknown) => {
        this.metrics.upstreamCalls.inc({ method: request.method, status: '0' });
        throw transportError(error);
      });
      this.metrics.upstreamCalls.inc({ method: request.method, status: String(response.status) });
      return answerOf(response);
    } finally {
      clearTimeout(timer);
    }
  }

  /** One line when Webex calls stop and one when they resume, never one per failed call. */
  private logBreaker(open: boolean): void {
    if (open)
      this.logger.warn(
        `Webex calls paused after ${BREAKER.consecutiveFailures} outage errors in a row; a trial call every ${BREAKER.halfOpenAfterMs / 1000} s`,
      );
    else this.logger.log('Webex calls resumed after a successful call');
  }

  private asWebexError(error: unknown): WebexApiError {
    if (error instanceof WebexApiError) return error;
    throw error;
  }
}

/** A write is bound by its caller's answer; a GET runs on, to fill the cache for other callers. */
const writeLeftMs = (request: CallerRequest): number =>
  request.method === 'GET' ? Infinity : callerLeftMs(request.caller);
