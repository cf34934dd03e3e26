import { Query } from './sandbox.query';
import { ViewContext } from './sandbox.report';
import { ReportStore } from './sandbox.store';
import { TokenIssuer } from './sandbox.tokens';
import { LinkMode, ResolvedOptions } from './sandbox.types';

/** One `/v1` request as the handlers see it. */
export type ApiRequest = {
  method: string;
  /** the full path, e.g. '/v1/wholesale/billing/reports' */
  fullPath: string;
  /** the path after `/v1`, e.g. '/wholesale/billing/reports' */
  path: string;
  query: Query;
  headers: Record<string, string>;
  body: unknown;
  /** the request's Host header: Webex builds absolute URLs from it */
  host: string;
  now: number;
  trackingId: string;
};

/** The sandbox's mutable world, shared by the handlers. */
export type ApiState = {
  options: ResolvedOptions;
  store: ReportStore;
  tokens: TokenIssuer;
  linkMode: LinkMode;
};

export function viewContextOf(request: ApiRequest, state: ApiState): ViewContext {
  const { now, host } = request;
  return { now, host, downloadUrlLifetimeS: state.options.downloadUrlLifetimeS };
}
