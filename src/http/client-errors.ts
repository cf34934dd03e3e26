import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ProblemCode, ProblemError, problemBody } from './problem';

/** Node's parser and timeout errors, as Node's own `clientError` default maps them to statuses. */
const BY_NODE_CODE: Record<string, [ProblemCode, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: ['body-timeout', 'the request did not arrive in time'],
  HPE_HEADER_OVERFLOW: ['headers-too-large', 'the request headers exceed 16 KiB'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: ['payload-too-large', 'the chunk extensions are too large'],
};

/** The raw HTTP/1.1 answer to a request Node refused before any route saw it. */
export function clientErrorAnswer(error: { code?: string }): string {
  const [code, detail] = BY_NODE_CODE[error.code ?? ''] ?? [
    'bad-request',
    'the request is not valid HTTP/1.1',
  ];
  const problem = new ProblemError(code, detail);
  const body = JSON.stringify(problemBody(problem, randomUUID()));
  return (
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
    'content-type: application/problem+json\r\n' +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    'connection: close\r\n\r\n' +
    body
  );
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses (malformed requests, headers over
 * the limit, requests that do not arrive in time) is answered with a problem like every other error
 * (CONTRACT §6), then the connection is closed. Nothing is written once an answer has begun, and a
 * reset connection has no one to answer.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !answering?.headersSent) socket.end(clientErrorAnswer(error));
  socket.destroySoon();
}
