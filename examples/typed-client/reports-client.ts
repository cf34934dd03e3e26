import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './api';

/**
 * A typed client of the reports BFF, as a dashboard team would write it: the types in api.d.ts are
 * generated from the service's /docs-json (`npm run client:types`), the calls go through
 * openapi-fetch, and nothing here is a hand-written copy of a shape.
 */

export type Report = components['schemas']['Report'];
export type ReportList = components['schemas']['ReportList'];
export type DownloadLink = components['schemas']['DownloadLink'];
export type Problem = components['schemas']['Problem'];
export type ProblemType = Problem['type'];
export type WholesaleFilters = NonNullable<
  paths['/v1/reports/wholesale']['get']['parameters']['query']
>;
export type NewWholesaleReport = components['schemas']['CreateWholesaleReportBody'];

export type ReportsClient = Client<paths>;

/** A problem answer (RFC 9457), with its `type` typed as the codes the document lists. */
export class ReportsProblem extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.type}: ${problem.detail}`);
  }

  get type(): ProblemType {
    return this.problem.type;
  }
}

/** Every call sends the API key; `fetch` may be replaced (a test checks every answer with it). */
export function reportsClient(baseUrl: string, apiKey: string, fetch?: typeof globalThis.fetch) {
  return createClient<paths>({ baseUrl, headers: { 'X-API-Key': apiKey }, fetch });
}

/** The data of an answer, or its problem thrown. */
function dataOf<T>(answer: { data?: T; error?: Problem }): T {
  if (answer.error) throw new ReportsProblem(answer.error);
  return answer.data as T;
}

/** One page of wholesale reports; pass `page.nextCursor` back as `cursor` for the next. */
export async function listWholesale(
  client: ReportsClient,
  filters: WholesaleFilters,
): Promise<ReportList> {
  return dataOf(await client.GET('/v1/reports/wholesale', { params: { query: filters } }));
}

export async function getWholesale(client: ReportsClient, id: string): Promise<Report> {
  return dataOf(await client.GET('/v1/reports/wholesale/{id}', { params: { path: { id } } }));
}

/**
 * Creates a report once however often it is retried with the same `idempotencyKey` (a button
 * clicked twice, a retry after a timeout); `location` is the report's absolute URL.
 */
export async function createWholesale(
  client: ReportsClient,
  body: NewWholesaleReport,
  idempotencyKey: string,
): Promise<{ report: Report; location: string | null; replayed: boolean }> {
  const answer = await client.POST('/v1/reports/wholesale', {
    body,
    params: { header: { 'Idempotency-Key': idempotencyKey } },
  });
  return {
    report: dataOf(answer),
    location: answer.response.headers.get('location'),
    replayed: answer.response.headers.get('idempotent-replay') === 'true',
  };
}

/**
 * The download URL of a report as JSON (the default answer is a redirect, which fetch would follow
 * to the file); null while the report is not COMPLETED yet.
 */
export async function downloadLink(
  client: ReportsClient,
  id: string,
): Promise<DownloadLink | null> {
  const answer = await client.GET('/v1/reports/wholesale/{id}/download', {
    params: { path: { id } },
    headers: { Accept: 'application/json' },
  });
  if (answer.error?.type === 'report-not-ready') return null;
  return dataOf(answer);
}
