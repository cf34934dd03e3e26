/**
 * Nest's ConsoleLogger and Logger each build an `Intl.DateTimeFormat` when their modules load. That
 * maps ICU's locale and time-zone data into every replica: ~7 MiB of RSS (node's read-only pages
 * +4.3 MiB, its code +1.1, malloc +1.2, measured under the hit load), though the service logs through
 * pino and neither prints a timestamp here. Imported first by main.ts, this loads those modules while
 * `Intl.DateTimeFormat` hands out formatters built at their first use (the first timestamp a Nest
 * logger prints), then puts `Intl.DateTimeFormat` back: nothing else ever sees the stand-in.
 */
import 'reflect-metadata'; // the logger modules' decorators read it as they load

const NEST_LOGGERS = [
  '@nestjs/common/services/console-logger.service',
  '@nestjs/common/services/logger.service',
];

type DateTimeFormatArgs = ConstructorParameters<typeof Intl.DateTimeFormat>;

/** Requires the modules while `Intl.DateTimeFormat` builds lazily; restores it whatever happens. */
export function loadWithLazyDateTimeFormat(moduleIds: readonly string[]): void {
  const Original = Intl.DateTimeFormat;
  // Called with `new`: a constructor that returns an object makes `new` give that object. Nest's
  // loggers call only `format` (their timestamps; the spec prints one through each).
  function LazyDateTimeFormat(...args: DateTimeFormatArgs) {
    let real: Intl.DateTimeFormat | undefined;
    return { format: (date?: Date | number) => (real ??= new Original(...args)).format(date) };
  }
  const intl = Intl as { DateTimeFormat: unknown };
  intl.DateTimeFormat = LazyDateTimeFormat;
  try {
    for (const id of moduleIds) require(id); // eslint-disable-line @typescript-eslint/no-require-imports
  } finally {
    intl.DateTimeFormat = Original;
  }
}

loadWithLazyDateTimeFormat(NEST_LOGGERS);
