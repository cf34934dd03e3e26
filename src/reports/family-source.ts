import { Injectable } from '@nestjs/common';
import { CachedAnswer } from '../cache/cache-entry';
import { CacheMode } from '../cache/cache-decision';
import { Report } from '../domain/report';
import { FamilyDescriptor } from './family-descriptor';
import { FamilyReports, FamilyReportsFactory } from './family-reports';
import { FamilyRegistry } from './family-registry';
import { CrossFamilyFilters, CrossFamilySource, ReportSource } from './report-source';
import { RequestContext } from '../request-context';

/** One family's routes and its part in `GET /v1/reports`, as its descriptor says. */
export class FamilySource implements ReportSource, CrossFamilySource {
  constructor(
    private readonly descriptor: FamilyDescriptor,
    private readonly reports: FamilyReports,
  ) {}

  list(query: object, mode: CacheMode, caller: RequestContext | undefined): Promise<CachedAnswer> {
    return this.reports.list(this.descriptor.listRequest(query), mode, caller);
  }

  /** A type-filtered list includes only the families whose Webex filters that type. */
  includedFor({ type }: CrossFamilyFilters): boolean {
    return type === undefined || (this.descriptor.crossFamily.types ?? []).includes(type);
  }

  listFor(
    filters: CrossFamilyFilters,
    mode: CacheMode,
    caller: RequestContext | undefined,
  ): Promise<CachedAnswer> {
    return this.list(this.descriptor.crossFamily.query(filters), mode, caller);
  }

  get(id: string, mode: CacheMode, caller: RequestContext | undefined): Promise<CachedAnswer> {
    return this.reports.get(id, mode, caller);
  }

  create(body: object, caller: RequestContext | undefined): Promise<Report> {
    return this.reports.create(this.descriptor.createRequest(body), caller);
  }

  delete(id: string, caller: RequestContext | undefined): Promise<void> {
    return this.reports.delete(id, caller);
  }
}

/** Every registered family's source, built once with the shared dependencies. */
@Injectable()
export class FamilySources {
  private readonly sources: Map<string, FamilySource>;

  constructor(registry: FamilyRegistry, factory: FamilyReportsFactory) {
    this.sources = new Map(
      registry.descriptors.map((descriptor) => [
        descriptor.family,
        new FamilySource(descriptor, factory.for(descriptor)),
      ]),
    );
  }

  of(family: string): FamilySource {
    const source = this.sources.get(family);
    if (!source) throw new Error(`no family '${family}'`);
    return source;
  }
}
