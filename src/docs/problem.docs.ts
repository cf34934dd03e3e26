import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  getSchemaPath,
} from '@nestjs/swagger';
import { ProblemBody, ProblemCode, PROBLEMS } from '../http/problem';
import { headerRefs } from './headers.docs';

/** Every problem type the service answers with, from the one table (problem.ts). */
export const PROBLEM_TYPES = Object.keys(PROBLEMS) as ProblemCode[];

@ApiSchema({ name: 'FieldError' })
class FieldErrorDoc {
  @ApiProperty({
    description: 'the parameter, body property or header',
    example: 'billingStartDate',
  })
  field!: string;
  @ApiProperty({ example: 'must be a real calendar date as YYYY-MM-DD' }) message!: string;
}

@ApiSchema({
  name: 'Problem',
  description:
    'RFC 9457 problem details; `type` is a code of this service (a relative URI reference)',
})
export class ProblemDoc {
  @ApiProperty({ enum: PROBLEM_TYPES, example: 'validation-failed' }) type!: ProblemCode;
  @ApiProperty({ description: 'fixed per type', example: 'The request is invalid' }) title!: string;
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 }) status!: number;
  @ApiProperty({ description: 'what went wrong with this request' }) detail!: string;
  @ApiProperty({ description: 'the X-Request-Id of the answer' }) requestId!: string;
  @ApiPropertyOptional({
    type: [FieldErrorDoc],
    description: 'validation-failed: every offending field',
  })
  errors?: FieldErrorDoc[];
}

const DETAILS: Partial<Record<ProblemCode, Pick<ProblemBody, 'detail' | 'errors'>>> = {
  'validation-failed': {
    detail: 'the request is invalid',
    errors: [{ field: 'billingStartDate', message: 'must be a real calendar date as YYYY-MM-DD' }],
  },
  unauthorized: { detail: 'send an API key as Authorization: Bearer <key> or X-API-Key' },
  'rate-limited': { detail: 'more than 600 requests in a minute' },
  'not-found': { detail: 'wholesale report: Billing Report not found.' },
  'report-not-ready': { detail: 'report … is IN_PROGRESS, not COMPLETED' },
};

function exampleOf(code: ProblemCode): ProblemBody {
  const [status, title] = PROBLEMS[code];
  const { detail, errors } = DETAILS[code] ?? { detail: title.toLowerCase() };
  const example: ProblemBody = {
    type: code,
    title,
    status,
    detail,
    requestId: 'f3b0c1c2-2b36-4f1e-9a57-0f5f3c1a9d10',
  };
  return errors ? { ...example, errors } : example;
}

/**
 * What every /v1 route may answer: refused at the edge, Webex's own 400 or 404 kept, or Webex failing
 * (CONTRACT §5, §6, §7).
 */
export const COMMON: ProblemCode[] = [
  'validation-failed',
  'invalid-target',
  'upstream-rejected',
  'unauthorized',
  'not-found',
  'rate-limited',
  'internal',
  'upstream-auth-failed',
  'upstream-forbidden',
  'upstream-unavailable',
  'upstream-invalid-response',
  'upstream-throttled',
  'upstream-locked',
  'upstream-circuit-open',
  'request-timeout',
  'upstream-timeout',
];

/** What only a request with a body can cause (CONTRACT §2, §7). */
export const BODY: ProblemCode[] = ['body-timeout', 'payload-too-large', 'unsupported-media-type'];

/** 429 always names the wait; of the 503s only those whose cause knows one do. */
const headersOf = (status: number) =>
  status === 429
    ? headerRefs('Retry-After')
    : status === 503
      ? headerRefs('Retry-After-Optional')
      : undefined;

/**
 * One `application/problem+json` response per status among `codes`, its description naming each
 * code that status can carry (statuses and titles from the table in problem.ts).
 */
export function ApiProblems(...codes: ProblemCode[]) {
  const statuses = [...new Set(codes.map((code) => PROBLEMS[code][0]))].sort((a, b) => a - b);
  return applyDecorators(
    ApiExtraModels(ProblemDoc),
    ...statuses.map((status) => {
      const own = codes.filter((code) => PROBLEMS[code][0] === status);
      return ApiResponse({
        status,
        description: own.map((code) => `${code}: ${PROBLEMS[code][1]}`).join('; '),
        headers: headersOf(status),
        content: {
          'application/problem+json': {
            schema: { $ref: getSchemaPath(ProblemDoc) },
            example: exampleOf(own[0]),
          },
        },
      });
    }),
  );
}
