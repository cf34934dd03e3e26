import { HttpService } from '@nestjs/axios';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../clock';
import { Env, usesOAuthRefresh } from '../config/env';
import { SharedState } from '../state/shared-state';
import { MetricsService } from '../metrics/metrics.service';
import { credentialScopeOf } from './credential-scope';
import { authFailure, isRefusal, refreshGrant } from './refresh-grant';
import { Token, TokenHandover } from './token-handover';
import { WebexApiError } from './webex-api.error';

const LOCK_MS = 15_000;
const POLL_MS = 50;
/** How long a refused refresh waits for another replica to write a newer token back (two checks). */
const HANDOVER_WAIT_MS = 2500;

/**
 * The Webex access token: static, or refreshed with the OAuth refresh grant ahead of expiry, by one
 * caller at a time per process and, through SharedState (Redis), one replica at a time. A rotated
 * refresh token is kept and used next, and is never lost while one replica still holds it: see
 * TokenHandover.
 */
@Injectable()
export class WebexTokenService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly scope: string;
  private readonly logger = new Logger(WebexTokenService.name);
  private current: Token | null = null;
  private inFlight: Promise<string> | null = null;
  private rejected = false;
  /** A refresh token Webex refused: never sent again (a new process, or a newer token, moves on). */
  private refused: string | null = null;
  private readonly handover: TokenHandover;

  constructor(
    private readonly env: Env,
    private readonly http: HttpService,
    private readonly state: SharedState,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {
    this.scope = credentialScopeOf(env);
    const holder = { mine: () => this.current, adopt: (token: Token) => this.hold(token) };
    this.handover = new TokenHandover(state, `token:${this.scope}`, holder, clock);
  }

  /**
   * OAuth mode: the first access token right after boot, so that a refresh token Webex refuses shows
   * in readiness before any caller asks (CONTRACT §7). Not awaited: listening does not wait for Webex.
   */
  onApplicationBootstrap(): void {
    if (!this.refreshes) return;
    if (this.env.CACHE_STORE === 'redis') this.handover.start();
    this.token().catch((error: unknown) =>
      this.logger.warn(`no Webex access token after boot: ${(error as Error).message}`),
    );
  }

  get refreshes(): boolean {
    return usesOAuthRefresh(this.env);
  }

  /**
   * A newer token than Redis holds is written back one last time: on module destroy, before the
   * cache module closes the Redis link at shutdown.
   */
  onModuleDestroy(): Promise<void> {
    return this.handover.stop();
  }

  /** Compares this replica's token with the shared one at once (e.g. when Redis is back). */
  syncShared(): Promise<void> {
    return this.handover.sync();
  }

  /** False after Webex refused the credentials until a token is obtained or adopted (readiness). */
  isHealthy(): boolean {
    return !this.rejected;
  }

  markRejected(): void {
    this.rejected = true;
  }

  async token(): Promise<string> {
    if (!this.refreshes) return this.env.WEBEX_ACCESS_TOKEN ?? '';
    if (this.current && !this.isDue(this.current)) return this.current.accessToken;
    return this.refresh(null);
  }

  /** One refresh for all concurrent callers; `rejected` is a token Webex just answered 401 to. */
  refresh(rejected: string | null): Promise<string> {
    if (!this.refreshes) return Promise.reject(authFailure('static token rejected'));
    this.inFlight ??= this.refreshShared(rejected).finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  /** Refresh ahead of expiry: a minute early, or a tenth of the lifetime for short-lived tokens. */
  private isDue(token: Token): boolean {
    return token.expiresAt - this.clock.now() <= Math.min(60_000, token.lifetimeMs * 0.1);
  }

  private usable(token: Token, rejected: string | null): boolean {
    return token.accessToken !== rejected && !this.isDue(token);
  }

  private async refreshShared(rejected: string | null): Promise<string> {
    const deadline = this.clock.now() + LOCK_MS;
    while (this.clock.now() < deadline) {
      const newest = this.handover.newest(await this.handover.read(), this.current);
      if (newest && this.usable(newest, rejected)) return this.adopt(newest);
      const lockId = randomUUID();
      if (await this.state.setIfAbsent(`token-lock:${this.scope}`, lockId, LOCK_MS)) {
        try {
          // The holder before us may have written its token between our read and our lock.
          const latest = this.handover.newest(await this.handover.read(), this.current);
          if (latest && this.usable(latest, rejected)) return await this.adopt(latest);
          return await this.adopt(await this.renew(latest, rejected));
        } finally {
          await this.state.deleteIf(`token-lock:${this.scope}`, lockId);
        }
      }
      await this.clock.sleep(POLL_MS);
    }
    throw new WebexApiError(
      'timeout',
      0,
      'token refresh by another replica did not finish in time',
    );
  }

  /**
   * Exchanges the newest known refresh token. When Webex refuses it, another replica may hold a newer
   * one (rotated meanwhile, or Redis lost it and it is being written back): that one is tried before
   * the credentials count as refused.
   */
  private async renew(newest: Token | null, rejected: string | null): Promise<Token> {
    const refreshToken = newest?.refreshToken ?? this.env.WEBEX_REFRESH_TOKEN ?? '';
    const refusedBefore = refreshToken === this.refused;
    try {
      return await this.exchange(refreshToken);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const shared = this.env.CACHE_STORE === 'redis' && !refusedBefore;
      const newer = await this.handover.awaitNewer(newest, shared ? HANDOVER_WAIT_MS : 0);
      if (!newer) {
        this.rejected = true;
        throw error;
      }
      if (this.usable(newer, rejected)) return newer;
      return this.exchange(newer.refreshToken).catch((again: unknown) => {
        if (isRefusal(again)) this.rejected = true;
        throw again;
      });
    }
  }

  private async adopt(token: Token): Promise<string> {
    this.hold(token);
    await this.handover.write(token);
    return token.accessToken;
  }

  private hold(token: Token): void {
    this.current = token;
    this.rejected = false;
    this.metrics.tokenExpiresAt = token.expiresAt;
  }

  /** Never sends Webex a refresh token it refused before. */
  private async exchange(refreshToken: string): Promise<Token> {
    if (refreshToken === this.refused)
      throw authFailure('token refresh refused earlier for this refresh token');
    const { env, http, clock, metrics } = this;
    return refreshGrant({ env, http, clock, metrics }, refreshToken).catch((error: unknown) => {
      if (isRefusal(error)) this.refused = refreshToken;
      throw error;
    });
  }
}
