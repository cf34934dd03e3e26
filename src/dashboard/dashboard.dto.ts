import { applyDecorators, Type } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, ValidateBy } from 'class-validator';
import { DATE, FOLDS, prose } from '../docs/formats.docs';
import { Input, IsRealDate, NotBefore, NotRepeated } from '../reports/query-rules';
import { Family, REPORT_STATUSES } from '../domain/report';
import { FamilyRegistry } from '../reports/family-registry';

/** `broadworks, WHOLESALE` → `broadworks,wholesale`: parts trimmed, folded, deduplicated; none = absent. */
function foldFamilies(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const parts = value
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  return parts.length > 0 ? [...new Set(parts)].join(',') : undefined;
}

const FamilyListInput = (families: readonly Family[]) =>
  applyDecorators(
    Transform(({ value }) => foldFamilies(value)),
    IsOptional(),
    NotRepeated(),
    ValidateBy({
      name: 'isFamilyList',
      validator: {
        validate: (value) =>
          typeof value === 'string' && value.split(',').every((part) => families.includes(part)),
        defaultMessage: () => `must be a comma-separated list of ${families.join(', ')}`,
      },
    }),
  );

/** `GET /v1/reports` filters (CONTRACT §8), as validated. */
export type AllReportsQuery = {
  family?: string;
  status?: (typeof REPORT_STATUSES)[number];
  type?: string;
  from?: string;
  to?: string;
};

/** The DTO of `GET /v1/reports` for the registry's families, with the input rules of §2. */
export function allReportsQueryOf(registry: FamilyRegistry): Type<AllReportsQuery> {
  const families = registry.names;
  const typed = registry.descriptors.filter(({ crossFamily }) => crossFamily.types);
  const untyped = registry.descriptors.filter(({ crossFamily }) => !crossFamily.types);
  const types = [...new Set(typed.flatMap(({ crossFamily }) => crossFamily.types ?? []))];
  const namesOf = (list: typeof typed) => prose(list.map(({ docs }) => docs.name));

  class AllReportsQueryDto implements AllReportsQuery {
    @ApiPropertyOptional({
      pattern: `^(${families.join('|')})(,(${families.join('|')}))*$`,
      description: `comma-separated families; default all. ${FOLDS}`,
      example: families.join(','),
    })
    @FamilyListInput(families)
    family?: string;

    @ApiPropertyOptional({ enum: REPORT_STATUSES, description: FOLDS })
    @Input(REPORT_STATUSES)
    @IsIn(REPORT_STATUSES)
    status?: (typeof REPORT_STATUSES)[number];

    @ApiPropertyOptional({
      enum: types,
      description: `${namesOf(typed)} only, so ${namesOf(untyped)} reports are left out when it is set. ${FOLDS}`,
    })
    @Input(types)
    @IsIn(types)
    type?: string;
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

  return AllReportsQueryDto;
}

/** The families asked for: all by default. */
export const familiesAsked = (query: AllReportsQuery, registry: FamilyRegistry): Family[] =>
  query.family ? query.family.split(',') : registry.names;
