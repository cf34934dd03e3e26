import { cacheKeyFor, canonicalQuery } from './cache-keys';

describe('cache keys', () => {
  it('ignore parameter order and empty values', () => {
    expect(canonicalQuery({ type: 'PARTNER', sortBy: 'billingStartDate', status: '' })).toBe(
      canonicalQuery({ sortBy: 'billingStartDate', type: 'PARTNER' }),
    );
  });

  it('are scoped by credential and versioned', () => {
    const a = cacheKeyFor({
      kind: 'list',
      scope: 'aaaa',
      family: 'wholesale',
      generation: 0,
      query: { sortBy: 'id' },
    });
    const b = cacheKeyFor({
      kind: 'list',
      scope: 'bbbb',
      family: 'wholesale',
      generation: 0,
      query: { sortBy: 'id' },
    });
    expect(a).not.toBe(b);
    expect(a.startsWith('v2:aaaa:wholesale:list:g0:')).toBe(true);
  });

  it('change with the family generation, so a bump orphans every list', () => {
    const parts = { kind: 'list', scope: 's', family: 'broadworks', query: {} } as const;
    expect(cacheKeyFor({ ...parts, generation: 1 })).not.toBe(
      cacheKeyFor({ ...parts, generation: 2 }),
    );
  });

  it('escape values so no two queries collide', () => {
    expect(canonicalQuery({ a: 'x&b=y' })).not.toBe(canonicalQuery({ a: 'x', b: 'y' }));
  });
});
