import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { DATE, FOLDS, ID } from '../docs/formats.docs';
import { REPORT_STATUSES } from '../domain/report';
import { Input, IntegerInput, IsRealDate, NotBefore, RequiredInput } from '../reports/query-rules';

export const WHOLESALE_TYPES = ['PARTNER', 'CUSTOMER', 'USER'] as const;
export const WHOLESALE_SORT = ['id', 'billingStartDate', 'billingEndDate', 'status'] as const;
const ORG_ID = /^[A-Za-z0-9_=-]{1,512}$/;
const ORG_ID_MESSAGE = 'must be 1-512 characters of A-Z a-z 0-9 _ = -';

/** `GET /v1/reports/wholesale` filters. */
export class WholesaleListQuery {
  @ApiPropertyOptional({ ...DATE, example: '2024-01-01', description: 'YYYY-MM-DD' })
  @Input()
  @IsRealDate()
  billingStartDate?: string;
  @ApiPropertyOptional({
    ...DATE,
    example: '2024-01-31',
    description: 'YYYY-MM-DD, not before billingStartDate',
  })
  @Input()
  @IsRealDate()
  @NotBefore('billingStartDate')
  billingEndDate?: string;
  @ApiPropertyOptional({ enum: WHOLESALE_TYPES, description: FOLDS })
  @Input(WHOLESALE_TYPES)
  @IsIn(WHOLESALE_TYPES)
  type?: (typeof WHOLESALE_TYPES)[number];
  @ApiPropertyOptional({ enum: WHOLESALE_SORT, default: 'billingStartDate', description: FOLDS })
  @Input(WHOLESALE_SORT)
  @IsIn(WHOLESALE_SORT)
  sortBy?: (typeof WHOLESALE_SORT)[number];
  @ApiPropertyOptional({ enum: REPORT_STATUSES, description: FOLDS })
  @Input(REPORT_STATUSES)
  @IsIn(REPORT_STATUSES)
  status?: (typeof REPORT_STATUSES)[number];
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 100,
    description:
      'one upstream page of this size; without it every page is followed up to LIST_MAX_ITEMS',
  })
  @IntegerInput()
  @IsInt({ message: 'must be an integer from 1 to 100' })
  @Min(1)
  @Max(100)
  max?: number;
  @ApiPropertyOptional({ ...ID, description: 'sub partner organization id' })
  @Input()
  @Matches(ORG_ID, { message: ORG_ID_MESSAGE })
  subPartnerOrgId?: string;
  @ApiPropertyOptional({
    description: 'page.nextCursor of the previous answer (with the same filters); valid for 24 h',
  })
  @Input()
  @IsString()
  cursor?: string;
}

export class CreateWholesaleReportBody {
  @ApiProperty({ ...DATE, example: '2024-06-01', description: 'YYYY-MM-DD' })
  @RequiredInput()
  @IsRealDate()
  billingStartDate!: string;
  @ApiProperty({
    ...DATE,
    example: '2024-06-30',
    description: 'YYYY-MM-DD, not before billingStartDate',
  })
  @RequiredInput()
  @IsRealDate()
  @NotBefore('billingStartDate')
  billingEndDate!: string;
  @ApiPropertyOptional({
    enum: WHOLESALE_TYPES,
    description: `Webex defaults to PARTNER. ${FOLDS}`,
  })
  @Input(WHOLESALE_TYPES)
  @IsIn(WHOLESALE_TYPES)
  type?: (typeof WHOLESALE_TYPES)[number];
  @ApiPropertyOptional({ ...ID, description: 'sub partner organization id' })
  @Input()
  @Matches(ORG_ID, { message: ORG_ID_MESSAGE })
  subPartnerOrgId?: string;
  @ApiPropertyOptional({ type: Boolean, description: 'include internal orgs' })
  @IsOptional()
  @IsBoolean()
  internal?: boolean;
}

export const WHOLESALE_FILTER_KEYS = [
  'billingStartDate',
  'billingEndDate',
  'type',
  'sortBy',
  'status',
  'max',
  'subPartnerOrgId',
] as const;

/** The filters as the cache key and Webex see them: defaults applied, empties gone. */
export function wholesaleFilters(query: WholesaleListQuery): Record<string, string> {
  const filters: Record<string, string> = { sortBy: query.sortBy ?? 'billingStartDate' };
  for (const key of WHOLESALE_FILTER_KEYS) {
    const value = query[key];
    if (value !== undefined && key !== 'sortBy') filters[key] = String(value);
  }
  return filters;
}
