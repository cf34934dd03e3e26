import type { FastifyInstance } from 'fastify';
import { ProblemError } from './problem';

/** Deepest nesting of arrays and objects a body may have (CONTRACT §2). */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/**
 * Whether JSON text nests arrays and objects deeper than `max`, found by one linear scan that skips
 * strings, before anything recursive (JSON.parse, class-transformer) sees it: 5,000 levels once
 * overflowed the stack in the validation pipe. Malformed text is left for JSON.parse to refuse.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (OPENERS.has(code) && ++depth > max) return true;
    else if (CLOSERS.has(code)) depth -= 1;
  }
  return false;
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/gi;

/** Every `charset` parameter names UTF-8, the only encoding JSON may be exchanged in (RFC 8259 §8.1). */
function isUtf8(contentType: string): boolean {
  return [...contentType.matchAll(CHARSET)].every(([, charset]) => /^utf-?8$/i.test(charset));
}

/**
 * Bodies are UTF-8 `application/json` only: Fastify's other parsers go (its `text/plain`, and the
 * form parser Nest adds unless created with `bodyParser: false`), so anything else is Fastify's 415
 * (a form post needs no CORS preflight, and once created a report). JSON keeps Fastify's own parser,
 * which refuses `__proto__` and `constructor.prototype` keys (prototype poisoning), and the bodyLimit.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (!isUtf8(request.headers['content-type'] ?? ''))
      return done(
        new ProblemError('unsupported-media-type', 'JSON bodies must be UTF-8'),
        undefined,
      );
    if (nestsDeeperThan(text, MAX_JSON_DEPTH))
      return done(
        new ProblemError('validation-failed', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, {
          errors: [{ field: 'body', message: `is nested deeper than ${MAX_JSON_DEPTH} levels` }],
        }),
        undefined,
      );
    void parse(request, text, done); // synchronous: it calls done itself
  });
}
