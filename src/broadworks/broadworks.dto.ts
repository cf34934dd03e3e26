import { IsIn, IsString } from 'class-validator';
import { Input, IsRealMonth, RequiredInput } from '../reports/query-rules';

export const BROADWORKS_SORT = ['id', 'status', 'billingPeriod'] as const;

/** `GET /v1/reports/broadworks` filters. No `max`: BroadWorks lists always follow every page. */
export class BroadworksListQuery {
  @Input() @IsRealMonth() before?: string;
  @Input() @IsRealMonth() after?: string;
  @Input(BROADWORKS_SORT) @IsIn(BROADWORKS_SORT) sortBy?: (typeof BROADWORKS_SORT)[number];
  @Input() @IsString() cursor?: string;
}

export class CreateBroadworksReportBody {
  @RequiredInput() @IsRealMonth() billingPeriod!: string;
}

/** The filters as the cache key and Webex see them: defaults applied, empties gone. */
export function broadworksFilters(query: BroadworksListQuery): Record<string, string> {
  const filters: Record<string, string> = { sortBy: query.sortBy ?? 'billingPeriod' };
  if (query.before) filters.before = query.before;
  if (query.after) filters.after = query.after;
  return filters;
}
