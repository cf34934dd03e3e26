import { CursorCodec, PagePosition } from './cursor-codec';
import { Family, Report } from '../domain/report';
import { ProblemError } from '../http/problem';

export type Page = { items: Report[]; next: URLSearchParams | null };

/** With a cursor the caller may repeat its filters (`given`), but not change them. */
export function positionFor(
  codec: CursorCodec,
  family: Family,
  query: { filters: Record<string, string>; cursor?: string; given: boolean },
): PagePosition {
  const { filters, cursor, given } = query;
  if (!cursor) return { filters, paging: [], skip: 0 };
  const position = codec.decode(family, cursor);
  if (given && JSON.stringify(sorted(filters)) !== JSON.stringify(sorted(position.filters)))
    throw new ProblemError('invalid-cursor', 'cursor was issued for other filters', {
      errors: [{ field: 'cursor', message: 'does not match the filters' }],
    });
  return position;
}

const sorted = (record: Record<string, string>) =>
  Object.fromEntries(Object.entries(record).sort());

/**
 * Reads pages from `position` on: one page when `follow` is false, else following `next` until the
 * cap, which may fall mid-page (the returned position then skips what was already returned).
 */
export async function collectPages(
  fetchPage: (paging: URLSearchParams) => Promise<Page>,
  position: PagePosition,
  options: { follow: boolean; cap: number },
): Promise<{ items: Report[]; resume: PagePosition | null }> {
  const items: Report[] = [];
  let paging = new URLSearchParams(position.paging);
  let skip = position.skip;
  for (let pages = 0; pages <= options.cap; pages += 1) {
    const page = await fetchPage(paging);
    const fresh = page.items.slice(skip);
    const room = options.cap - items.length;
    items.push(...fresh.slice(0, room));
    const at = (p: URLSearchParams, s: number): PagePosition => ({
      filters: position.filters,
      paging: [...p],
      skip: s,
    });
    if (fresh.length > room) return { items, resume: at(paging, skip + room) };
    if (!page.next) return { items, resume: null };
    if (!options.follow || items.length >= options.cap) return { items, resume: at(page.next, 0) };
    paging = page.next;
    skip = 0;
  }
  return { items, resume: null };
}
