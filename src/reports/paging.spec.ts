import { collectPages, Page } from './paging';
import { Report } from '../domain/report';

const report = (id: number) => ({ id: `r${id}` }) as Report;

/** Upstream of `total` items in pages of `size`, paged by an `offset` parameter. */
function upstream(total: number, size: number) {
  const calls: string[] = [];
  const fetchPage = (paging: URLSearchParams): Promise<Page> => {
    calls.push(paging.toString());
    const offset = Number(paging.get('offset') ?? 0);
    const items = Array.from({ length: Math.min(size, total - offset) }, (_, i) =>
      report(offset + i),
    );
    const next =
      offset + size < total ? new URLSearchParams({ offset: String(offset + size) }) : null;
    return Promise.resolve({ items, next });
  };
  return { fetchPage, calls };
}

describe('collectPages', () => {
  it('follows every page up to the end', async () => {
    const { fetchPage, calls } = upstream(7, 3);
    const result = await collectPages(
      fetchPage,
      { filters: {}, paging: [], skip: 0 },
      { follow: true, cap: 100 },
    );
    expect(result.items.map((r) => r.id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(result.resume).toBeNull();
    expect(calls).toHaveLength(3);
  });

  it('stops at the cap mid-page and resumes exactly after the last item returned', async () => {
    const { fetchPage } = upstream(7, 3);
    const first = await collectPages(
      fetchPage,
      { filters: {}, paging: [], skip: 0 },
      { follow: true, cap: 5 },
    );
    expect(first.items).toHaveLength(5);
    expect(first.resume).toEqual({ filters: {}, paging: [['offset', '3']], skip: 2 });
    const rest = await collectPages(fetchPage, first.resume!, { follow: true, cap: 5 });
    expect(rest.items.map((r) => r.id)).toEqual(['r5', 'r6']);
    expect(rest.resume).toBeNull();
  });

  it('reads one page when not following', async () => {
    const { fetchPage } = upstream(7, 3);
    const result = await collectPages(
      fetchPage,
      { filters: {}, paging: [], skip: 0 },
      { follow: false, cap: 100 },
    );
    expect(result.items).toHaveLength(3);
    expect(result.resume?.paging).toEqual([['offset', '3']]);
  });
});
