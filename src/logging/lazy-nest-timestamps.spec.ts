/* eslint-disable @typescript-eslint/no-require-imports -- each test loads the modules afresh (jest.isolateModules) */
import type { ConsoleLogger, Logger } from '@nestjs/common';

/**
 * A fresh module registry (the module under test loads Nest's logger modules when imported),
 * with `Intl.DateTimeFormat` counting the formatters actually built.
 */
function loadFresh(): {
  built: () => number;
  ConsoleLogger: typeof ConsoleLogger;
  Logger: typeof Logger;
} {
  const Original = Intl.DateTimeFormat;
  let count = 0;
  const Counting = function (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
    count += 1;
    return new Original(...args);
  } as unknown as typeof Intl.DateTimeFormat;
  const intl = Intl as { DateTimeFormat: unknown };
  intl.DateTimeFormat = Counting;
  let nest: { ConsoleLogger: typeof ConsoleLogger; Logger: typeof Logger } | undefined;
  try {
    jest.isolateModules(() => {
      require('./lazy-nest-timestamps');
      expect(Intl.DateTimeFormat).toBe(Counting); // put back once Nest's logger modules are loaded
      nest = require('@nestjs/common') as typeof nest;
    });
  } finally {
    intl.DateTimeFormat = Original;
  }
  if (!nest) throw new Error('@nestjs/common did not load');
  return { built: () => count, ...nest };
}

describe('Nest console logger timestamps', () => {
  it('builds no date formatter when Nest loads, and one at the first timestamp, formatting as before', () => {
    const { built, ConsoleLogger, Logger } = loadFresh();
    expect(built()).toBe(0);
    const logger = new ConsoleLogger() as unknown as { getTimestamp(): string };
    const stamp = logger.getTimestamp();
    expect(built()).toBe(1);
    logger.getTimestamp();
    expect(built()).toBe(1);
    expect((Logger as unknown as { getTimestamp(): string }).getTimestamp()).toMatch(/\d/);
    expect(built()).toBe(2);
    const direct = new Intl.DateTimeFormat(undefined, {
      year: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      day: '2-digit',
      month: '2-digit',
    });
    expect(stamp).toMatch(/\d/);
    expect(stamp.replace(/\d/g, '0')).toBe(direct.format(Date.now()).replace(/\d/g, '0'));
  });

  it('puts Intl.DateTimeFormat back even when the module fails to load', () => {
    const original = Intl.DateTimeFormat;
    jest.isolateModules(() => {
      const { loadWithLazyDateTimeFormat } = require('./lazy-nest-timestamps') as {
        loadWithLazyDateTimeFormat: (ids: string[]) => void;
      };
      expect(() => loadWithLazyDateTimeFormat(['./no-such-module'])).toThrow();
    });
    expect(Intl.DateTimeFormat).toBe(original);
  });
});
