import { badRequest } from './sandbox.http';
import { SandboxFault } from './sandbox.types';

/** Faults in order of addition; the first one matching a request is applied to it. */
export type FaultQueue = {
  add(fault: SandboxFault, now: number): void;
  /** The fault for this request, consuming one of its `times`; `path` is the one after `/v1`. */
  take(method: string, path: string, now: number): SandboxFault | null;
  clear(): void;
};

type ActiveFault = { fault: SandboxFault; remaining: number; until: number | null };

function isLive(active: ActiveFault, now: number): boolean {
  return active.until === null ? active.remaining > 0 : now < active.until;
}

function matchesRequest(fault: SandboxFault, method: string, path: string): boolean {
  if (fault.method !== undefined && fault.method.toUpperCase() !== method) return false;
  // `path` is the one after `/v1`; a fault path written with `/v1` matches too.
  return (
    fault.path === undefined || path.startsWith(fault.path) || `/v1${path}`.startsWith(fault.path)
  );
}

export function createFaultQueue(): FaultQueue {
  let active: ActiveFault[] = [];
  return {
    add(fault, now) {
      const until = fault.durationMs === undefined ? null : now + fault.durationMs;
      active.push({ fault, remaining: fault.times ?? 1, until });
    },
    take(method, path, now) {
      active = active.filter((entry) => isLive(entry, now));
      const found = active.find((entry) => matchesRequest(entry.fault, method, path));
      if (found && found.until === null) found.remaining -= 1;
      return found?.fault ?? null;
    },
    clear: () => void (active = []),
  };
}

const isString = (value: unknown): boolean => typeof value === 'string';
const isCount = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0;
const isStringRecord = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every(isString);

const FIELD_CHECKS: Record<keyof SandboxFault, (value: unknown) => boolean> = {
  method: isString,
  path: isString,
  times: (value) => isCount(value) && (value as number) > 0,
  durationMs: isCount,
  status: (value) =>
    Number.isInteger(value) && (value as number) >= 100 && (value as number) <= 599,
  retryAfter: isString,
  headers: isStringRecord,
  body: () => true,
  delayMs: isCount,
  destroy: (value) => value === 'before' || value === 'after',
  malformedJson: (value) => typeof value === 'boolean',
  trickleMs: (value) => isCount(value) && (value as number) > 0,
};

/** For the HTTP control API, where a fault arrives as untyped JSON. */
export function checkFault(value: unknown): SandboxFault {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badRequest('A fault must be a JSON object.');
  for (const [name, field] of Object.entries(value)) {
    const check = FIELD_CHECKS[name as keyof SandboxFault] as ((v: unknown) => boolean) | undefined;
    if (!check) throw badRequest(`Unknown fault field '${name}'.`);
    if (!check(field)) throw badRequest(`Invalid value for fault field '${name}'.`);
  }
  return value;
}
