import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';
import { Input, IsRealMonth, RequiredInput } from '../reports/query-rules';

export const BROADWORKS_SORT = ['id', 'status', 'billingPeriod'] as const;

/** `GET /v1/reports/broadworks` filters. No `max`: BroadWorks lists always follow every page. */
export class BroadworksListQuery {
  @ApiPropertyOptional({
    description: 'only reports before this month (YYYY-MM)',
    example: '2024-06',
  })
  @Input()
  @IsRealMonth()
  before?: string;
  @ApiPropertyOptional({
    description: 'only reports after this month (YYYY-MM)',
    example: '2023-12',
  })
  @Input()
  @IsRealMonth()
  after?: string;
  @ApiPropertyOptional({
    enum: BROADWORKS_SORT,
    default: 'billingPeriod',
    description: 'any letter case',
  })
  @Input(BROADWORKS_SORT)
  @IsIn(BROADWORKS_SORT)
  sortBy?: (typeof BROADWORKS_SORT)[number];
  @ApiPropertyOptional({ description: 'page.nextCursor of the previous answer' })
  @Input()
  @IsString()
  cursor?: string;
}

export class CreateBroadworksReportBody {
  @ApiProperty({ example: '2024-02', description: 'YYYY-MM' })
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
