import { Report } from '../../../src/domain/report';
import { FamilyDescriptor } from '../../../src/reports/family-descriptor';
import { CreatePartnerReportBody, PartnerListQuery } from './partner.dto';
import { toReport, toReports } from './partner.mapper';

const FILTER_KEYS = ['service', 'templateId', 'from', 'to'] as const;

/** The spec's `Report` example, as the service answers it. */
const EXAMPLE = toReport({
  id: 'Y2lzY29zcGFyazovL3VzL1BFT1BMRS9mYzhjMWFhMS00OTM5LTQ2NjEtODAwMy1hYWE0MzFmZWM0ZmE',
  title: 'Bots Activity',
  startDate: '2020-02-23',
  endDate: '2020-03-24',
  created: '2020-03-24 17:13:39',
  status: 'done',
  downloadURL: 'https://downloadservicebts.webex.com/api?reportId=Y2lzY29zcGFyazovL3VzL1JFUE9SVA',
}) as Report;

const filtersOf = (query: PartnerListQuery): Record<string, string> =>
  Object.fromEntries(
    FILTER_KEYS.flatMap((key) => (query[key] === undefined ? [] : [[key, String(query[key])]])),
  );

/**
 * Webex's Partner Reports (`partner/reports`), defined outside `src/`: the create answer names the
 * report `reportId` and its times are whole seconds without a zone.
 */
export const PARTNER: FamilyDescriptor<PartnerListQuery, CreatePartnerReportBody> = {
  family: 'partner',
  path: 'partner/reports',
  listQuery: PartnerListQuery,
  createBody: CreatePartnerReportBody,
  filterKeys: FILTER_KEYS,
  listRequest: (query) => ({
    filters: filtersOf(query),
    cursor: query.cursor,
    given: FILTER_KEYS.some((key) => query[key] !== undefined),
    follow: true,
  }),
  toReport,
  toReports,
  createRequest: (body) => ({
    body: { ...body },
    fallback: (id) => toReport({ id, startDate: body.startDate, endDate: body.endDate }) as Report,
    candidates: {
      filters: { templateId: String(body.templateId) },
      match: (report) =>
        report.period.start === body.startDate && report.period.end === body.endDate,
    },
  }),
  createdIdOf: (answer) => {
    const id = (answer as { reportId?: unknown } | null)?.reportId;
    return typeof id === 'string' ? id : null;
  },
  createdTimeUnitMs: 1000,
  crossFamily: { query: () => ({}) },
  docs: {
    name: 'Partner',
    tag: 'Partner Reports',
    tagDescription: 'Webex Partner reports, in the unified Report shape.',
    examples: {
      list: { items: [EXAMPLE], page: { nextCursor: null } },
      report: EXAMPLE,
      created: { ...EXAMPLE, status: 'IN_PROGRESS', createdAt: null, download: null },
    },
  },
};
