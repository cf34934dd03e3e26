import { loadSpec } from '../../test/support/webex-spec';
import { toCreateBody, toReport, toReports } from './wholesale.mapper';

type Example = { example: Record<string, unknown> };
const example = (path: string) =>
  (
    loadSpec('wholesale').paths[path].get as {
      responses: Record<string, { content: Record<string, Example> }>;
    }
  ).responses['200'].content['application/json'].example;

describe('Wholesale mapper', () => {
  it("maps the spec's report example to the unified shape of CONTRACT §3", () => {
    expect(toReport(example('/wholesale/billing/reports/{id}'))).toEqual({
      id: 'Y2lzY29zcGFyazovL3VzL0JJTExJTkdfUkVQT1JULzViOGQ1MThhLThmMDAtNDUxYi1hNDA2LWVhZjQ5YjRhN2ZhOA',
      family: 'wholesale',
      status: 'COMPLETED',
      period: { start: '2021-05-21', end: '2021-05-30' },
      billingMonth: null,
      type: 'PARTNER',
      category: null,
      createdAt: '2021-06-16T12:40:33.109Z',
      createdBy: 'Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wYWNkMzg3NS00ZTEyLTRkNzctYjk4MS1lMzg5ZmQ4ODQ2YzA',
      download: {
        url: expect.stringContaining('Expires=1624978489') as string,
        expiresAt: '2021-06-29T14:54:49.000Z',
      },
      errors: [],
    });
  });

  it("maps the spec's list example", () => {
    const read = toReports(example('/wholesale/billing/reports'));
    expect(read?.items.length).toBeGreaterThan(0);
    expect(read?.items[0]).toMatchObject({
      family: 'wholesale',
      type: 'PARTNER',
      period: { start: '2021-05-21', end: '2021-05-30' },
    });
  });

  it('sends only the create fields that were given', () => {
    expect(toCreateBody({ billingStartDate: '2024-01-01', billingEndDate: '2024-01-31' })).toEqual({
      billingStartDate: '2024-01-01',
      billingEndDate: '2024-01-31',
    });
    expect(
      toCreateBody({
        billingStartDate: '2024-01-01',
        billingEndDate: '2024-01-31',
        type: 'USER',
        internal: false,
      }),
    ).toEqual({
      billingStartDate: '2024-01-01',
      billingEndDate: '2024-01-31',
      type: 'USER',
      internal: false,
    });
  });
});
