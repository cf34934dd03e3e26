import { IncomingMessage, ServerResponse } from 'node:http';
import { ApiRequest, ApiState } from './sandbox.context';
import { FaultQueue } from './sandbox.faults';
import {
  Answer,
  bodyTextOf,
  defaultMessageOf,
  headersOf,
  parseBody,
  queryOf,
  webexErrorAnswer,
  trickleAnswer,
  writeAnswer,
} from './sandbox.http';
import { newTrackingId } from './sandbox.ids';
import { RequestLog } from './sandbox.log';
import { routeAnswer } from './sandbox.routes';
import { SandboxFamily } from './sandbox.family';
import { SandboxFault } from './sandbox.types';

/** What the `/v1` pipeline needs besides the handlers' state. */
export type Pipeline = {
  state: ApiState;
  faults: FaultQueue;
  log: RequestLog;
  /** a wait that `close()` can cancel */
  sleep: (ms: number) => Promise<void>;
  /** `host:port` of the listener, for a request without a Host header */
  authority: string;
  families: readonly SandboxFamily[];
};

function apiRequestOf(req: IncomingMessage, url: URL, raw: string, pipeline: Pipeline): ApiRequest {
  const headers = headersOf(req);
  return {
    method: req.method ?? 'GET',
    fullPath: url.pathname,
    path: url.pathname.startsWith('/v1/') ? url.pathname.slice(3) : url.pathname,
    query: queryOf(url.searchParams),
    headers,
    body: parseBody(raw, headers['content-type']),
    host: headers.host ?? pipeline.authority,
    now: pipeline.state.options.now(),
    trackingId: headers.trackingid ?? newTrackingId(),
  };
}

function faultAnswer(fault: SandboxFault, trackingId: string): Answer {
  const status = fault.status ?? 500;
  if (fault.body !== undefined) return { status, body: fault.body };
  return webexErrorAnswer(status, defaultMessageOf(status), trackingId);
}

/** A prefix of a JSON object or array is never valid JSON, and still looks like the real thing. */
function malformed(answer: Answer): Answer {
  const text = bodyTextOf(answer) || '{"items":[{"id":"';
  return {
    status: 200,
    body: text.slice(0, Math.max(1, Math.floor(text.length / 2))),
    headers: { ...answer.headers, 'content-type': 'application/json; charset=utf-8' },
  };
}

function faultedAnswer(
  fault: SandboxFault | null,
  request: ApiRequest,
  pipeline: Pipeline,
): Answer {
  if (fault?.status !== undefined) return faultAnswer(fault, request.trackingId);
  const answer = routeAnswer(pipeline.families, request, pipeline.state);
  if (fault?.malformedJson) return malformed(answer);
  return fault?.body === undefined ? answer : { ...answer, body: fault.body };
}

function withHeaders(answer: Answer, fault: SandboxFault | null, trackingId: string): Answer {
  const headers: Record<string, string> = { ...answer.headers, trackingid: trackingId };
  if (fault?.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
  return { ...answer, headers: { ...headers, ...fault?.headers } };
}

function safeAnswer(fault: SandboxFault | null, request: ApiRequest, pipeline: Pipeline): Answer {
  try {
    return withHeaders(faultedAnswer(fault, request, pipeline), fault, request.trackingId);
  } catch (error) {
    const message = `Sandbox failure: ${(error as Error).message}`;
    return withHeaders(
      webexErrorAnswer(500, message, request.trackingId),
      null,
      request.trackingId,
    );
  }
}

/** Log, fault, handle, answer: one `/v1` request. */
export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  raw: string,
  pipeline: Pipeline,
): Promise<void> {
  let request = apiRequestOf(req, url, raw, pipeline);
  const { method, fullPath: path, query, headers, body, now: at } = request;
  const entry = pipeline.log.record({ method, path, query, headers, body, at, status: 0 });
  const fault = pipeline.faults.take(method, request.path, at);
  if (fault?.delayMs) {
    await pipeline.sleep(fault.delayMs);
    request = { ...request, now: pipeline.state.options.now() };
  }
  if (fault?.destroy === 'before') return void req.socket.destroy();
  const answer = safeAnswer(fault, request, pipeline);
  if (fault?.destroy === 'after') return void req.socket.destroy();
  entry.status = answer.status;
  if (fault?.trickleMs) await trickleAnswer(res, answer, fault.trickleMs, pipeline.sleep);
  else writeAnswer(res, answer);
}
