import { loadSpec } from '../../test/support/webex-spec';
import { toReport, toReports } from './broadworks.mapper';

type Example = { example: Record<string, unknown> };
const example = (path: string) =>
  (
    loadSpec('broadworks').paths[path].get as {
      responses: Record<string, { content: Record<string, Example> }>;
    }
  ).responses['200'].content['application/json'].example;

describe('BroadWorks mapper', () => {
  it("maps the spec's report example to the unified shape", () => {
    const report = toReport(example('/broadworks/billing/reports/{id}'));
    expect(report).toMatchObject({
      family: 'broadworks',
      status: 'COMPLETED',
      billingMonth: '2021-05',
      period: { start: '2021-05-01', end: '2021-05-31' },
      type: null,
      category: null,
      createdAt: '2021-06-16T12:40:33.109Z',
      errors: [],
      download: { expiresAt: '2021-06-29T14:54:49.000Z' },
    });
    expect(Object.keys(report ?? {}).sort()).toEqual([
      'billingMonth',
      'category',
      'createdAt',
      'createdBy',
      'download',
      'errors',
      'family',
      'id',
      'period',
      'status',
      'type',
    ]);
  });

  it('ends February 2024 on the 29th', () => {
    expect(toReport({ id: 'a', billingPeriod: '2024-02' })?.period).toEqual({
      start: '2024-02-01',
      end: '2024-02-29',
    });
  });

  it("maps the spec's list example, nulls for what a list item lacks", () => {
    const { items, dropped } = toReports(example('/broadworks/billing/reports')) ?? {
      items: [],
      dropped: -1,
    };
    expect(items.map((r) => r.status)).toEqual(['IN_PROGRESS', 'COMPLETED', 'FAILED']);
    expect(items[0]).toMatchObject({
      createdAt: null,
      createdBy: null,
      download: null,
      errors: [],
    });
    expect(dropped).toBe(0);
  });

  it('passes an unknown status through and drops unreadable items', () => {
    const read = toReports({
      items: [{ id: 'a', status: 'ARCHIVED' }, null, 42, { billingPeriod: '2021-01' }],
    });
    expect(read?.items.map((r) => r.status)).toEqual(['ARCHIVED']);
    expect(read?.dropped).toBe(3);
    expect(toReports({ nope: true })).toBeNull();
  });

  it('keeps report errors', () => {
    expect(
      toReport({
        id: 'a',
        status: 'FAILED',
        errors: [{ code: 2024, description: 'Billing Report not found.' }],
      })?.errors,
    ).toEqual([{ code: 2024, description: 'Billing Report not found.' }]);
  });
});
