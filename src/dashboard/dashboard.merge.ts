import { CachedAnswer, CacheOutcome, toEntry } from '../cache/cache-entry';
import { ProblemCode } from '../http/problem';
import { Family, Report } from '../domain/report';
import { AllReportsQuery } from './dashboard.dto';

/** A family that could not be listed: what its own list route would have answered. */
export type Missing = { family: Family; status: number; type: ProblemCode };
export type AllReports = { items: Report[]; page: { nextCursor: null }; partial?: Missing[] };

/** Weakest first: one STALE part makes the whole answer STALE, one MISS makes it a MISS. */
const WEAKEST_FIRST: CacheOutcome[] = ['STALE', 'MISS', 'BYPASS', 'HIT'];

/** Code-unit order, as the sandbox and Webex ids sort, the same on every machine. */
const ascending = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function newestFirst(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return ascending(b, a);
}

/** `period.start` descending (unknown last), then `family`, then `id` ascending (CONTRACT §8). */
export const byDashboardOrder = (a: Report, b: Report) =>
  newestFirst(a.period.start, b.period.start) ||
  ascending(a.family, b.family) ||
  ascending(a.id, b.id);

/** Dates are ISO `YYYY-MM-DD`, so text order is date order; a one-sided period counts as one day. */
function overlaps(report: Report, from?: string, to?: string): boolean {
  if (!from && !to) return true;
  const start = report.period.start ?? report.period.end;
  const end = report.period.end ?? report.period.start;
  if (!start || !end) return false;
  return (!from || end >= from) && (!to || start <= to);
}

/** Filters Webex could not apply for a family (BroadWorks has no status or type; neither has overlap). */
export const matches = (report: Report, query: AllReportsQuery) =>
  (!query.status || report.status === query.status) &&
  (!query.type || report.type === query.type) &&
  overlaps(report, query.from, query.to);

/**
 * The families' lists as one: each filtered by what Webex could not apply, in dashboard order, and
 * `partial` naming the families that could not be listed.
 */
export function mergedList(
  lists: Report[][],
  query: AllReportsQuery,
  missing: Missing[],
): AllReports {
  const items = lists.flatMap((list) => list.filter((report) => matches(report, query)));
  const list: AllReports = { items: items.sort(byDashboardOrder), page: { nextCursor: null } };
  if (missing.length > 0) list.partial = missing;
  return list;
}

/**
 * The merged answer, cacheable like each family's: X-Cache the weakest part, its data as old as the
 * oldest part's (Age) and fresh only until the first part goes stale (so `max-age`, the lifetime from
 * that age, is never longer than any part's), not fresh at all when partial (a client must not keep a
 * hole); ETag over this body.
 */
export function mergedAnswer(parts: CachedAnswer[], list: AllReports, now: number): CachedAnswer {
  const outcome =
    WEAKEST_FIRST.find((candidate) => parts.some((part) => part.outcome === candidate)) ?? 'HIT';
  const storedAt = Math.min(now, ...parts.map((part) => part.entry.storedAt));
  const freshUntil =
    list.partial || parts.length === 0
      ? storedAt
      : Math.max(storedAt, Math.min(...parts.map((part) => part.entry.freshUntil)));
  const entry = { ...toEntry(200, list, now, 0), storedAt, freshUntil, keepUntil: freshUntil };
  const ageS = Math.max(0, ...parts.map((part) => part.ageS));
  return { entry, outcome, ageS };
}
