import { FAMILY_EXAMPLES } from '../docs/examples.docs';
import { Report } from '../domain/report';
import { FamilyDescriptor } from '../reports/family-descriptor';
import {
  broadworksFilters,
  BroadworksListQuery,
  CreateBroadworksReportBody,
} from './broadworks.dto';
import { toCreateBody, toReport, toReports } from './broadworks.mapper';

const FILTER_KEYS = ['before', 'after', 'sortBy'] as const;

/** BroadWorks Billing Reports: `broadworks/billing/reports` at Webex; lists always follow every page. */
export const BROADWORKS: FamilyDescriptor<BroadworksListQuery, CreateBroadworksReportBody> = {
  family: 'broadworks',
  path: 'broadworks/billing/reports',
  listQuery: BroadworksListQuery,
  createBody: CreateBroadworksReportBody,
  filterKeys: FILTER_KEYS,
  listRequest: (query) => ({
    filters: broadworksFilters(query),
    cursor: query.cursor,
    given: FILTER_KEYS.some((key) => query[key] !== undefined),
    follow: true,
  }),
  toReport,
  toReports,
  createRequest: ({ billingPeriod }) => ({
    body: toCreateBody(billingPeriod),
    fallback: (id) => toReport({ id, billingPeriod, status: 'IN_PROGRESS' }) as Report,
    candidates: {
      filters: { sortBy: 'billingPeriod' },
      match: (report) => report.billingMonth === billingPeriod,
    },
  }),
  // BroadWorks reports have no `type`, so a type-filtered cross-family list leaves them out; Webex
  // filters no `status` for BroadWorks: the merge does.
  crossFamily: { query: () => ({}) },
  docs: {
    name: 'BroadWorks',
    tag: 'BroadWorks Billing Reports',
    tagDescription:
      'Webex BroadWorks billing reports (one per billing month), in the unified Report shape.',
    examples: FAMILY_EXAMPLES.broadworks,
  },
};
