import { Env } from '../config/env';
import { isTerminal, Report, ReportList } from '../domain/report';

/** Freshness by content (CONTRACT §4): short while anything is still being generated. */
export function listFreshMs(list: ReportList, env: Env): number {
  const inProgress = list.items.some((report) => report.status === 'IN_PROGRESS');
  return (inProgress ? env.CACHE_TTL_LIST_IN_PROGRESS_S : env.CACHE_TTL_LIST_S) * 1000;
}

/** A single report: long when terminal, short otherwise, and never past its download URL's expiry − 60 s. */
export function reportFreshMs(report: Report, env: Env, now: number): number {
  const byStatus =
    (isTerminal(report.status) ? env.CACHE_TTL_REPORT_S : env.CACHE_TTL_REPORT_IN_PROGRESS_S) *
    1000;
  const expiresAt = report.download?.expiresAt ? Date.parse(report.download.expiresAt) : NaN;
  if (Number.isNaN(expiresAt)) return byStatus;
  return Math.max(0, Math.min(byStatus, expiresAt - 60_000 - now));
}
