import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';
import { FOLDS, MONTH } from '../docs/formats.docs';
import { Input, IsRealMonth, RequiredInput } from '../reports/query-rules';

export const BROADWORKS_SORT = ['id', 'status', 'billingPeriod'] as const;

/** `GET /v1/reports/broadworks` filters. No `max`: BroadWorks lists always follow every page. */
export class BroadworksListQuery {
  @ApiPropertyOptional({
    ...MONTH,
    description: 'only reports before this month (YYYY-MM, exclusive)',
    example: '2024-06',
  })
  @Input()
  @IsRealMonth()
  before?: string;
  @ApiPropertyOptional({
    ...MONTH,
    description: 'only reports after this month (YYYY-MM, exclusive)',
    example: '2023-12',
  })
  @Input()
  @IsRealMonth()
  after?: string;
  @ApiPropertyOptional({ enum: BROADWORKS_SORT, default: 'billingPeriod', description: FOLDS })
  @Input(BROADWORKS_SORT)
  @IsIn(BROADWORKS_SORT)
  sortBy?: (typeof BROADWORKS_SORT)[number];
  @ApiPropertyOptional({
    description: 'page.nextCursor of the previous answer (with the same filters); valid for 24 h',
  })
  @Input()
  @IsString()
  cursor?: string;
}

export class CreateBroadworksReportBody {
  @ApiProperty({ ...MONTH, example: '2024-07', description: 'YYYY-MM' })
  @RequiredInput()
  @IsRealMonth()
  billingPeriod!: string;
}

/** The filters as the cache key and Webex see them: defaults applied, empties gone. */
export function broadworksFilters(query: BroadworksListQuery): Record<string, string> {
  const filters: Record<string, string> = { sortBy: query.sortBy ?? 'billingPeriod' };
  if (query.before) filters.before = query.before;
  if (query.after) filters.after = query.after;
  return filters;
}
