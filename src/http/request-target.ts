/**
 * Which request targets the service serves (CONTRACT §2 "Request targets and bodies"): origin-form
 * only, with a path already in canonical form. The router would decode `%76` to `v`, drop dot
 * segments' meaning or strip `http://host`, so a target it normalises is refused instead: what is
 * decided about a request (its route, its key, its limit) is then about exactly what the caller sent.
 */

/** RFC 3986 pchar without pct-encoded: unreserved, sub-delims, ":" and "@". */
const PATH_CHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const HEX = /^[0-9A-Fa-f]{2}$/;
/** The common case in one test: plain characters, no empty segment, none starting with a dot. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9\-_~!$&'()*+,;=:@][A-Za-z0-9\-._~!$&'()*+,;=:@]*)+$/;

/** Why a target is not served, or null when it is canonical origin-form. */
export function targetProblem(target: string | undefined): string | null {
  if (!target || target[0] !== '/') return 'only origin-form request targets are served';
  const end = target.search(/[?#]/);
  if (end !== -1 && target[end] === '#') return 'a request target carries no fragment';
  const path = end === -1 ? target : target.slice(0, end);
  if (path === '/' || PLAIN_PATH.test(path)) return null;
  for (const segment of path.slice(1).split('/')) {
    const problem = segmentProblem(segment);
    if (problem) return problem;
  }
  return null;
}

function segmentProblem(segment: string): string | null {
  if (segment === '') return 'the path has an empty segment';
  if (segment === '.' || segment === '..') return 'the path has a dot segment';
  for (let at = 0; at < segment.length; at += 1) {
    const char = segment[at];
    if (char === '%') {
      const hex = segment.slice(at + 1, at + 3);
      if (!HEX.test(hex)) return 'the path has an invalid percent-encoding';
      if (UNRESERVED.test(String.fromCharCode(parseInt(hex, 16))))
        return 'the path percent-encodes a character that needs no encoding';
      at += 2;
    } else if (!PATH_CHAR.test(char)) return 'the path has a character that must be encoded';
  }
  return null;
}
