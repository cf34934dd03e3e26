import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import type { HttpModuleOptions } from '@nestjs/axios';
import type { AxiosProxyConfig } from 'axios';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Env } from '../config/env';
import { Cooldowns } from './cooldowns';
import { WebexClient } from './webex.client';
import { WebexTokenService } from './webex-token.service';

function proxyOf(env: Env): AxiosProxyConfig | false {
  if (!env.WEBEX_PROXY_URL) return false; // never the HTTP(S)_PROXY of the environment
  const url = new URL(env.WEBEX_PROXY_URL);
  return {
    protocol: url.protocol.replace(':', ''),
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
  };
}

/**
 * Node's global agent's pool settings, but with the TCP keep-alive probe delay axios sets on every
 * socket it is handed (60 s): with the global agent's 1 s, each request set it twice (axios, then
 * the agent when the socket went back to the pool), eight setsockopt calls per Webex call.
 */
const POOL = {
  keepAlive: true,
  keepAliveMsecs: 60_000,
  scheduling: 'lifo',
  timeout: 5000,
} as const;

/** axios as Webex must be called: no redirects, no ambient proxy, base URL only, capped size and time. */
export function webexHttpConfig(env: Env): HttpModuleOptions {
  return {
    baseURL: env.WEBEX_BASE_URL.replace(/\/+$/, '') + '/',
    allowAbsoluteUrls: false,
    maxRedirects: 0,
    proxy: proxyOf(env),
    httpAgent: new HttpAgent(POOL),
    httpsAgent: new HttpsAgent(POOL),
    timeout: env.UPSTREAM_TIMEOUT_MS,
    maxContentLength: env.UPSTREAM_MAX_RESPONSE_BYTES,
    maxBodyLength: 1024 * 1024,
    responseType: 'text',
    transformResponse: [(data: unknown) => data], // parsed by the client, so bad JSON is an error, not a string
    validateStatus: () => true,
    headers: { accept: 'application/json', 'user-agent': 'webex-reports-bff' },
  };
}

@Module({
  imports: [HttpModule.registerAsync({ inject: [Env], useFactory: webexHttpConfig })],
  providers: [WebexTokenService, Cooldowns, WebexClient],
  exports: [WebexClient, WebexTokenService],
})
export class WebexModule {}
