import {
  ArgumentMetadata,
  ValidationError,
  ValidationPipe,
  ValidationPipeOptions,
} from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { LRUCache } from 'lru-cache';
import { FieldError, ProblemError } from './problem';

const UNKNOWN = 'is not a known parameter';

function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      message:
        rule === 'whitelistValidation'
          ? UNKNOWN
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

function validationProblem(errors: FieldError[]): ProblemError {
  const list = byField(errors);
  return new ProblemError(
    'validation-failed',
    list.map((e) => `${e.field} ${e.message}`).join('; '),
    { errors: list },
  );
}

const declared = new WeakMap<object, ReadonlySet<string>>();

/** The properties a DTO declares, from its class-validator metadata (inherited ones included). */
function declaredProperties(metatype: object): ReadonlySet<string> {
  let known = declared.get(metatype);
  if (!known) {
    const rules = getMetadataStorage().getTargetValidationMetadatas(
      metatype as new () => object,
      '',
      true,
      false,
    );
    known = new Set(rules.map((rule) => rule.propertyName));
    declared.set(metatype, known);
  }
  return known;
}

/**
 * Own keys of the raw value that its DTO does not declare. class-transformer skips keys that exist on
 * Object.prototype (`toString`, `constructor`, `__proto__`, …), so whitelist validation never sees
 * them; the raw value's own keys are compared here, before anything is transformed.
 */
function unknownFields(value: unknown, metadata: ArgumentMetadata): FieldError[] {
  const { metatype, type } = metadata;
  if (!metatype || type === 'custom' || value === null || typeof value !== 'object') return [];
  const known = declaredProperties(metatype);
  if (known.size === 0) return [];
  return Object.keys(value)
    .filter((key) => !known.has(key))
    .map((field) => ({ field, message: UNKNOWN }));
}

const OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => validationProblem(fieldErrors(errors)),
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
    const unknown = unknownFields(value, metadata);
    if (unknown.length > 0)
      throw await withOtherErrors(unknown, () => super.transform(value, metadata));
    const result: unknown = await super.transform(value, metadata);
    if (key !== null && result !== null && typeof result === 'object') this.passed.set(key, result);
    return result;
  }
}

/** `unknown` and whatever else validation finds, so every offending field is listed at once. */
async function withOtherErrors(
  unknown: FieldError[],
  validate: () => Promise<unknown>,
): Promise<ProblemError> {
  const others = await validate().then(
    () => [],
    (error: unknown) => {
      if (error instanceof ProblemError) return error.extra.errors ?? [];
      throw error;
    },
  );
  return validationProblem([...others, ...unknown]);
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
