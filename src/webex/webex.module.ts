import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import type { HttpModuleOptions } from '@nestjs/axios';
import type { AxiosProxyConfig } from 'axios';
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

/** axios as Webex must be called: no redirects, no ambient proxy, base URL only, capped size and time. */
export function webexHttpConfig(env: Env): HttpModuleOptions {
  return {
    baseURL: env.WEBEX_BASE_URL.replace(/\/+$/, '') + '/',
    allowAbsoluteUrls: false,
    maxRedirects: 0,
    proxy: proxyOf(env),
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
