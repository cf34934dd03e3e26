import type { HeaderObject, ReferenceObject } from '@nestjs/swagger';

const seconds = { type: 'integer', minimum: 0 } as const;

const rateLimit = {
  'X-RateLimit-Limit': {
    description:
      'RATE_LIMIT_PER_MINUTE: calls a caller (its API key, else its address) may make per minute',
    schema: { ...seconds, example: 600 },
  },
  'X-RateLimit-Remaining': {
    description: 'calls left in the current minute window',
    schema: { ...seconds, example: 599 },
  },
  'X-RateLimit-Reset': {
    description: 'seconds until the current minute window ends',
    schema: { ...seconds, example: 60 },
  },
};

/** A header that some answers of a status carry and others do not: not required, same meaning. */
const optional = (headers: Record<string, HeaderObject>, when = ''): Record<string, HeaderObject> =>
  Object.fromEntries(
    Object.entries(headers).map(([name, header]) => [
      `${name}-Optional`,
      { ...header, description: `${header.description ?? ''}${when}`, required: false },
    ]),
  );

const required = (headers: Record<string, HeaderObject>): Record<string, HeaderObject> =>
  Object.fromEntries(
    Object.entries(headers).map(([name, header]) => [name, { ...header, required: true }]),
  );

/**
 * `components.headers`: every response header a client can rely on (CONTRACT §4, §7, §8). A header
 * that is always sent with a status is `required`; the `-Optional` variants are the same header
 * where only some answers of that status carry it.
 */
export const HEADERS = {
  ...required({
    'X-Request-Id': {
      description:
        "the caller's X-Request-Id when it is 1-128 characters of A-Z a-z 0-9 . _ : -, else a generated UUID; also the problem's requestId and part of Webex's TrackingID",
      schema: {
        type: 'string',
        pattern: '^[A-Za-z0-9._:-]{1,128}$',
        example: 'f3b0c1c2-2b36-4f1e-9a57-0f5f3c1a9d10',
      },
    },
    ETag: {
      description: 'of the body; send it back as If-None-Match for a 304',
      schema: { type: 'string', example: '"Xb3kQ9vR2mT8pL5nW1cY7d"' },
    },
    'X-Cache': {
      description:
        'HIT (fresh), MISS (just read from Webex), STALE (past freshness, or Webex failing) or BYPASS (a no-cache refetch)',
      schema: { type: 'string', enum: ['HIT', 'MISS', 'STALE', 'BYPASS'] },
    },
    Age: { description: 'seconds since the data left Webex', schema: { ...seconds, example: 12 } },
    'Cache-Control': {
      description:
        'private, max-age=N with N the whole freshness lifetime (N − Age is what is left); no-store for waitFor answers and downloads',
      schema: {
        type: 'string',
        pattern: '^(private, max-age=\\d+|no-store)$',
        example: 'private, max-age=60',
      },
    },
    Vary: {
      description:
        'the request headers the answer depends on: the credential headers, Origin when CORS is configured, Accept on downloads',
      schema: { type: 'string', example: 'Origin, Authorization, X-API-Key' },
    },
    Location: {
      description:
        'a create: the absolute URL of the report, from the scheme and host the request was sent to; a download: the file',
      schema: { type: 'string', format: 'uri-reference' },
    },
    'Retry-After': {
      description: 'seconds to wait before calling again',
      schema: { ...seconds, example: 30 },
    },
    ...rateLimit,
  }),
  ...optional(
    { 'Retry-After': { description: 'seconds to wait before calling again', schema: seconds } },
    '; sent with upstream-throttled, upstream-locked, upstream-circuit-open and idempotency-unavailable',
  ),
  ...optional(rateLimit, '; not on a 400 invalid-target, refused before the caller is counted'),
  'Idempotent-Replay': {
    required: false,
    description:
      'true: the first answer to this Idempotency-Key and body, replayed; nothing was sent to Webex',
    schema: { type: 'string', enum: ['true'] },
  },
  'X-Wait': {
    required: false,
    description:
      'timeout: waitFor ended before the report was COMPLETED or FAILED; the body is its current state',
    schema: { type: 'string', enum: ['timeout'] },
  },
} as Record<HeaderName, HeaderObject>;

type RateLimitName = 'X-RateLimit-Limit' | 'X-RateLimit-Remaining' | 'X-RateLimit-Reset';
type AlwaysName =
  | 'X-Request-Id'
  | 'ETag'
  | 'X-Cache'
  | 'Age'
  | 'Cache-Control'
  | 'Vary'
  | 'Location'
  | 'Retry-After'
  | RateLimitName;
export type HeaderName =
  AlwaysName | `${'Retry-After' | RateLimitName}-Optional` | 'Idempotent-Replay' | 'X-Wait';

/** The named components as a response's `headers`, each under its header name. */
export function headerRefs(...names: HeaderName[]): Record<string, ReferenceObject> {
  return Object.fromEntries(
    names.map((name) => [name.replace(/-Optional$/, ''), { $ref: `#/components/headers/${name}` }]),
  );
}
