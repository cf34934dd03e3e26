import { SandboxFamily } from './sandbox.family';
import { routeKeyOf } from './sandbox.routes';
import { SandboxCounters, SandboxRequest } from './sandbox.types';

/** Every `/v1` request in arrival order; its status is filled in when the answer goes out. */
export type RequestLog = {
  record(entry: SandboxRequest): SandboxRequest;
  all(): SandboxRequest[];
  count(method?: string, pathPrefix?: string): number;
  counters(): SandboxCounters;
  clear(): void;
};

/** Prefixes are meant after `/v1`, but one written with `/v1` matches too. */
const afterV1 = (path: string): string => (path.startsWith('/v1/') ? path.slice(3) : path);

function countersOf(
  entries: SandboxRequest[],
  families: readonly SandboxFamily[],
): SandboxCounters {
  const byRoute: Record<string, number> = {};
  for (const entry of entries) {
    const key = routeKeyOf(families, entry.method, entry.path);
    byRoute[key] = (byRoute[key] ?? 0) + 1;
  }
  return { total: entries.length, byRoute };
}

export function createRequestLog(families: readonly SandboxFamily[]): RequestLog {
  let entries: SandboxRequest[] = [];
  return {
    record(entry) {
      entries.push(entry);
      return entry;
    },
    all: () => entries.map((entry) => ({ ...entry })),
    count: (method, pathPrefix) =>
      entries.filter(
        (entry) =>
          (method === undefined || entry.method === method.toUpperCase()) &&
          (pathPrefix === undefined ||
            afterV1(entry.path).startsWith(pathPrefix) ||
            entry.path.startsWith(pathPrefix)),
      ).length,
    counters: () => countersOf(entries, families),
    clear: () => void (entries = []),
  };
}
