import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Clock } from '../clock';
import { ProblemError } from './problem';
import { Report } from './report';
import { reportOf, ReportSource } from './report-source';

/** A dashboard link must still work when followed a little later (CONTRACT §8). */
const MIN_VALIDITY_MS = 60_000;

type Download = NonNullable<Report['download']>;

function downloadOf(report: Report): Download {
  if (report.status !== 'COMPLETED')
    throw new ProblemError(
      'report-not-ready',
      `report ${report.id} is ${report.status ?? 'of unknown status'}, not COMPLETED`,
    );
  if (!report.download)
    throw new ProblemError(
      'download-unavailable',
      `report ${report.id} is COMPLETED but Webex sent no download URL`,
    );
  return report.download;
}

/** The redirect itself is never cached: the next click must get a URL that is still valid. */
export function sendDownload(reply: FastifyReply, url: string): void {
  if (reply.sent) return; // answered already (request-timeout)
  reply.header('cache-control', 'no-store').redirect(url, 302);
}

/**
 * `GET /v1/reports/:family/:id/download`: the cached report's URL while it stays valid for at least
 * 60 more seconds, else the URL of a refetched report. A URL without `Expires` is taken as valid.
 */
@Injectable()
export class ReportDownloads {
  constructor(private readonly clock: Clock) {}

  async urlFor(source: ReportSource, id: string): Promise<string> {
    const known = downloadOf(reportOf(await source.get(id, 'normal')));
    if (this.validForMs(known) >= MIN_VALIDITY_MS) return known.url;
    const fresh = downloadOf(reportOf(await source.get(id, 'bypass')));
    // Webex issues URLs valid for hours; a fresh one that is short is still the best there is.
    if (this.validForMs(fresh) > 0) return fresh.url;
    throw new ProblemError(
      'download-unavailable',
      `the download URL Webex sent for report ${id} has already expired`,
    );
  }

  private validForMs(download: Download): number {
    return download.expiresAt === null
      ? Infinity
      : Date.parse(download.expiresAt) - this.clock.now();
  }
}
