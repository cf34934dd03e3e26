import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, ValidateBy } from 'class-validator';
import { DATE, FOLDS } from '../docs/formats.docs';
import { Input, IsRealDate, NotBefore, NotRepeated } from '../reports/query-rules';
import { Family, FAMILIES } from '../domain/report';
import { REPORT_STATUSES, WHOLESALE_TYPES } from '../wholesale/wholesale.dto';

/** `broadworks, WHOLESALE` → `broadworks,wholesale`: parts trimmed, folded, deduplicated; none = absent. */
function foldFamilies(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const parts = value
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  return parts.length > 0 ? [...new Set(parts)].join(',') : undefined;
}

const FamilyListInput = () =>
  applyDecorators(
    Transform(({ value }) => foldFamilies(value)),
    IsOptional(),
    NotRepeated(),
    ValidateBy({
      name: 'isFamilyList',
      validator: {
        validate: (value) =>
          typeof value === 'string' &&
          value.split(',').every((part) => (FAMILIES as readonly string[]).includes(part)),
        defaultMessage: () => `must be a comma-separated list of ${FAMILIES.join(', ')}`,
      },
    }),
  );

/** `GET /v1/reports` filters (CONTRACT §8), with the input rules of §2. */
export class AllReportsQuery {
  @ApiPropertyOptional({
    pattern: `^(${FAMILIES.join('|')})(,(${FAMILIES.join('|')}))*$`,
    description: `comma-separated families; default all. ${FOLDS}`,
    example: 'broadworks,wholesale',
  })
  @FamilyListInput()
  family?: string;
  @ApiPropertyOptional({ enum: REPORT_STATUSES, description: FOLDS })
  @Input(REPORT_STATUSES)
  @IsIn(REPORT_STATUSES)
  status?: (typeof REPORT_STATUSES)[number];
  @ApiPropertyOptional({
    enum: WHOLESALE_TYPES,
    description: `Wholesale only, so BroadWorks reports are left out when it is set. ${FOLDS}`,
  })
  @Input(WHOLESALE_TYPES)
  @IsIn(WHOLESALE_TYPES)
  type?: (typeof WHOLESALE_TYPES)[number];
  @ApiPropertyOptional({
    ...DATE,
    example: '2024-01-01',
    description: 'YYYY-MM-DD: only reports whose period ends on or after it',
  })
  @Input()
  @IsRealDate()
  from?: string;
  @ApiPropertyOptional({
    ...DATE,
    example: '2024-03-31',
    description: 'YYYY-MM-DD, not before from: only reports whose period starts on or before it',
  })
  @Input()
  @IsRealDate()
  @NotBefore('from')
  to?: string;
}

/** The families asked for: all by default. */
export const familiesAsked = (query: AllReportsQuery): Family[] =>
  query.family ? (query.family.split(',') as Family[]) : [...FAMILIES];
