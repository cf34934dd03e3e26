import { IncomingMessage, ServerResponse, STATUS_CODES } from 'node:http';

/** What a handler decides; the server turns it into bytes (or a destroyed socket). */
export type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

/** A Webex error answer; the message becomes the Webex error body. */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string): SandboxHttpError => new SandboxHttpError(400, message);

/** The Webex error body: `{ message, errors: [{ description }], trackingId }`. */
export function webexErrorAnswer(status: number, message: string, trackingId: string): Answer {
  return {
    status,
    body: { message, errors: [{ description: message }], trackingId },
  };
}

export function defaultMessageOf(status: number): string {
  return STATUS_CODES[status] ?? `HTTP ${status}`;
}

const MAX_BODY_BYTES = 1_000_000;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SandboxHttpError(413, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON (also when unlabelled), a form, or the raw text when it is neither. */
export function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

export function queryOf(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  return query;
}

export function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined)
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

/** Strings go out as they are (a fault may send HTML or broken JSON); anything else as JSON. */
export function bodyTextOf(answer: Answer): string {
  if (answer.body === undefined || answer.status === 204 || answer.status === 304) return '';
  return typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
}

/** Writes the status and headers; returns the body to send. */
function writeHead(res: ServerResponse, answer: Answer): Buffer {
  const text = bodyTextOf(answer);
  const headers: Record<string, string> = {};
  if (text !== '')
    headers['content-type'] =
      typeof answer.body === 'string'
        ? 'text/plain; charset=utf-8'
        : 'application/json; charset=utf-8';
  Object.assign(headers, lowerCased(answer.headers ?? {}));
  headers['content-length'] = String(Buffer.byteLength(text));
  res.writeHead(answer.status, headers);
  return Buffer.from(text);
}

export function writeAnswer(res: ServerResponse, answer: Answer): void {
  res.end(writeHead(res, answer));
}

/** The answer's body one byte at a time, `everyMs` apart, until done or the client goes away. */
export async function trickleAnswer(
  res: ServerResponse,
  answer: Answer,
  everyMs: number,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  const body = writeHead(res, answer);
  res.flushHeaders();
  for (let at = 0; at < body.length && !res.destroyed; at += 1) {
    await sleep(everyMs);
    res.write(body.subarray(at, at + 1));
  }
  res.end();
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
}
