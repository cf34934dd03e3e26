import { applyDecorators } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiGatewayTimeoutResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiBadGatewayResponse,
  ApiUnauthorizedResponse,
  ApiTooManyRequestsResponse,
  ApiResponse,
  ApiSecurity,
  ApiBearerAuth,
} from '@nestjs/swagger';
import { AllReportsDoc, ProblemDoc, ReportDoc, ReportListDoc } from './report.docs';

const CACHE_HEADERS = {
  'X-Cache': { description: 'HIT, MISS, STALE or BYPASS', schema: { type: 'string' } },
  Age: { description: 'seconds since the data left Webex', schema: { type: 'integer' } },
  ETag: { schema: { type: 'string' } },
  'Cache-Control': { schema: { type: 'string', example: 'private, max-age=60' } },
};

/** What every /v1 route may answer besides its success. */
const ApiCommonProblems = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiSecurity('X-API-Key'),
    ApiBadRequestResponse({
      type: ProblemDoc,
      description: 'invalid input; every offending field listed',
    }),
    ApiUnauthorizedResponse({
      type: ProblemDoc,
      description: 'missing or unknown API key (when API_KEYS is set)',
    }),
    ApiTooManyRequestsResponse({
      type: ProblemDoc,
      description: 'per-caller rate limit; Retry-After',
    }),
    ApiBadGatewayResponse({
      type: ProblemDoc,
      description: 'Webex failed or refused the credentials',
    }),
    ApiServiceUnavailableResponse({
      type: ProblemDoc,
      description: 'Webex throttling (upstream-throttled) or locked (upstream-locked); Retry-After',
    }),
    ApiGatewayTimeoutResponse({
      type: ProblemDoc,
      description: 'Webex did not answer in time, or the outcome of a create or delete is unknown',
    }),
  );

const cacheControlRequest = ApiHeader({
  name: 'Cache-Control',
  required: false,
  description: 'no-cache: skip the cached answer and refetch',
});
const ifNoneMatch = ApiHeader({
  name: 'If-None-Match',
  required: false,
  description: 'an ETag; 304 when unchanged',
});

export const ApiListRoute = (summary: string) =>
  applyDecorators(
    ApiOkResponse({ type: ReportListDoc, headers: CACHE_HEADERS, description: summary }),
    ApiResponse({ status: 304, description: 'not modified (If-None-Match)' }),
    cacheControlRequest,
    ifNoneMatch,
    ApiCommonProblems(),
  );

const WAIT_HEADER = {
  'X-Wait': {
    description:
      'timeout: waitFor ended before the report was COMPLETED or FAILED; the body is its current state',
    schema: { type: 'string' },
  },
};

export const ApiGetRoute = () =>
  applyDecorators(
    ApiOkResponse({ type: ReportDoc, headers: { ...CACHE_HEADERS, ...WAIT_HEADER } }),
    ApiResponse({ status: 304, description: 'not modified (If-None-Match)' }),
    ApiNotFoundResponse({ type: ProblemDoc }),
    cacheControlRequest,
    ifNoneMatch,
    ApiCommonProblems(),
  );

export const ApiCreateRoute = () =>
  applyDecorators(
    ApiAcceptedResponse({ type: ReportDoc, headers: { Location: { schema: { type: 'string' } } } }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'same key and body within 24 h: the first answer again, nothing sent to Webex',
    }),
    ApiConflictResponse({
      type: ProblemDoc,
      description: 'Idempotency-Key used with another body, or Webex reports a conflict',
    }),
    ApiCommonProblems(),
  );

export const ApiDeleteRoute = () =>
  applyDecorators(
    ApiNoContentResponse(),
    ApiNotFoundResponse({ type: ProblemDoc }),
    ApiCommonProblems(),
  );

export const ApiAllReportsRoute = () =>
  applyDecorators(
    ApiOkResponse({
      type: AllReportsDoc,
      headers: CACHE_HEADERS,
      description:
        "both families merged, newest period first; X-Cache is the weakest of the families' answers (STALE, MISS, BYPASS, HIT), Age the oldest, max-age the shortest (0 when partial), ETag over this body",
    }),
    ApiResponse({ status: 304, description: 'not modified (If-None-Match)' }),
    cacheControlRequest,
    ifNoneMatch,
    ApiCommonProblems(),
  );

export const ApiDownloadRoute = () =>
  applyDecorators(
    ApiResponse({
      status: 302,
      description: 'redirect to a download URL valid for at least 60 more seconds',
      headers: { Location: { schema: { type: 'string' } } },
    }),
    ApiNotFoundResponse({ type: ProblemDoc }),
    ApiConflictResponse({
      type: ProblemDoc,
      description: 'report-not-ready: the report is not COMPLETED',
    }),
    ApiBadGatewayResponse({
      type: ProblemDoc,
      description: 'download-unavailable: the report is COMPLETED but Webex sent no download URL',
    }),
    ApiCommonProblems(),
  );
