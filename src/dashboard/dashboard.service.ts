import { Injectable, Logger } from '@nestjs/common';
import { CachedAnswer } from '../cache/cache-entry';
import { CacheMode } from '../cache/cache-decision';
import { Clock } from '../clock';
import { asProblem } from '../http/problem.filter';
import { Family } from '../domain/report';
import { reportListOf } from '../reports/report-source';
import { FamilyRegistry } from '../reports/family-registry';
import { FamilySources } from '../reports/family-source';
import { AllReportsQuery, familiesAsked } from './dashboard.dto';
import { mergedAnswer, mergedList, Missing } from './dashboard.merge';
import { RequestContext } from '../request-context';

type Outcome = { family: Family; answer: CachedAnswer } | { family: Family; error: unknown };

/**
 * `GET /v1/reports` (CONTRACT §8): every family of the registry through its own source, so the same
 * cache entries, coalescing and stale data serve this route as theirs; no second path to Webex.
 */
@Injectable()
export class DashboardService {
  private readonly logger = new Logger(DashboardService.name);
  constructor(
    private readonly registry: FamilyRegistry,
    private readonly families: FamilySources,
    private readonly clock: Clock,
  ) {}

  async list(
    query: AllReportsQuery,
    mode: CacheMode,
    caller: RequestContext | undefined,
  ): Promise<CachedAnswer> {
    const outcomes = await Promise.all(
      familiesAsked(query, this.registry)
        .filter((family) => this.families.of(family).includedFor(query))
        .map((family) => this.outcomeOf(family, query, mode, caller)),
    );
    const parts = outcomes.flatMap((outcome) => ('answer' in outcome ? [outcome.answer] : []));
    const failed = outcomes.flatMap((outcome) => ('error' in outcome ? [outcome] : []));
    if (failed.length > 0 && parts.length === 0) throw failed[0].error;
    const list = mergedList(
      parts.map((part) => reportListOf(part).items),
      query,
      failed.map(({ family, error }) => this.missing(family, error)),
    );
    return mergedAnswer(parts, list, this.clock.now());
  }

  private outcomeOf(
    family: Family,
    query: AllReportsQuery,
    mode: CacheMode,
    caller: RequestContext | undefined,
  ): Promise<Outcome> {
    return this.families
      .of(family)
      .listFor(query, mode, caller)
      .then(
        (answer) => ({ family, answer }),
        (error: unknown) => ({ family, error }),
      );
  }

  private missing(family: Family, error: unknown): Missing {
    const problem = asProblem(error);
    this.logger.warn(`GET /v1/reports without ${family}: ${problem.code} (${problem.detail})`);
    return { family, status: problem.status, type: problem.code };
  }
}
