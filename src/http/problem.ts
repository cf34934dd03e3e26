/** Every error the service answers with has one of these codes; the table gives status and title. */
export const PROBLEMS = {
  'validation-failed': [400, 'The request is invalid'],
  'bad-request': [400, 'The request could not be read'],
  'invalid-cursor': [400, 'The cursor is invalid'],
  'invalid-target': [400, 'The request target is not served'],
  'upstream-rejected': [400, 'Webex rejected the request'],
  unauthorized: [401, 'A valid API key is required'],
  'not-found': [404, 'Not found'],
  'method-not-allowed': [405, 'Method not allowed'],
  'upstream-conflict': [409, 'Webex reports a conflict'],
  'idempotency-conflict': [409, 'Idempotency-Key was used with another body'],
  'report-not-ready': [409, 'The report is not completed'],
  'body-timeout': [408, 'The request did not arrive in time'],
  'payload-too-large': [413, 'The request body is too large'],
  'unsupported-media-type': [415, 'Unsupported media type'],
  'rate-limited': [429, 'Too many requests'],
  'headers-too-large': [431, 'The request headers are too large'],
  internal: [500, 'Internal error'],
  'upstream-auth-failed': [502, 'Webex refused the service credentials'],
  'upstream-forbidden': [502, 'Webex refused access to the resource'],
  'upstream-unavailable': [502, 'Webex is unavailable'],
  'upstream-invalid-response': [502, 'Webex answered with something unreadable'],
  'download-unavailable': [502, 'The completed report has no download URL'],
  'upstream-throttled': [503, 'Webex is throttling requests'],
  'upstream-locked': [503, 'The Webex resource is locked'],
  'upstream-circuit-open': [503, 'Webex calls are paused after repeated failures'],
  'upstream-timeout': [504, 'Webex did not answer in time'],
  'upstream-outcome-unknown': [504, 'The outcome of the write at Webex is unknown'],
  'request-timeout': [503, 'The request took too long'],
  'not-ready': [503, 'The service is not ready'],
  'idempotency-unavailable': [503, 'Idempotency-Key cannot be honoured now'],
} as const satisfies Record<string, readonly [number, string]>;

export type ProblemCode = keyof typeof PROBLEMS;
export type FieldError = { field: string; message: string };

/** An error any module raises; the one problem+json filter turns it into the HTTP answer. */
export class ProblemError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extra: { retryAfterS?: number; errors?: FieldError[] } = {},
  ) {
    super(detail);
  }

  get status(): number {
    return PROBLEMS[this.code][0];
  }
}

/** The RFC 9457 body; `type` is the code, a relative URI reference. */
export type ProblemBody = {
  type: ProblemCode;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  errors?: FieldError[];
};

/**
 * A problem as data: what the edge refuses with, where building an Error (its stack trace) would cost
 * a refused request more than a cache hit. ProblemError is one too.
 */
export type Problem = {
  code: ProblemCode;
  detail: string;
  extra: { retryAfterS?: number; errors?: FieldError[] };
};

export function problemBody(error: Problem, requestId: string): ProblemBody {
  const [status, title] = PROBLEMS[error.code];
  const body: ProblemBody = { type: error.code, title, status, detail: error.detail, requestId };
  if (error.extra.errors) body.errors = error.extra.errors;
  return body;
}
