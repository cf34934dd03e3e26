import { ForeignLinkError, nextPageOf } from './link';

const BASE = 'http://127.0.0.1:4000/v1';
const PATH = 'wholesale/billing/reports';

describe('nextPageOf', () => {
  it('keeps paging parameters and drops the filters Webex echoed (the caller re-applies its own)', () => {
    const next = nextPageOf(
      `<${BASE}/${PATH}?max=3&type=USER&cursor=abc>; rel="next"`,
      BASE,
      PATH,
      ['type', 'max'],
    );
    expect([...(next ?? [])]).toEqual([['cursor', 'abc']]);
  });

  it('keeps only Webex paging parameters (cursor, start), whatever else the link carries', () => {
    const next = nextPageOf(
      `<${BASE}/${PATH}?orgId=OTHER-ORG&max=1000&start=20&cursor=abc>; rel="next"`,
      BASE,
      PATH,
      [],
    );
    expect([...(next ?? [])]).toEqual([
      ['start', '20'],
      ['cursor', 'abc'],
    ]);
  });

  it('is null without a next link', () => {
    expect(nextPageOf(undefined, BASE, PATH, [])).toBeNull();
    expect(nextPageOf(`<${BASE}/${PATH}?cursor=a>; rel="prev"`, BASE, PATH, [])).toBeNull();
  });

  it.each([
    `<http://evil.example.com/v1/${PATH}?cursor=a>; rel="next"`,
    `<${BASE}/people?cursor=a>; rel="next"`,
    `<https://127.0.0.1:4000/v1/${PATH}?cursor=a>; rel="next"`,
    `<http://user:pw@127.0.0.1:4000/v1/${PATH}?cursor=a>; rel="next"`,
    `<not a url>; rel="next"`,
  ])('refuses %p', (header) => {
    expect(() => nextPageOf(header, BASE, PATH, [])).toThrow(ForeignLinkError);
  });
});
