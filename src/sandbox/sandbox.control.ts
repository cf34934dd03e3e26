import { checkFault } from './sandbox.faults';
import { Answer, SandboxHttpError, badRequest } from './sandbox.http';
import { ReportError, ReportPatch, Sandbox } from './sandbox.types';

/**
 * `/_sandbox/*`: the programmatic API over HTTP, for the benchmark and docker-compose. Not logged,
 * no auth, never faulted.
 */
const REPORT_PATH = /^\/_sandbox\/reports\/([a-z][a-z0-9-]*)\/([^/]+)$/;
const LINK_MODES = ['normal', 'drop-filters', 'foreign-host'] as const;

const done: Answer = { status: 204 };
const ok = (body: unknown): Answer => ({ status: 200, body });

function addFaults(body: unknown, sandbox: Sandbox): Answer {
  const faults = (Array.isArray(body) ? body : [body]).map(checkFault);
  faults.forEach((fault) => sandbox.addFault(fault));
  return done;
}

function reset(sandbox: Sandbox): Answer {
  sandbox.reset();
  return done;
}

function setLinkMode(body: unknown, sandbox: Sandbox): Answer {
  const mode = (body as { mode?: unknown } | undefined)?.mode;
  const known = LINK_MODES.find((candidate) => candidate === mode);
  if (!known) throw badRequest(`'mode' must be one of ${LINK_MODES.join(', ')}.`);
  sandbox.setLinkMode(known);
  return done;
}

function isReportErrors(value: unknown): value is ReportError[] {
  return (
    Array.isArray(value) &&
    value.every(
      (item: { code?: unknown; description?: unknown } | null) =>
        typeof item?.code === 'number' && typeof item.description === 'string',
    )
  );
}

function patchOf(body: unknown): ReportPatch {
  const { status, errors, downloadUrlExpiresAt } = (body ?? {}) as Record<string, unknown>;
  if (status !== undefined && typeof status !== 'string')
    throw badRequest("'status' must be a string.");
  if (errors !== undefined && !isReportErrors(errors))
    throw badRequest("'errors' must be [{ code: number, description: string }].");
  if (
    downloadUrlExpiresAt !== undefined &&
    downloadUrlExpiresAt !== null &&
    typeof downloadUrlExpiresAt !== 'number'
  )
    throw badRequest("'downloadUrlExpiresAt' must be epoch seconds or null.");
  return { status, errors, downloadUrlExpiresAt };
}

function patchReport(path: string, body: unknown, sandbox: Sandbox): Answer {
  const [, family, id] = REPORT_PATH.exec(path) ?? [];
  try {
    sandbox.setReport(family, decodeURIComponent(id), patchOf(body));
  } catch (error) {
    if (error instanceof SandboxHttpError) throw error;
    throw new SandboxHttpError(404, (error as Error).message);
  }
  return done;
}

function route(method: string, path: string, body: unknown, sandbox: Sandbox): Answer {
  const call = `${method} ${path}`;
  if (call === 'POST /_sandbox/faults') return addFaults(body, sandbox);
  if (call === 'GET /_sandbox/requests') return ok(sandbox.requests());
  if (call === 'GET /_sandbox/counters') return ok(sandbox.counters());
  if (call === 'GET /_sandbox/created-reports') return ok(sandbox.createdReports());
  if (call === 'GET /_sandbox/refresh-token')
    return ok({ refreshToken: sandbox.refreshTokenNow() });
  if (call === 'POST /_sandbox/reset') return reset(sandbox);
  if (call === 'PUT /_sandbox/link-mode') return setLinkMode(body, sandbox);
  if (method === 'PATCH' && REPORT_PATH.test(path)) return patchReport(path, body, sandbox);
  throw new SandboxHttpError(404, `No control operation ${call}.`);
}

export function controlAnswer(
  method: string,
  path: string,
  body: unknown,
  sandbox: Sandbox,
): Answer {
  try {
    return route(method, path, body, sandbox);
  } catch (error) {
    if (!(error instanceof SandboxHttpError)) throw error;
    return { status: error.status, body: { message: error.message } };
  }
}
