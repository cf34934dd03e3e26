import { Injectable } from '@nestjs/common';
import { CachedAnswer } from '../cache/cache-entry';
import { CacheMode } from '../cache/cache-decision';
import { FamilyReports, FamilyReportsFactory } from '../reports/family-reports';
import { Report } from '../domain/report';
import { CrossFamilyFilters, CrossFamilySource, ReportSource } from '../reports/report-source';
import {
  broadworksFilters,
  BroadworksListQuery,
  CreateBroadworksReportBody,
} from './broadworks.dto';
import { toCreateBody, toReport, toReports } from './broadworks.mapper';

const FILTER_KEYS = ['before', 'after', 'sortBy'] as const;

/** BroadWorks Billing Reports: `broadworks/billing/reports` at Webex; lists always follow every page. */
@Injectable()
export class BroadworksService implements ReportSource, CrossFamilySource {
  private readonly reports: FamilyReports;

  constructor(factory: FamilyReportsFactory) {
    this.reports = factory.for({
      family: 'broadworks',
      path: 'broadworks/billing/reports',
      filterKeys: FILTER_KEYS,
      toReport,
      toReports,
    });
  }

  list(query: BroadworksListQuery, mode: CacheMode): Promise<CachedAnswer> {
    const given = FILTER_KEYS.some((key) => query[key] !== undefined);
    return this.reports.list(
      { filters: broadworksFilters(query), cursor: query.cursor, given, follow: true },
      mode,
    );
  }

  /** BroadWorks reports have no `type`: a cross-family list filtered by type leaves them out. */
  includedFor(filters: CrossFamilyFilters): boolean {
    return filters.type === undefined;
  }

  /** Webex filters no `status` for BroadWorks: the merge does. */
  listFor(_filters: CrossFamilyFilters, mode: CacheMode): Promise<CachedAnswer> {
    return this.list({}, mode);
  }

  get(id: string, mode: CacheMode): Promise<CachedAnswer> {
    return this.reports.get(id, mode);
  }

  create({ billingPeriod }: CreateBroadworksReportBody): Promise<Report> {
    return this.reports.create({
      body: toCreateBody(billingPeriod),
      fallback: (id) => toReport({ id, billingPeriod, status: 'IN_PROGRESS' }) as Report,
      candidates: {
        filters: { sortBy: 'billingPeriod' },
        match: (report) => report.billingMonth === billingPeriod,
      },
    });
  }

  delete(id: string): Promise<void> {
    return this.reports.delete(id);
  }
}
