import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Input, IntegerInput, IsRealDate, NotBefore, RequiredInput } from '../reports/query-rules';

export const WHOLESALE_TYPES = ['PARTNER', 'CUSTOMER', 'USER'] as const;
export const WHOLESALE_SORT = ['id', 'billingStartDate', 'billingEndDate', 'status'] as const;
export const REPORT_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'FAILED'] as const;
const ORG_ID = /^[A-Za-z0-9_=-]{1,512}$/;
const ORG_ID_MESSAGE = 'must be 1-512 characters of A-Z a-z 0-9 _ = -';

/** `GET /v1/reports/wholesale` filters. */
export class WholesaleListQuery {
  @Input() @IsRealDate() billingStartDate?: string;
  @Input() @IsRealDate() @NotBefore('billingStartDate') billingEndDate?: string;
  @Input(WHOLESALE_TYPES) @IsIn(WHOLESALE_TYPES) type?: (typeof WHOLESALE_TYPES)[number];
  @Input(WHOLESALE_SORT) @IsIn(WHOLESALE_SORT) sortBy?: (typeof WHOLESALE_SORT)[number];
  @Input(REPORT_STATUSES) @IsIn(REPORT_STATUSES) status?: (typeof REPORT_STATUSES)[number];
  @IntegerInput() @IsInt({ message: 'must be an integer from 1 to 100' }) @Min(1) @Max(100) max?: number;
  @Input() @Matches(ORG_ID, { message: ORG_ID_MESSAGE }) subPartnerOrgId?: string;
  @Input() @IsString() cursor?: string;
}

export class CreateWholesaleReportBody {
  @RequiredInput() @IsRealDate() billingStartDate!: string;
  @RequiredInput() @IsRealDate() @NotBefore('billingStartDate') billingEndDate!: string;
  @Input(WHOLESALE_TYPES) @IsIn(WHOLESALE_TYPES) type?: (typeof WHOLESALE_TYPES)[number];
  @Input() @Matches(ORG_ID, { message: ORG_ID_MESSAGE }) subPartnerOrgId?: string;
  @IsOptional() @IsBoolean() internal?: boolean;
}

export const WHOLESALE_FILTER_KEYS = ['billingStartDate', 'billingEndDate', 'type', 'sortBy', 'status', 'max', 'subPartnerOrgId'] as const;

/** The filters as the cache key and Webex see them: defaults applied, empties gone. */
export function wholesaleFilters(query: WholesaleListQuery): Record<string, string> {
  const filters: Record<string, string> = { sortBy: query.sortBy ?? 'billingStartDate' };
  for (const key of WHOLESALE_FILTER_KEYS) {
    const value = query[key];
    if (value !== undefined && key !== 'sortBy') filters[key] = String(value);
  }
  return filters;
}
