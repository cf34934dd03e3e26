import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ALL_REPORTS, DOWNLOAD_LINK, FAILED_REPORT } from '../docs/examples.docs';
import { HeaderName, headerRefs } from '../docs/headers.docs';
import { ApiProblems, BODY, COMMON } from '../docs/problem.docs';
import { FamilyDocs } from './family-descriptor';
import { AllReportsDoc, DownloadLinkDoc, ReportDoc, ReportListDoc } from './report.docs';

const CACHED = headerRefs('ETag', 'X-Cache', 'Age', 'Cache-Control', 'Vary');

type Examples = Record<string, { summary: string; value: unknown }>;

type Model =
  typeof ReportDoc | typeof ReportListDoc | typeof AllReportsDoc | typeof DownloadLinkDoc;

const json = (model: Model, examples: Examples) => ({
  'application/json': { schema: { $ref: getSchemaPath(model) }, examples },
});

const cacheable = (
  model: Model,
  examples: Examples,
  description: string,
  headers: HeaderName[] = [],
) =>
  applyDecorators(
    ApiExtraModels(model),
    ApiResponse({
      status: 200,
      description,
      headers: { ...CACHED, ...headerRefs(...headers) },
      content: json(model, examples),
    }),
    ApiResponse({
      status: 304,
      description: 'not modified: If-None-Match named the current ETag; no body',
      headers: CACHED,
    }),
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'an ETag of an earlier answer; 304 when it is still current',
    }),
    ApiHeader({
      name: 'Cache-Control',
      required: false,
      description:
        'no-cache or max-age=0: refetch from Webex, unless the cached answer is younger than CACHE_MIN_REFRESH_S (then it answers as a hit)',
    }),
  );

export const ApiListRoute = ({ name, examples }: FamilyDocs) =>
  applyDecorators(
    ApiOperation({
      operationId: `list${name}Reports`,
      summary: `List ${name} billing reports`,
      description:
        'Cached. An unknown or repeated query parameter is a 400; an empty one is the same as an absent one.',
    }),
    cacheable(
      ReportListDoc,
      { seed: { summary: 'from the sandbox', value: examples.list } },
      `${name} reports`,
    ),
    ApiProblems(...COMMON, 'invalid-cursor'),
  );

export const ApiGetRoute = ({ name, examples }: FamilyDocs) =>
  applyDecorators(
    ApiOperation({
      operationId: `get${name}Report`,
      summary: `Get a ${name} billing report`,
      description:
        'Cached. With waitFor=terminal, held until the report is COMPLETED or FAILED or the timeout passes; such answers are Cache-Control: no-store.',
    }),
    cacheable(
      ReportDoc,
      {
        completed: {
          summary: 'COMPLETED, with its download',
          value: examples.report,
        },
        failed: { summary: 'FAILED, with the reasons Webex gave', value: FAILED_REPORT },
      },
      'the report; with waitFor, its state when the wait ended',
      ['X-Wait'],
    ),
    ApiProblems(...COMMON),
  );

export const ApiCreateRoute = ({ name, examples }: FamilyDocs) =>
  applyDecorators(
    ApiExtraModels(ReportDoc),
    ApiOperation({
      operationId: `create${name}Report`,
      summary: `Create a ${name} billing report`,
      description:
        'Never retried after Webex may have seen it; when the outcome is unknown the service looks for the report it would have made.',
    }),
    ApiResponse({
      status: 202,
      description: 'accepted: the report, usually IN_PROGRESS; Location names it',
      headers: headerRefs('Location', 'Idempotent-Replay'),
      content: json(ReportDoc, {
        created: { summary: 'IN_PROGRESS', value: examples.created },
      }),
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      schema: { type: 'string', pattern: '^[!-~]{1,255}$' },
      description:
        'the same key and body within IDEMPOTENCY_TTL_S (24 h): the first answer again, nothing sent to Webex; another body: 409',
    }),
    ApiProblems(
      ...COMMON,
      ...BODY,
      'upstream-conflict',
      'idempotency-conflict',
      'idempotency-unavailable',
      'upstream-outcome-unknown',
    ),
  );

export const ApiDeleteRoute = ({ name }: FamilyDocs) =>
  applyDecorators(
    ApiOperation({
      operationId: `delete${name}Report`,
      summary: `Delete a ${name} billing report`,
    }),
    ApiResponse({ status: 204, description: 'deleted' }),
    ApiProblems(...COMMON, ...BODY, 'upstream-conflict', 'upstream-outcome-unknown'),
  );

export const ApiDownloadRoute = ({ name }: FamilyDocs) =>
  applyDecorators(
    ApiExtraModels(DownloadLinkDoc),
    ApiOperation({
      operationId: `download${name}Report`,
      summary: `Download a completed ${name} billing report`,
      description:
        'A 302 to a download URL valid for at least 60 more seconds, or with Accept: application/json that URL as JSON: a page on another origin cannot follow the redirect with its API key. Never cached.',
    }),
    ApiResponse({
      status: 200,
      description: 'with Accept: application/json: the URL and when it stops working',
      headers: headerRefs('Cache-Control', 'Vary'),
      content: json(DownloadLinkDoc, { seed: { summary: 'a signed URL', value: DOWNLOAD_LINK } }),
    }),
    ApiResponse({
      status: 302,
      description:
        'without Accept: application/json: Location is the download URL (no API key needed there)',
      headers: headerRefs('Location', 'Cache-Control', 'Vary'),
    }),
    ApiProblems(...COMMON, 'report-not-ready', 'download-unavailable'),
  );

export const ApiAllReportsRoute = () =>
  applyDecorators(
    ApiOperation({
      operationId: 'listAllReports',
      summary: 'List the reports of every family in one call',
      description:
        "Per family up to LIST_MAX_ITEMS reports; page.nextCursor is always null. X-Cache is the weakest of the families' answers (STALE, MISS, BYPASS, HIT), Age the oldest, max-age the shortest (0 when partial), ETag over this body.",
    }),
    cacheable(
      AllReportsDoc,
      { seed: { summary: 'from the sandbox', value: ALL_REPORTS } },
      'both families merged, newest period first',
    ),
    ApiProblems(...COMMON),
  );
