import { FAMILY_EXAMPLES } from '../docs/examples.docs';
import { FamilyDescriptor } from '../reports/family-descriptor';
import {
  CreateWholesaleReportBody,
  WHOLESALE_FILTER_KEYS as FILTER_KEYS,
  WHOLESALE_TYPES,
  wholesaleFilters,
  WholesaleListQuery,
} from './wholesale.dto';
import { toCreateBody, toCreatedReport, toReport, toReports } from './wholesale.mapper';

/** Wholesale Billing Reports: `wholesale/billing/reports` at Webex; with `max`, one upstream page per call. */
export const WHOLESALE: FamilyDescriptor<WholesaleListQuery, CreateWholesaleReportBody> = {
  family: 'wholesale',
  path: 'wholesale/billing/reports',
  listQuery: WholesaleListQuery,
  createBody: CreateWholesaleReportBody,
  filterKeys: FILTER_KEYS,
  listRequest(query) {
    const filters = wholesaleFilters(query);
    const given = FILTER_KEYS.some((key) => query[key] !== undefined);
    return { filters, cursor: query.cursor, given, follow: filters.max === undefined };
  },
  toReport,
  toReports,
  createRequest(body) {
    const { billingStartDate, billingEndDate, subPartnerOrgId } = body;
    return {
      body: toCreateBody(body),
      fallback: (id) => toCreatedReport(id, body),
      candidates: {
        filters: wholesaleFilters({
          billingStartDate,
          billingEndDate,
          type: body.type ?? 'PARTNER',
          subPartnerOrgId,
        }),
        match: (report) =>
          report.period.start === billingStartDate && report.period.end === billingEndDate,
      },
    };
  },
  // Every cross-family list includes Wholesale: Webex applies `status` and `type` itself (both
  // validated by GET /v1/reports against the lists this family's own route uses).
  crossFamily: {
    types: WHOLESALE_TYPES,
    query: ({ status, type }) => ({ status, type }) as WholesaleListQuery,
  },
  docs: {
    name: 'Wholesale',
    tag: 'Wholesale Billing Reports',
    tagDescription: 'Webex Wholesale billing reports, in the unified Report shape.',
    examples: FAMILY_EXAMPLES.wholesale,
  },
};
