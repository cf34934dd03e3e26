import { badRequest } from './sandbox.http';

/** The query of one list request, as the handlers read it. */
export type Query = Record<string, string | string[]>;

const MONTH = /^(\d{4})-(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A filter given twice is refused: Webex filters take one value. */
export function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw badRequest(`Query parameter '${name}' must be given once.`);
  return value === '' ? undefined : value;
}

export function isMonth(value: string): boolean {
  const match = MONTH.exec(value);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

export function isDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function monthParam(query: Query, name: string): string | undefined {
  const value = single(query, name);
  if (value !== undefined && !isMonth(value))
    throw badRequest(`Invalid value '${value}' for '${name}': expected YYYY-MM.`);
  return value;
}

export function dateParam(query: Query, name: string): string | undefined {
  const value = single(query, name);
  if (value !== undefined && !isDate(value))
    throw badRequest(`Invalid value '${value}' for '${name}': expected YYYY-MM-DD.`);
  return value;
}

/** Enum values are case-sensitive at Webex, so the sandbox is too. */
export function enumParam(
  query: Query,
  name: string,
  allowed: readonly string[],
): string | undefined {
  const value = single(query, name);
  if (value !== undefined && !allowed.includes(value))
    throw badRequest(
      `Invalid value '${value}' for '${name}': expected one of ${allowed.join(', ')}.`,
    );
  return value;
}

export function maxParam(query: Query): number | undefined {
  const value = single(query, 'max');
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100)
    throw badRequest(`Invalid value '${value}' for 'max': expected an integer from 1 to 100.`);
  return Number(value);
}

/** Ascending by `key`, then by id, so every order is total and paging is stable. */
export function sortedBy<T extends { id: string }>(
  items: T[],
  key: (item: T) => string,
  descending: boolean,
): T[] {
  const direction = descending ? -1 : 1;
  return [...items].sort((a, b) => direction * compare(key(a), key(b)) || compare(a.id, b.id));
}

/** Code-unit order, not locale order: the same on every machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A JSON object body whose properties all belong to `allowed`. */
export function objectBody(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('The request body must be a JSON object.');
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) throw badRequest(`Unknown body properties: ${unknown.join(', ')}.`);
  return body as Record<string, unknown>;
}
