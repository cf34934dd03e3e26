import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { Token } from './token-handover';
import { WebexApiError } from './webex-api.error';

type TokenAnswer = { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown };
type GrantDeps = { env: Env; http: HttpService; clock: Clock; metrics: MetricsService };

/** Webex refused the credentials (a 401 for the caller, readiness false). */
export const authFailure = (message: string) => new WebexApiError('http', 401, message);

export const isRefusal = (error: unknown): boolean =>
  error instanceof WebexApiError && error.status === 401 && error.failure === 'http';

/** The OAuth refresh grant at `access_token`; a 4xx answer throws a refusal (see isRefusal). */
export async function refreshGrant(deps: GrantDeps, refreshToken: string): Promise<Token> {
  const { env, http, metrics } = deps;
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: env.WEBEX_CLIENT_ID ?? '',
    client_secret: env.WEBEX_CLIENT_SECRET ?? '',
    refresh_token: refreshToken,
  });
  const response = await firstValueFrom(
    http.post<string>('access_token', form.toString(), {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
  ).catch(() => {
    metrics.tokenRefreshes.inc({ outcome: 'unreachable' });
    throw new WebexApiError('network', 0, 'token endpoint unreachable');
  });
  return readAnswer(deps, response.status, response.data, refreshToken);
}

function readAnswer(deps: GrantDeps, status: number, body: string, used: string): Token {
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
    deps.metrics.tokenRefreshes.inc({ outcome: 'refused' });
    if (status < 400 || status >= 500)
      throw new WebexApiError('http', status || 502, 'token refresh failed');
    throw authFailure(`token refresh refused (${status})`);
  }
  deps.metrics.tokenRefreshes.inc({ outcome: 'ok' });
  const lifetimeMs = answer.expires_in * 1000;
  const issuedAt = deps.clock.now();
  return {
    accessToken: answer.access_token,
    expiresAt: issuedAt + lifetimeMs,
    lifetimeMs,
    refreshToken: typeof answer.refresh_token === 'string' ? answer.refresh_token : used,
    issuedAt,
  };
}
