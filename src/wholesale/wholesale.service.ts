import { Injectable } from '@nestjs/common';
import { CachedAnswer } from '../cache/cache-entry';
import { CacheMode } from '../cache/cache-decision';
import { FamilyReports, FamilyReportsFactory } from '../reports/family-reports';
import { Report } from '../domain/report';
import { CrossFamilyFilters, CrossFamilySource, ReportSource } from '../reports/report-source';
import {
  CreateWholesaleReportBody,
  WHOLESALE_FILTER_KEYS as FILTER_KEYS,
  wholesaleFilters,
  WholesaleListQuery,
} from './wholesale.dto';
import { toCreateBody, toCreatedReport, toReport, toReports } from './wholesale.mapper';

/** Wholesale Billing Reports: `wholesale/billing/reports` at Webex; with `max`, one upstream page per call. */
@Injectable()
export class WholesaleService implements ReportSource, CrossFamilySource {
  private readonly reports: FamilyReports;

  constructor(factory: FamilyReportsFactory) {
    this.reports = factory.for({
      family: 'wholesale',
      path: 'wholesale/billing/reports',
      filterKeys: FILTER_KEYS,
      toReport,
      toReports,
    });
  }

  list(query: WholesaleListQuery, mode: CacheMode): Promise<CachedAnswer> {
    const given = FILTER_KEYS.some((key) => query[key] !== undefined);
    const filters = wholesaleFilters(query);
    return this.reports.list(
      { filters, cursor: query.cursor, given, follow: filters.max === undefined },
      mode,
    );
  }

  /** Every cross-family list includes Wholesale: Webex applies `status` and `type` itself. */
  includedFor(): boolean {
    return true;
  }

  listFor({ status, type }: CrossFamilyFilters, mode: CacheMode): Promise<CachedAnswer> {
    // GET /v1/reports validated both against the lists this family's own route uses.
    return this.list({ status, type } as WholesaleListQuery, mode);
  }

  get(id: string, mode: CacheMode): Promise<CachedAnswer> {
    return this.reports.get(id, mode);
  }

  create(body: CreateWholesaleReportBody): Promise<Report> {
    const { billingStartDate, billingEndDate, subPartnerOrgId } = body;
    return this.reports.create({
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
    });
  }

  delete(id: string): Promise<void> {
    return this.reports.delete(id);
  }
}
