import { Injectable } from '@nestjs/common';
import { Clock } from '../clock';
import { Env } from '../config/env';
import { CachedAnswer } from '../cache/cache-entry';
import { cacheKeyFor } from '../cache/cache-keys';
import { listFreshMs, reportFreshMs } from './freshness';
import { CacheMode } from '../cache/cache-decision';
import { ReportCache } from '../cache/report-cache';
import { MetricsService } from '../metrics/metrics.service';
import { cursorSecretOf } from '../webex/credential-scope';
import { WebexApiError } from '../webex/webex-api.error';
import { WebexClient } from '../webex/webex.client';
import { WebexTokenService } from '../webex/webex-token.service';
import { CursorCodec, PagePosition } from './cursor-codec';
import { collectPages, Page, positionFor } from './paging';
import { ProblemError } from '../http/problem';
import { createdSince, createReconciled, deleteReconciled, detailsOr } from './reconcile';
import { Report, ReportList } from '../domain/report';
import { CreateRequest, FamilyDescriptor, idOfCreated, ListRequest } from './family-descriptor';
import { FamilyRegistry } from './family-registry';
import { RequestContext } from '../request-context';

/**
 * List, get, create and delete of one family through the cache and the Webex client. Families differ
 * only in their descriptors, so this is the one copy of the mechanics. `caller` is the request the
 * Webex calls are made for (undefined: none), handed down to the client explicitly; a cache fill
 * carries the caller that started it, also when it goes on after that caller was answered.
 */
export class FamilyReports {
  private readonly cursors: CursorCodec;
  private readonly unreadable: () => WebexApiError;

  constructor(
    private readonly spec: FamilyDescriptor,
    private readonly deps: {
      webex: WebexClient;
      cache: ReportCache;
      token: WebexTokenService;
      env: Env;
      clock: Clock;
      metrics: MetricsService;
      registry: FamilyRegistry;
    },
  ) {
    this.cursors = new CursorCodec(
      cursorSecretOf(deps.env),
      spec.filterKeys,
      deps.clock,
      deps.registry.names,
    );
    this.unreadable = () =>
      new WebexApiError('invalid-response', 502, `unreadable ${spec.family} report answer`);
  }

  async list(
    request: ListRequest,
    mode: CacheMode,
    caller: RequestContext | undefined,
  ): Promise<CachedAnswer> {
    const position = positionFor(this.cursors, this.spec.family, request);
    const target = {
      family: this.spec.family,
      list: { ...position.filters, cursor: request.cursor ?? '' },
    };
    const key = await this.deps.cache.keyFor(this.deps.token.scope, target);
    const freshFor = (list: ReportList) => listFreshMs(list, this.deps.env);
    const answer = await this.deps.cache.getOrLoad(
      key,
      { load: () => this.fetchList(position, request.follow, caller), freshFor },
      mode,
    );
    return { ...answer, target };
  }

  async get(
    id: string,
    mode: CacheMode,
    caller: RequestContext | undefined,
  ): Promise<CachedAnswer> {
    const freshFor = (report: Report) =>
      reportFreshMs(report, this.deps.env, this.deps.clock.now());
    const load = () => this.fetchReport(id, caller);
    const answer = await this.deps.cache.getOrLoad(
      this.reportKey(id),
      { load, freshFor, remember404: true },
      mode,
    );
    if (answer.entry.status === 404) throw this.notFound(id, answer.entry.body);
    return { ...answer, target: { family: this.spec.family, id } };
  }

  async create(request: CreateRequest, caller: RequestContext | undefined): Promise<Report> {
    const startedAt = this.deps.clock.now();
    const outcome = await createReconciled(
      () => this.deps.webex.post<unknown>(this.spec.path, request.body, caller),
      () => this.findCreated(request.candidates, startedAt, caller),
    );
    await this.deps.cache.invalidate(this.deps.token.scope, this.spec.family);
    if ('found' in outcome) return outcome.found;
    const id = (this.spec.createdIdOf ?? idOfCreated)(outcome.sent);
    if (id === null) throw this.unreadable();
    return detailsOr(() => this.fetchReport(id, caller), request.fallback(id));
  }

  async delete(id: string, caller: RequestContext | undefined): Promise<void> {
    await deleteReconciled(() =>
      this.deps.webex.delete(`${this.spec.path}/${encodeURIComponent(id)}`, caller),
    );
    await this.deps.cache.invalidate(this.deps.token.scope, this.spec.family, this.reportKey(id));
  }

  /** Webex's own words stay in the detail (CONTRACT §6); the remembered 404 keeps them. */
  private notFound(id: string, body: string): ProblemError {
    const { detail } = JSON.parse(body) as { detail?: unknown };
    return new ProblemError(
      'not-found',
      typeof detail === 'string'
        ? `${this.spec.family} report: ${detail}`
        : `${this.spec.family} report ${id} was not found`,
    );
  }

  private reportKey(id: string): string {
    return cacheKeyFor({
      kind: 'report',
      scope: this.deps.token.scope,
      family: this.spec.family,
      id,
    });
  }

  private async fetchList(
    position: PagePosition,
    follow: boolean,
    caller: RequestContext | undefined,
  ): Promise<ReportList> {
    const fetchPage = (paging: URLSearchParams) => this.fetchPage(position.filters, paging, caller);
    const { items, resume } = await collectPages(fetchPage, position, {
      follow,
      cap: this.deps.env.LIST_MAX_ITEMS,
    });
    return {
      items,
      page: { nextCursor: resume ? this.cursors.encode(this.spec.family, resume) : null },
    };
  }

  private async fetchPage(
    filters: Record<string, string>,
    paging: URLSearchParams,
    caller: RequestContext | undefined,
  ): Promise<Page> {
    const query = new URLSearchParams(filters);
    for (const [key, value] of paging) query.set(key, value);
    const page = await this.deps.webex.getPage(this.spec.path, query, this.spec.filterKeys, caller);
    const read = this.spec.toReports(page.data);
    if (!read) throw this.unreadable();
    if (read.dropped > 0)
      this.deps.metrics.droppedItems.inc({ family: this.spec.family }, read.dropped);
    return { items: read.items, next: page.next };
  }

  private async fetchReport(id: string, caller: RequestContext | undefined): Promise<Report> {
    const report = this.spec.toReport(
      await this.deps.webex.get(`${this.spec.path}/${encodeURIComponent(id)}`, caller),
    );
    if (!report) throw this.unreadable();
    return report;
  }

  /** List items carry no `created`, so the candidates' details are read (CONTRACT §5). */
  private async findCreated(
    candidates: CreateRequest['candidates'],
    since: number,
    caller: RequestContext | undefined,
  ): Promise<Report | null> {
    const start = { filters: candidates.filters, paging: [], skip: 0 };
    const list = await this.fetchList(start, true, caller);
    const details = await Promise.all(
      list.items.filter(candidates.match).map((report) => this.fetchReport(report.id, caller)),
    );
    const unit = this.spec.createdTimeUnitMs ?? 1;
    return createdSince(details, since - (since % unit))[0] ?? null;
  }
}

/** Builds each family's FamilyReports with the shared dependencies. */
@Injectable()
export class FamilyReportsFactory {
  constructor(
    private readonly webex: WebexClient,
    private readonly cache: ReportCache,
    private readonly token: WebexTokenService,
    private readonly env: Env,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
    private readonly registry: FamilyRegistry,
  ) {}

  for(spec: FamilyDescriptor): FamilyReports {
    const { webex, cache, token, env, clock, metrics, registry } = this;
    return new FamilyReports(spec, { webex, cache, token, env, clock, metrics, registry });
  }
}
