import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { from, Observable, of, switchMap } from 'rxjs';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { RedisUnavailableError } from '../state/redis-link';
import { SharedState } from '../state/shared-state';
import { WebexTokenService } from '../webex/webex-token.service';
import { ProblemError } from './problem';

type Remembered = { fingerprint: string; location: string; body: unknown };

const KEY = /^[\x21-\x7e]{1,255}$/;
const LOCK_MS = 30_000;
const POLL_MS = 50;

/** Canonical JSON (keys sorted at every level), so key order in a body does not make it "another body". */
const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : value && typeof value === 'object'
      ? `{${Object.keys(value)
          .sort()
          .map(
            (key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`,
          )
          .join(',')}}`
      : JSON.stringify(value);

/** The key cannot be honoured while Redis is away (CONTRACT §4): refused, never run unprotected. */
function unavailable(error: unknown): never {
  if (error instanceof RedisUnavailableError)
    throw new ProblemError(
      'idempotency-unavailable',
      'an Idempotency-Key cannot be honoured while the shared store is unavailable; retry shortly',
      { retryAfterS: 5 },
    );
  throw error;
}

/**
 * `Idempotency-Key` on creates: the same key and body within IDEMPOTENCY_TTL_S replays the first
 * answer without calling Webex; the same key with another body is a 409. Concurrent requests with one
 * key wait for the first. Kept in SharedState, so it holds across replicas with Redis.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly state: SharedState;

  constructor(
    state: SharedState,
    private readonly token: WebexTokenService,
    private readonly env: Env,
    private readonly clock: Clock,
  ) {
    // Only the shared store can honour a key across replicas: no fallback to this replica's memory.
    this.state = state.sharedOnly;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = request.headers['idempotency-key'];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY.test(key))
      throw new ProblemError(
        'validation-failed',
        'Idempotency-Key must be 1-255 visible ASCII characters',
        { errors: [{ field: 'Idempotency-Key', message: 'is invalid' }] },
      );
    const fingerprint = createHash('sha256')
      .update(canonical(request.body ?? null))
      .digest('hex');
    const storeKey = `idem:${this.token.scope}:${request.url.split('?')[0]}:${createHash('sha256').update(key).digest('hex')}`;
    return from(this.claim(storeKey, fingerprint).catch(unavailable)).pipe(
      switchMap((claim) =>
        'remembered' in claim
          ? of(this.replay(reply, claim.remembered))
          : from(this.runOnce(storeKey, fingerprint, claim.lockId, reply, next)),
      ),
    );
  }

  /** The remembered answer, or the key's lock when this request should run. */
  private async claim(
    storeKey: string,
    fingerprint: string,
  ): Promise<{ remembered: Remembered } | { lockId: string }> {
    const giveUpAt = this.clock.now() + LOCK_MS;
    while (this.clock.now() < giveUpAt) {
      const before = await this.remembered(storeKey, fingerprint);
      if (before) return { remembered: before };
      const lockId = randomUUID();
      if (await this.state.setIfAbsent(`${storeKey}:lock`, lockId, LOCK_MS)) {
        // The holder before us may have remembered its answer and let the lock go between our
        // read and our claim: read again under the lock, or the request would run twice.
        const after = await this.remembered(storeKey, fingerprint).catch(async (error: unknown) => {
          await this.state.deleteIf(`${storeKey}:lock`, lockId).catch(() => undefined);
          throw error;
        });
        if (!after) return { lockId };
        await this.state.deleteIf(`${storeKey}:lock`, lockId).catch(() => undefined);
        return { remembered: after };
      }
      await this.clock.sleep(POLL_MS);
    }
    throw new ProblemError(
      'idempotency-conflict',
      'a request with this Idempotency-Key is still running',
    );
  }

  /** The answer remembered under the key; a conflict when it was for another body. */
  private async remembered(storeKey: string, fingerprint: string): Promise<Remembered | null> {
    const raw = await this.state.get(storeKey);
    if (!raw) return null;
    const remembered = JSON.parse(raw) as Remembered;
    if (remembered.fingerprint !== fingerprint)
      throw new ProblemError(
        'idempotency-conflict',
        'this Idempotency-Key was used with another body',
      );
    return remembered;
  }

  private async runOnce(
    storeKey: string,
    fingerprint: string,
    lockId: string,
    reply: FastifyReply,
    next: CallHandler,
  ): Promise<unknown> {
    try {
      const body = await new Promise<unknown>((resolve, reject) =>
        next.handle().subscribe({ next: resolve, error: reject }),
      );
      const location = String(reply.getHeader('location') ?? '');
      // Webex has created the report: if Redis went away meanwhile, the key is not remembered, but
      // the caller still learns what was created.
      await this.state
        .set(
          storeKey,
          JSON.stringify({ fingerprint, location, body } satisfies Remembered),
          this.env.IDEMPOTENCY_TTL_S * 1000,
        )
        .catch(() => undefined);
      return body;
    } finally {
      await this.state.deleteIf(`${storeKey}:lock`, lockId).catch(() => undefined);
    }
  }

  private replay(reply: FastifyReply, remembered: Remembered): unknown {
    if (remembered.location) reply.header('location', remembered.location);
    reply.header('idempotent-replay', 'true');
    return remembered.body;
  }
}
