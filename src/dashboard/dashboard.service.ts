import { Injectable, Logger } from '@nestjs/common';
import { BroadworksService } from '../broadworks/broadworks.service';
import { CachedAnswer } from '../cache/cache-entry';
import { CacheMode } from '../cache/cache-decision';
import { Clock } from '../clock';
import { asProblem } from '../http/problem.filter';
import { Family } from '../domain/report';
import { reportListOf } from '../reports/report-source';
import { WholesaleService } from '../wholesale/wholesale.service';
import { CrossFamilySource } from '../reports/report-source';
import { AllReportsQuery, familiesAsked } from './dashboard.dto';
import { mergedAnswer, mergedList, Missing } from './dashboard.merge';

type Outcome = { family: Family; answer: CachedAnswer } | { family: Family; error: unknown };

/**
 * `GET /v1/reports` (CONTRACT §8): both families through their own services, so the same cache
 * entries, coalescing and stale data serve this route as theirs; no second path to Webex.
 */
@Injectable()
export class DashboardService {
  private readonly logger = new Logger(DashboardService.name);
  /** Every family, so that one added to FAMILIES does not compile until it says how it takes part. */
  private readonly families: Record<Family, CrossFamilySource>;

  constructor(
    broadworks: BroadworksService,
    wholesale: WholesaleService,
    private readonly clock: Clock,
  ) {
    this.families = { broadworks, wholesale };
  }

  async list(query: AllReportsQuery, mode: CacheMode): Promise<CachedAnswer> {
    const outcomes = await Promise.all(
      familiesAsked(query)
        .filter((family) => this.families[family].includedFor(query))
        .map((family) => this.outcomeOf(family, query, mode)),
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

  private outcomeOf(family: Family, query: AllReportsQuery, mode: CacheMode): Promise<Outcome> {
    return this.families[family].listFor(query, mode).then(
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
