import { createHmac, timingSafeEqual } from 'node:crypto';
import { WEBEX_PAGING_PARAMS } from '../webex/link';
import { ProblemError } from '../http/problem';
import { Family } from '../domain/report';

/**
 * Where a list continues: the caller's normalised filters, Webex's paging parameters of the page to
 * fetch next (never a host or path), and how many of that page's items were already returned.
 */
export type PagePosition = {
  filters: Record<string, string>;
  paging: [string, string][];
  skip: number;
};

/** How long a cursor is accepted after it was issued. */
export const CURSOR_TTL_MS = 24 * 60 * 60 * 1000;

const invalid = (detail: string, message = 'is invalid') =>
  new ProblemError('invalid-cursor', detail, { errors: [{ field: 'cursor', message }] });
const NOT_OURS = 'cursor is not one this service issued';

/**
 * Opaque, signed cursors: a tampered, foreign, malformed or expired cursor is a 400, never a call
 * elsewhere. Signing is not the only guard: the key is derived from the Webex credential, and the
 * sandbox's credential is public, so a cursor may only ever carry this family's filter names and
 * Webex's paging parameters (a forged one once put `orgId` and `max=1000` into a Webex call).
 */
export class CursorCodec {
  constructor(
    private readonly secret: string,
    private readonly filterKeys: readonly string[],
    private readonly clock: { now(): number },
    /** The registry's families: a cursor naming another one is not ours. */
    private readonly families: readonly Family[],
  ) {}

  encode(family: Family, position: PagePosition): string {
    const { filters, paging, skip } = position;
    const payload = Buffer.from(
      JSON.stringify([family, filters, paging, skip, this.clock.now()]),
    ).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  decode(family: Family, cursor: string): PagePosition {
    const read = readPayload(this.verified(cursor), this.filterKeys, this.families);
    if (!read) throw invalid(NOT_OURS);
    if (read.family !== family)
      throw invalid(`cursor belongs to the ${read.family} list`, 'is for another family');
    if (this.clock.now() - read.issuedAt > CURSOR_TTL_MS)
      throw invalid('cursor has expired', 'has expired');
    return read.position;
  }

  /** The payload of a cursor carrying our signature; signatures compare as bytes, not characters. */
  private verified(cursor: string): string {
    const [payload, signature, extra] = cursor.split('.');
    const given = Buffer.from(signature ?? '');
    const expected = Buffer.from(this.sign(payload ?? ''));
    const valid =
      extra === undefined && given.length === expected.length && timingSafeEqual(given, expected);
    if (!valid) throw invalid(NOT_OURS);
    return payload;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url').slice(0, 32);
  }
}

type Payload = { family: Family; position: PagePosition; issuedAt: number };

/** `[family, filters, paging, skip, issuedAt]` with every part checked, else null. */
function readPayload(
  payload: string,
  filterKeys: readonly string[],
  families: readonly Family[],
): Payload | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString());
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) return null;
  const [family, filters, paging, skip, issuedAt] = parsed as unknown[];
  const valid =
    (families as readonly unknown[]).includes(family) &&
    isFilters(filters, filterKeys) &&
    isPaging(paging) &&
    Number.isSafeInteger(skip) &&
    (skip as number) >= 0 &&
    Number.isSafeInteger(issuedAt);
  if (!valid) return null;
  return {
    family: family as Family,
    position: { filters, paging, skip: skip as number },
    issuedAt: issuedAt as number,
  };
}

function isFilters(value: unknown, filterKeys: readonly string[]): value is Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.entries(value).every(
    ([key, item]) => filterKeys.includes(key) && typeof item === 'string',
  );
}

function isPaging(value: unknown): value is [string, string][] {
  return (
    Array.isArray(value) &&
    value.every(
      (pair) =>
        Array.isArray(pair) &&
        pair.length === 2 &&
        (WEBEX_PAGING_PARAMS as readonly unknown[]).includes(pair[0]) &&
        typeof pair[1] === 'string',
    )
  );
}
