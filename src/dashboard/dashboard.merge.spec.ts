import { CachedAnswer, CacheOutcome, toEntry } from '../cache/cache-entry';
import { Family, Report } from '../domain/report';
import { AllReportsQuery } from './dashboard.dto';
import { mergedAnswer, mergedList } from './dashboard.merge';

const report = (
  family: Family,
  id: string,
  start: string | null,
  end: string | null = start,
  extra: Partial<Report> = {},
): Report => ({
  id,
  family,
  status: 'COMPLETED',
  period: { start, end },
  billingMonth: null,
  type: null,
  category: null,
  createdAt: null,
  createdBy: null,
  download: null,
  errors: [],
  ...extra,
});

const query = (fields: Partial<AllReportsQuery> = {}) => fields as AllReportsQuery;

describe('mergedList', () => {
  it('orders newest period first (unknown last), then family, then id', () => {
    const list = mergedList(
      [
        [report('wholesale', 'b', '2026-10-01'), report('wholesale', 'x', null)],
        [report('broadworks', 'c', '2026-10-01'), report('broadworks', 'a', '2026-11-01')],
      ],
      query(),
      [],
    );
    expect(list.items.map((item) => `${item.family}:${item.id}`)).toEqual([
      'broadworks:a',
      'broadworks:c',
      'wholesale:b',
      'wholesale:x',
    ]);
    expect(list.page).toEqual({ nextCursor: null });
    expect(list.partial).toBeUndefined();
  });

  it('keeps reports whose period overlaps from–to; a one-sided period counts as one day', () => {
    const lists = [
      [
        report('broadworks', 'before', '2026-09-01', '2026-09-30'),
        report('broadworks', 'across', '2026-09-15', '2026-10-15'),
        report('broadworks', 'end-only', null, '2026-10-20'),
        report('broadworks', 'after', '2026-11-01', '2026-11-30'),
        report('broadworks', 'unknown', null, null),
      ],
    ];
    const list = mergedList(lists, query({ from: '2026-10-01', to: '2026-10-31' }), []);
    expect(list.items.map((item) => item.id).sort()).toEqual(['across', 'end-only']);
  });

  it('filters status and type, which BroadWorks cannot', () => {
    const lists = [
      [
        report('broadworks', 'done', '2026-10-01'),
        report('broadworks', 'failed', '2026-10-01', '2026-10-01', { status: 'FAILED' }),
      ],
      [report('wholesale', 'user', '2026-10-01', '2026-10-01', { type: 'USER' })],
    ];
    expect(mergedList(lists, query({ status: 'FAILED' }), []).items.map((r) => r.id)).toEqual([
      'failed',
    ]);
    expect(mergedList(lists, query({ type: 'USER' }), []).items.map((r) => r.id)).toEqual(['user']);
  });

  it('names the families that could not be listed', () => {
    const missing = [
      { family: 'wholesale' as const, status: 503, type: 'upstream-throttled' as const },
    ];
    expect(mergedList([[]], query(), missing).partial).toEqual(missing);
  });
});

describe('mergedAnswer', () => {
  const now = 1_000_000;
  const part = (
    outcome: CacheOutcome,
    storedAt: number,
    freshMs: number,
    ageS = 0,
  ): CachedAnswer => ({
    entry: toEntry(200, { items: [] }, storedAt, freshMs),
    outcome,
    ageS,
  });

  it('is as weak as its weakest part: STALE over MISS over BYPASS over HIT', () => {
    const outcome = (...outcomes: CacheOutcome[]) =>
      mergedAnswer(
        outcomes.map((o) => part(o, now, 1000)),
        mergedList([], query(), []),
        now,
      ).outcome;
    expect(outcome('HIT', 'HIT')).toBe('HIT');
    expect(outcome('HIT', 'BYPASS')).toBe('BYPASS');
    expect(outcome('BYPASS', 'MISS')).toBe('MISS');
    expect(outcome('MISS', 'STALE', 'HIT')).toBe('STALE');
  });

  it('is as old as its oldest part, and fresh until its first part goes stale', () => {
    const answer = mergedAnswer(
      [part('HIT', now - 5000, 30_000, 5), part('HIT', now - 1000, 10_000, 1)],
      mergedList([], query(), []),
      now,
    );
    expect(answer.ageS).toBe(5);
    expect(answer.entry.storedAt).toBe(now - 5000);
    expect(answer.entry.freshUntil).toBe(now + 9000);
    expect(JSON.parse(answer.entry.body)).toEqual({ items: [], page: { nextCursor: null } });
  });

  it('is not fresh at all when partial', () => {
    const list = mergedList([[]], query(), [
      { family: 'broadworks', status: 502, type: 'upstream-unavailable' },
    ]);
    const answer = mergedAnswer([part('HIT', now - 1000, 30_000, 1)], list, now);
    expect(answer.entry.freshUntil).toBe(answer.entry.storedAt);
  });
});
