import { Injectable } from '@nestjs/common';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { CachedAnswer } from '../cache/cache-entry';
import { cacheKeyFor } from '../cache/cache-keys';
import { listFreshMs, reportFreshMs } from '../cache/freshness';
import { CacheMode, ReportCache } from '../cache/report-cache';
import { MetricsService } from '../metrics/metrics.service';
import { collectPages, CursorCodec, Page, PagePosition, positionFor } from '../reports/paging';
import { ProblemError } from '../reports/problem';
import { createdSince, createReconciled, detailsOr } from '../reports/reconcile';
import { Report, ReportList } from '../reports/report';
import { cursorSecretOf } from '../webex/credential-scope';
import { WebexApiError } from '../webex/webex-api.error';
import { WebexClient } from '../webex/webex.client';
import { WebexTokenService } from '../webex/webex-token.service';
import { broadworksFilters, BroadworksListQuery } from './broadworks.dto';
import { toCreateBody, toReport, toReports } from './broadworks.mapper';
import { BroadworksCreatedWire } from './broadworks.wire';

const PATH = 'broadworks/billing/reports';
const FILTER_KEYS = ['before', 'after', 'sortBy'] as const;
const unreadable = () => new WebexApiError('invalid-response', 502, 'unreadable BroadWorks report answer');

@Injectable()
export class BroadworksService {
  private readonly cursors: CursorCodec;

  constructor(
    private readonly webex: WebexClient,
    private readonly cache: ReportCache,
    private readonly token: WebexTokenService,
    private readonly env: Env,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {
    this.cursors = new CursorCodec(cursorSecretOf(env));
  }

  async list(query: BroadworksListQuery, mode: CacheMode): Promise<CachedAnswer> {
    const given = FILTER_KEYS.some((key) => query[key] !== undefined);
    const position = positionFor(this.cursors, 'broadworks', { filters: broadworksFilters(query), cursor: query.cursor, given });
    const generation = await this.cache.generation(this.token.scope, 'broadworks');
    const keyQuery = { ...position.filters, cursor: query.cursor ?? '' };
    const key = cacheKeyFor({ kind: 'list', scope: this.token.scope, family: 'broadworks', generation, query: keyQuery });
    return this.cache.getOrLoad(key, { load: () => this.fetchList(position), freshFor: (list) => listFreshMs(list, this.env) }, mode);
  }

  async get(id: string, mode: CacheMode): Promise<CachedAnswer> {
    const freshFor = (report: Report) => reportFreshMs(report, this.env, this.clock.now());
    const answer = await this.cache.getOrLoad(this.reportKey(id), { load: () => this.fetchReport(id), freshFor, remember404: true }, mode);
    if (answer.entry.status === 404) throw new ProblemError('not-found', `BroadWorks report ${id} was not found`);
    return answer;
  }

  async create(billingPeriod: string): Promise<Report> {
    const startedAt = this.clock.now();
    const outcome = await createReconciled(
      () => this.webex.post<BroadworksCreatedWire>(PATH, toCreateBody(billingPeriod)),
      () => this.findCreated(billingPeriod, startedAt),
    );
    await this.cache.invalidate(this.token.scope, 'broadworks');
    if ('found' in outcome) return outcome.found;
    const id = outcome.sent?.id;
    if (typeof id !== 'string') throw unreadable();
    const fallback = toReport({ id, billingPeriod, status: 'IN_PROGRESS' }) as Report;
    return detailsOr(() => this.fetchReport(id), fallback);
  }

  async delete(id: string): Promise<void> {
    await this.webex.delete(`${PATH}/${encodeURIComponent(id)}`);
    await this.cache.invalidate(this.token.scope, 'broadworks', this.reportKey(id));
  }

  private reportKey(id: string): string {
    return cacheKeyFor({ kind: 'report', scope: this.token.scope, family: 'broadworks', id });
  }

  private async fetchList(position: PagePosition): Promise<ReportList> {
    const { items, resume } = await collectPages((paging) => this.fetchPage(position.filters, paging), position, {
      follow: true,
      cap: this.env.LIST_MAX_ITEMS,
    });
    return { items, page: { nextCursor: resume ? this.cursors.encode('broadworks', resume) : null } };
  }

  private async fetchPage(filters: Record<string, string>, paging: URLSearchParams): Promise<Page> {
    const query = new URLSearchParams(filters);
    for (const [key, value] of paging) query.set(key, value);
    const page = await this.webex.getPage(PATH, query, FILTER_KEYS);
    const read = toReports(page.data);
    if (!read) throw unreadable();
    if (read.dropped > 0) this.metrics.droppedItems.inc({ family: 'broadworks' }, read.dropped);
    return { items: read.items, next: page.next };
  }

  private async fetchReport(id: string): Promise<Report> {
    return toReport(await this.webex.get(`${PATH}/${encodeURIComponent(id)}`)) ?? Promise.reject(unreadable());
  }

  /** List items carry no `created`, so the candidates' details are read (CONTRACT §5). */
  private async findCreated(billingPeriod: string, since: number): Promise<Report | null> {
    const list = await this.fetchList({ filters: { sortBy: 'billingPeriod' }, paging: [], skip: 0 });
    const candidates = list.items.filter((report) => report.billingMonth === billingPeriod);
    const details = await Promise.all(candidates.map((report) => this.fetchReport(report.id)));
    return createdSince(details, since)[0] ?? null;
  }
}
