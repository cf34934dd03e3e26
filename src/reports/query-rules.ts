import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy, ValidationArguments } from 'class-validator';
import { isRealDate, isRealMonth } from '../domain/report-dates';

/**
 * The input rules of CONTRACT §2 shared by every filter and body field: surrounding white space is
 * trimmed, an empty value is the same as an absent one, enum values fold to their canonical spelling
 * in any letter case, and a repeated query parameter (which arrives as an array) is refused.
 */
function normalise(value: unknown, canonical?: readonly string[]): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return canonical?.find((option) => option.toLowerCase() === trimmed.toLowerCase()) ?? trimmed;
}

export const NotRepeated = () =>
  ValidateBy({
    name: 'notRepeated',
    validator: {
      validate: (value) => !Array.isArray(value),
      defaultMessage: () => 'must be given only once',
    },
  });

/** An optional text input; with `canonical`, an enum folded to one of those spellings. */
export const Input = (canonical?: readonly string[]) =>
  applyDecorators(
    Transform(({ value }) => normalise(value, canonical)),
    IsOptional(),
    NotRepeated(),
  );

/** A required text input (bodies): same normalisation, but absent or empty is an error. */
export const RequiredInput = (canonical?: readonly string[]) =>
  applyDecorators(
    Transform(({ value }) => normalise(value, canonical)),
    NotRepeated(),
  );

export const IsRealMonth = () =>
  ValidateBy({
    name: 'isRealMonth',
    validator: {
      validate: (value) => typeof value === 'string' && isRealMonth(value),
      defaultMessage: () => 'must be a real month as YYYY-MM',
    },
  });

export const IsRealDate = () =>
  ValidateBy({
    name: 'isRealDate',
    validator: {
      validate: (value) => typeof value === 'string' && isRealDate(value),
      defaultMessage: () => 'must be a real calendar date as YYYY-MM-DD',
    },
  });

/** For an end date: not before the start date named by `startField` (when both are valid). */
export const NotBefore = (startField: string) =>
  ValidateBy({
    name: 'notBefore',
    constraints: [startField],
    validator: {
      validate: (value, args?: ValidationArguments) => {
        const start = (args?.object as Record<string, unknown>)[startField];
        if (typeof start !== 'string' || typeof value !== 'string' || !isRealDate(start))
          return true;
        return start <= value;
      },
      defaultMessage: () => `must not be before ${startField}`,
    },
  });

/** An optional integer query value: digits become a number, anything else stays and fails @IsInt. */
export const IntegerInput = () =>
  applyDecorators(
    Transform(({ value }) => {
      const text = normalise(value);
      return typeof text === 'string' && /^\d{1,6}$/.test(text) ? Number(text) : text;
    }),
    IsOptional(),
    NotRepeated(),
  );
