import {
  ArgumentMetadata,
  ValidationError,
  ValidationPipe,
  ValidationPipeOptions,
} from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { FieldError, ProblemError } from './problem';

function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      message:
        rule === 'whitelistValidation'
          ? 'is not a known parameter'
          : message.replace(new RegExp(`^${error.property} `), ''),
    }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/** One entry per offending field, its rules' messages joined. */
function byField(errors: FieldError[]): FieldError[] {
  const merged = new Map<string, string[]>();
  for (const { field, message } of errors)
    merged.set(field, [...(merged.get(field) ?? []), message]);
  return [...merged].map(([field, messages]) => ({
    field,
    message: [...new Set(messages)].join('; '),
  }));
}

const OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => {
    const list = byField(fieldErrors(errors));
    return new ProblemError(
      'validation-failed',
      list.map((e) => `${e.field} ${e.message}`).join('; '),
      { errors: list },
    );
  },
};

/**
 * Validating a query or path is a pure function of its text, so a query or path that passed is
 * remembered with its DTO (class-transformer and class-validator were a tenth of a request's cost).
 * Bodies and failures are always validated afresh.
 */
class RememberingValidationPipe extends ValidationPipe {
  private readonly passed = new LRUCache<string, object>({ max: 5000 });

  constructor() {
    super(OPTIONS);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const key =
      metadata.type === 'query' || metadata.type === 'param' ? memoKey(value, metadata) : null;
    const known = key === null ? undefined : this.passed.get(key);
    if (known) return known;
    const result: unknown = await super.transform(value, metadata);
    if (key !== null && result !== null && typeof result === 'object') this.passed.set(key, result);
    return result;
  }
}

/** Only flat records of strings are remembered (what Fastify makes of a query or path). */
function memoKey(value: unknown, metadata: ArgumentMetadata): string | null {
  if (!metadata.metatype || value === null || typeof value !== 'object') return null;
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.every(([, item]) => typeof item === 'string')) return null;
  return `${metadata.type}:${metadata.metatype.name}:${JSON.stringify(entries)}`;
}

/** The one pipe: unknown fields are refused, every offending field is listed (CONTRACT §2, §6). */
export const validationPipe = () => new RememberingValidationPipe();
