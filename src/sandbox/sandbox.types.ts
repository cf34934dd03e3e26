/** The public shapes of the Webex sandbox; `sandbox.server.ts` re-exports them. */

/** A family's name, as its sandbox descriptor (`sandbox.family.ts`) gives it. */
export type ReportFamily = string;

export type LinkMode = 'normal' | 'drop-filters' | 'foreign-host';

export type ReportError = { code: number; description: string };

/** `downloadUrlExpiresAt`: epoch seconds of the URL's `Expires`; `null` drops the URL. */
export type ReportPatch = {
  status?: string;
  errors?: ReportError[];
  downloadUrlExpiresAt?: number | null;
};

/** The sandbox's settings; `SandboxOptions` (sandbox.server.ts) adds the families it serves. */
export type SandboxSettings = {
  /** 0 = ephemeral (default) */
  port?: number;
  /** default '127.0.0.1' */
  host?: string;
  /** static token accepted as Bearer; default 'sandbox-token' */
  accessToken?: string;
  /** OAuth refresh grant; default 'sandbox-client-id' */
  clientId?: string;
  /** default 'sandbox-client-secret' */
  clientSecret?: string;
  /** initial refresh token; default 'sandbox-refresh-token' */
  refreshToken?: string;
  /** expires_in of issued access tokens; default 3600 */
  tokenLifetimeS?: number;
  /** each refresh issues a new refresh token and invalidates the old; default true */
  rotateRefreshToken?: boolean;
  /** page size when the caller sends no `max` (both families); default 100 */
  pageSize?: number;
  /** a created report is IN_PROGRESS for this long, then COMPLETED; default 3000 */
  completeAfterMs?: number;
  /** Expires of tempDownloadURL = now + this, computed at each GET; default 3600 */
  downloadUrlLifetimeS?: number;
  /** load the seed data; default true */
  seed?: boolean;
  /** clock (epoch ms); default Date.now */
  now?: () => number;
};

export type ResolvedOptions = Required<SandboxSettings>;

export type SandboxFault = {
  /** match, e.g. 'GET'; absent = any */
  method?: string;
  /** match: prefix of the path after `/v1`, e.g. '/wholesale/billing/reports'; absent = any */
  path?: string;
  /** how many matching requests it applies to (default 1); ignored when durationMs is set */
  times?: number;
  /** apply to every matching request for this long (sandbox clock) from when it is added */
  durationMs?: number;
  /** answer with this status and a Webex error body, without handling the request */
  status?: number;
  /** value of Retry-After, sent verbatim (seconds, HTTP date or garbage) */
  retryAfter?: string;
  headers?: Record<string, string>;
  /** replaces the body: with `status`, of the fault answer; without, of the normal answer */
  body?: unknown;
  /** wait before handling (then handle normally unless other fields say otherwise) */
  delayMs?: number;
  /** 'before' handling (no state change), or 'after' handling but before any response byte */
  destroy?: 'before' | 'after';
  /** handle normally but send a truncated, invalid JSON body with 200 */
  malformedJson?: boolean;
  /** send the headers at once, then the body one byte every this many ms: slow, never silent */
  trickleMs?: number;
};

export type SandboxRequest = {
  method: string;
  /** e.g. '/v1/wholesale/billing/reports', no query */
  path: string;
  query: Record<string, string | string[]>;
  /** lower-cased names */
  headers: Record<string, string>;
  body: unknown;
  /** arrival time, from the sandbox clock */
  at: number;
  /** 0 if the socket was destroyed (or the answer is still pending) */
  status: number;
};

export type SandboxCounters = { total: number; byRoute: Record<string, number> };

export type Sandbox = {
  /** e.g. 'http://127.0.0.1:41234/v1' (what the service uses as WEBEX_BASE_URL) */
  baseUrl: string;
  port: number;
  /** closes the server and all open sockets promptly */
  close(): Promise<void>;
  addFault(fault: SandboxFault): void;
  /** the log, oldest first; control-API calls are not logged */
  requests(): SandboxRequest[];
  /** logged requests matching the method and the path prefix after `/v1` */
  count(method?: string, pathPrefix?: string): number;
  counters(): SandboxCounters;
  /** clears log, faults, link mode, and restores the seed data (see tokens in sandbox.tokens.ts) */
  reset(): void;
  setLinkMode(mode: LinkMode): void;
  setReport(family: ReportFamily, id: string, patch: ReportPatch): void;
  /** reports created through POST since the last reset */
  createdReports(): { family: string; id: string }[];
  /** the refresh token currently valid (the latest issued) */
  refreshTokenNow(): string;
};
