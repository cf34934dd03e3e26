import { HttpService } from '@nestjs/axios';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { firstValueFrom } from 'rxjs';
import { Clock } from '../clock';
import { Env, usesOAuthRefresh } from '../config/env';
import { SharedState } from '../cache/shared-state';
import { MetricsService } from '../metrics/metrics.service';
import { credentialScopeOf } from './credential-scope';
import { WebexApiError } from './webex-api.error';

type Token = { accessToken: string; expiresAt: number; lifetimeMs: number; refreshToken: string };
type TokenAnswer = { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown };

const LOCK_MS = 15_000;
const POLL_MS = 50;

/**
 * The Webex access token: static, or refreshed with the OAuth refresh grant ahead of expiry, by one
 * caller at a time per process and, through SharedState (Redis), one replica at a time. A rotated
 * refresh token is kept and used next.
 */
@Injectable()
export class WebexTokenService implements OnApplicationBootstrap {
  readonly scope: string;
  private readonly logger = new Logger(WebexTokenService.name);
  private current: Token | null = null;
  private inFlight: Promise<string> | null = null;
  private rejected = false;

  constructor(
    private readonly env: Env,
    private readonly http: HttpService,
    private readonly state: SharedState,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {
    this.scope = credentialScopeOf(env);
  }

  /**
   * OAuth mode: the first access token right after boot, so that a refresh token Webex refuses shows
   * in readiness before any caller asks (CONTRACT §7). Not awaited: listening does not wait for Webex.
   */
  onApplicationBootstrap(): void {
    if (!this.refreshes) return;
    this.token().catch((error: unknown) =>
      this.logger.warn(`no Webex access token after boot: ${(error as Error).message}`),
    );
  }

  get refreshes(): boolean {
    return usesOAuthRefresh(this.env);
  }

  /** False after Webex refused the credentials until a refresh succeeds (readiness). */
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
    if (!this.refreshes) return Promise.reject(this.authFailure('static token rejected'));
    this.inFlight ??= this.refreshShared(rejected).finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  /** Refresh ahead of expiry: a minute early, or a tenth of the lifetime for short-lived tokens. */
  private isDue(token: Token): boolean {
    return token.expiresAt - this.clock.now() <= Math.min(60_000, token.lifetimeMs * 0.1);
  }

  private async refreshShared(rejected: string | null): Promise<string> {
    const deadline = this.clock.now() + LOCK_MS;
    while (this.clock.now() < deadline) {
      const shared = await this.readShared();
      if (shared && shared.accessToken !== rejected && !this.isDue(shared))
        return this.adopt(shared);
      const lockId = randomUUID();
      if (await this.state.setIfAbsent(`token-lock:${this.scope}`, lockId, LOCK_MS)) {
        try {
          return this.adopt(
            await this.exchange(shared?.refreshToken ?? this.current?.refreshToken),
          );
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

  private async adopt(token: Token): Promise<string> {
    this.current = token;
    this.rejected = false;
    this.metrics.tokenExpiresAt = token.expiresAt;
    await this.state.set(`token:${this.scope}`, JSON.stringify(token), 90 * 24 * 3600 * 1000);
    return token.accessToken;
  }

  private async readShared(): Promise<Token | null> {
    const raw = await this.state.get(`token:${this.scope}`);
    return raw ? (JSON.parse(raw) as Token) : null;
  }

  private async exchange(refreshToken = this.env.WEBEX_REFRESH_TOKEN ?? ''): Promise<Token> {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: this.env.WEBEX_CLIENT_ID ?? '',
      client_secret: this.env.WEBEX_CLIENT_SECRET ?? '',
      refresh_token: refreshToken,
    });
    const response = await firstValueFrom(
      this.http.post<string>('access_token', form.toString(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    ).catch(() => {
      this.metrics.tokenRefreshes.inc({ outcome: 'unreachable' });
      throw new WebexApiError('network', 0, 'token endpoint unreachable');
    });
    return this.readAnswer(response.status, response.data, refreshToken);
  }

  private readAnswer(status: number, body: string, usedRefreshToken: string): Token {
    let answer: TokenAnswer = {};
    try {
      answer = JSON.parse(body) as TokenAnswer;
    } catch {
      /* handled below as an unreadable answer */
    }
    if (
      status !== 200 ||
      typeof answer.access_token !== 'string' ||
      typeof answer.expires_in !== 'number'
    ) {
      this.metrics.tokenRefreshes.inc({ outcome: 'refused' });
      this.rejected = status >= 400 && status < 500;
      throw this.rejected
        ? this.authFailure(`token refresh refused (${status})`)
        : new WebexApiError('http', status || 502, 'token refresh failed');
    }
    this.metrics.tokenRefreshes.inc({ outcome: 'ok' });
    const refreshToken =
      typeof answer.refresh_token === 'string' ? answer.refresh_token : usedRefreshToken;
    const lifetimeMs = answer.expires_in * 1000;
    return {
      accessToken: answer.access_token,
      expiresAt: this.clock.now() + lifetimeMs,
      lifetimeMs,
      refreshToken,
    };
  }

  private authFailure(message: string): WebexApiError {
    return new WebexApiError('http', 401, message);
  }
}
