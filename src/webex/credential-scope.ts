import { createHash } from 'node:crypto';
import { Env, usesOAuthRefresh } from '../config/env';

/**
 * A short, one-way name for the upstream credential: cache keys, cooldowns and token hand-over are
 * scoped by it, so deployments with different Webex credentials sharing one Redis never meet.
 */
export function credentialScopeOf(env: Env): string {
  const credential = usesOAuthRefresh(env)
    ? `oauth\0${env.WEBEX_CLIENT_ID}\0${env.WEBEX_REFRESH_TOKEN}`
    : `static\0${env.WEBEX_ACCESS_TOKEN ?? ''}`;
  return createHash('sha256')
    .update(`${env.WEBEX_BASE_URL}\0${credential}`)
    .digest('hex')
    .slice(0, 16);
}

/** Secret for signing list cursors: derived from the credential, the same on every replica. */
export function cursorSecretOf(env: Env): string {
  const material = usesOAuthRefresh(env)
    ? `${env.WEBEX_CLIENT_SECRET}\0${env.WEBEX_REFRESH_TOKEN}`
    : (env.WEBEX_ACCESS_TOKEN ?? '');
  return createHash('sha256').update(`cursor\0${material}`).digest('hex');
}
