import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestContext } from '../request-context';
import { Clock } from '../clock';
import { applyHeaders } from '../http/answers';
import { ProblemError } from '../http/problem';
import { Report } from '../domain/report';
import { reportOf, ReportSource } from '../reports/report-source';

/** A dashboard link must still work when followed a little later (CONTRACT §8). */
const MIN_VALIDITY_MS = 60_000;

/** A download URL and when it stops working (`null`: Webex's URL carries no `Expires`). */
export type Download = NonNullable<Report['download']>;

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

/**
 * True when `Accept` lists `application/json` (with a non-zero q). A link, curl and `fetch`'s default
 * (`*\/*`) do not, and keep the redirect.
 */
export function asksForJson(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => {
    const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    return type === 'application/json' && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * 302 to the URL, or with `Accept: application/json` 200 `{ url, expiresAt }` (CONTRACT §8): a page
 * on another origin cannot follow a cross-origin redirect with its API key header, nor read an
 * opaque redirect. Never cached: the next click must get a URL that is still valid.
 */
export function sendDownload(request: FastifyRequest, reply: FastifyReply, link: Download): void {
  if (reply.sent) return; // answered already (request-timeout)
  applyHeaders(reply, ['vary', 'Accept']);
  reply.header('cache-control', 'no-store');
  if (asksForJson(request.headers.accept))
    reply
      .status(200)
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ url: link.url, expiresAt: link.expiresAt } satisfies Download));
  else reply.redirect(link.url, 302);
}

/**
 * `GET /v1/reports/:family/:id/download`: the cached report's URL while it stays valid for at least
 * 60 more seconds, else the URL of a refetched report. A URL without `Expires` is taken as valid.
 */
@Injectable()
export class ReportDownloads {
  constructor(private readonly clock: Clock) {}

  async linkFor(
    source: ReportSource,
    id: string,
    caller: RequestContext | undefined,
  ): Promise<Download> {
    const known = downloadOf(reportOf(await source.get(id, 'normal', caller)));
    if (this.validForMs(known) >= MIN_VALIDITY_MS) return known;
    const fresh = downloadOf(reportOf(await source.get(id, 'bypass', caller)));
    // Webex issues URLs valid for hours; a fresh one that is short is still the best there is.
    if (this.validForMs(fresh) > 0) return fresh;
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
