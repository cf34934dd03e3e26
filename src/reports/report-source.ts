import { CachedAnswer } from '../cache/cache-entry';
import { CacheMode } from '../cache/cache-decision';
import { Family, Report, ReportList } from '../domain/report';
import { RequestContext } from '../request-context';

/**
 * What both family services offer for one report: the cached `get` their own route answers with.
 * `caller`: the request the Webex calls are made for (its id tags them, they count in its log line).
 */
export type ReportSource = {
  get(id: string, mode: CacheMode, caller: RequestContext | undefined): Promise<CachedAnswer>;
};

/** The filters of `GET /v1/reports` (CONTRACT §8), as its DTO validated them. */
export type CrossFamilyFilters = { status?: string; type?: string };

/** How a family takes part in `GET /v1/reports`. */
export type CrossFamilySource = {
  /** Whether the family can have reports matching these filters at all. */
  includedFor(filters: CrossFamilyFilters): boolean;
  /** Its list with the filters Webex applies for it; the merge applies the others. */
  listFor(
    filters: CrossFamilyFilters,
    mode: CacheMode,
    caller: RequestContext | undefined,
  ): Promise<CachedAnswer>;
};

/** One report of a family, as the conveniences of CONTRACT §8 address it. */
export type ReportTarget = { family: Family; id: string; source: ReportSource };

export const reportOf = (answer: CachedAnswer): Report => JSON.parse(answer.entry.body) as Report;
export const reportListOf = (answer: CachedAnswer): ReportList =>
  JSON.parse(answer.entry.body) as ReportList;
