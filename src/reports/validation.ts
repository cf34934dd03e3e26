import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/** The one pipe: unknown fields are refused, every offending field is listed (CONTRACT §2, §6). */
export const validationPipe = () =>
  new ValidationPipe({
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
  });
