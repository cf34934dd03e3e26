import { Managed } from './managed';

export type LogLine = { level: number; time: number; msg?: string; [field: string]: unknown };

/** The JSON log lines a replica wrote (anything else it printed is skipped). */
export function logLinesOf(process: Managed): LogLine[] {
  return process
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
}

/** pino's numeric levels: 40 warn, 50 error. */
export const WARN = 40;
