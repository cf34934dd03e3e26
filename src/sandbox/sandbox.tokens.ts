import { randomUUID } from 'node:crypto';
import { Answer, SandboxHttpError, badRequest } from './sandbox.http';
import { ResolvedOptions } from './sandbox.types';

/**
 * Bearer checks and the OAuth refresh grant of `POST /v1/access_token`.
 *
 * Token state survives `reset()`: a service that spans several tests keeps the credentials it
 * holds. `reset()` only re-admits the initial refresh token, so a freshly configured service works
 * too.
 */
export type TokenIssuer = {
  accepts(authorization: string | undefined, now: number): boolean;
  /** The token answer; throws a 400/401 Webex error for a bad grant, client or refresh token. */
  exchange(form: unknown, now: number): Answer;
  currentRefreshToken(): string;
  readmitInitial(): void;
};

/** Webex refresh tokens live 90 days. */
const REFRESH_TOKEN_LIFETIME_S = 90 * 24 * 3600;

type TokenState = {
  accessTokens: Map<string, number>;
  refreshTokens: Set<string>;
  current: string;
};

function checkGrant(form: unknown, options: ResolvedOptions, state: TokenState): string {
  const fields = (typeof form === 'object' && form !== null ? form : {}) as Record<string, unknown>;
  if (fields.grant_type !== 'refresh_token')
    throw badRequest("Unsupported grant_type: expected 'refresh_token'.");
  if (fields.client_id !== options.clientId || fields.client_secret !== options.clientSecret)
    throw new SandboxHttpError(401, 'Invalid client_id or client_secret.');
  const refreshToken = fields.refresh_token;
  if (typeof refreshToken !== 'string' || !state.refreshTokens.has(refreshToken))
    throw badRequest('Invalid or revoked refresh_token.');
  return refreshToken;
}

function rotate(used: string, state: TokenState): void {
  state.refreshTokens.delete(used);
  state.current = `sandbox-rt-${randomUUID()}`;
  state.refreshTokens.add(state.current);
}

function issue(form: unknown, now: number, options: ResolvedOptions, state: TokenState): Answer {
  const used = checkGrant(form, options, state);
  if (options.rotateRefreshToken) rotate(used, state);
  const accessToken = `sandbox-at-${randomUUID()}`;
  state.accessTokens.set(accessToken, now + options.tokenLifetimeS * 1000);
  const body = {
    access_token: accessToken,
    expires_in: options.tokenLifetimeS,
    refresh_token: options.rotateRefreshToken ? state.current : used,
    refresh_token_expires_in: REFRESH_TOKEN_LIFETIME_S,
    token_type: 'Bearer',
  };
  return { status: 200, body };
}

function bearerOf(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match ? match[1] : null;
}

export function createTokenIssuer(options: ResolvedOptions): TokenIssuer {
  const state: TokenState = {
    accessTokens: new Map(),
    refreshTokens: new Set([options.refreshToken]),
    current: options.refreshToken,
  };
  return {
    accepts(authorization, now) {
      const token = bearerOf(authorization);
      if (token === null) return false;
      return token === options.accessToken || now < (state.accessTokens.get(token) ?? 0);
    },
    exchange: (form, now) => issue(form, now, options, state),
    currentRefreshToken: () => state.current,
    readmitInitial: () => void state.refreshTokens.add(options.refreshToken),
  };
}
