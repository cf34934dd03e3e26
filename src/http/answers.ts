import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';

/**
 * One answer, whichever path sends it: status, headers as a flat `[name, value, …]` list, and the
 * body. The route handlers send it through Fastify's reply; the edge writes the same list straight
 * to the socket (`writeAnswer`), which is what keeps an early answer byte-for-byte like a handler's.
 */
export type Answer = {
  status: number;
  headers: string[];
  /** A string, or bytes already encoded (an early hit's body, as the ceiling writes it). */
  body?: string | Buffer;
  bytes?: number;
};

/** `Vary` is composed, never replaced: CORS names Origin, a cached answer the credential headers. */
function composedVary(existing: ReturnType<FastifyReply['getHeader']>, added: string): string {
  if (existing === undefined || existing === '') return added;
  return `${Array.isArray(existing) ? existing.join(', ') : String(existing)}, ${added}`;
}

/** Sets a header list on the reply (Vary appended to what is there). */
export function applyHeaders(reply: FastifyReply, headers: readonly string[]): void {
  for (let at = 0; at < headers.length; at += 2) {
    const name = headers[at];
    const value = headers[at + 1];
    reply.header(name, name === 'vary' ? composedVary(reply.getHeader('vary'), value) : value);
  }
}

/** Sends an answer through Fastify's reply (hooks, onSend, the lot). */
export function sendAnswer(reply: FastifyReply, answer: Answer): void {
  applyHeaders(reply, answer.headers);
  reply.status(answer.status).send(answer.body);
}

/**
 * Writes an answer straight to the socket, from the edge, before Fastify: `base` (lists of security,
 * request id, CORS and rate-limit headers, never copied until here) then the answer's own headers,
 * `Vary` composed. Fastify's per-request objects, hooks and per-header handling were most of the
 * cost of a cache hit or a refusal in the benchmark.
 */
export function writeAnswer(
  res: ServerResponse,
  base: readonly (readonly string[])[],
  answer: Answer,
  closing: boolean,
): void {
  const headers: string[] = [];
  let vary: string | undefined;
  for (const list of [...base, answer.headers])
    for (let at = 0; at < list.length; at += 2)
      if (list[at] === 'vary') vary = composedVary(vary, list[at + 1]);
      else headers.push(list[at], list[at + 1]);
  if (vary) headers.push('vary', vary);
  if (answer.body !== undefined)
    headers.push('content-length', String(answer.bytes ?? Buffer.byteLength(answer.body)));
  if (closing) headers.push('connection', 'close');
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}
