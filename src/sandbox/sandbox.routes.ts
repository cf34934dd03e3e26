import { ApiRequest, ApiState } from './sandbox.context';
import { familyAt, SandboxFamily } from './sandbox.family';
import { Answer, SandboxHttpError, webexErrorAnswer } from './sandbox.http';

const notAllowed = (request: ApiRequest): SandboxHttpError =>
  new SandboxHttpError(405, `Method ${request.method} is not allowed on ${request.fullPath}.`);

function collectionAnswer(handlers: SandboxFamily, request: ApiRequest, state: ApiState): Answer {
  if (request.method === 'GET') return handlers.list(request, state);
  if (request.method === 'POST') return handlers.create(request, state);
  throw notAllowed(request);
}

function reportAnswer(
  family: SandboxFamily,
  id: string,
  request: ApiRequest,
  state: ApiState,
): Answer {
  if (request.method === 'GET') return family.get(request, state, id);
  if (request.method !== 'DELETE') throw notAllowed(request);
  if (!state.store.delete(family.family, id))
    throw new SandboxHttpError(404, `Billing report '${id}' not found.`);
  return { status: 204 };
}

function route(families: readonly SandboxFamily[], request: ApiRequest, state: ApiState): Answer {
  if (!request.fullPath.startsWith('/v1/')) throw new SandboxHttpError(404, 'Resource not found.');
  if (request.path === '/access_token') {
    if (request.method !== 'POST') throw notAllowed(request);
    return state.tokens.exchange(request.body, request.now);
  }
  if (!state.tokens.accepts(request.headers.authorization, request.now))
    throw new SandboxHttpError(
      401,
      'The request requires a valid access token set in the Authorization request header.',
    );
  const match = familyAt(families, request.path);
  if (!match) throw new SandboxHttpError(404, 'Resource not found.');
  if (match.id === undefined) return collectionAnswer(match.family, request, state);
  return reportAnswer(match.family, decodedId(match.id), request, state);
}

function decodedId(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SandboxHttpError(400, `Invalid report id '${segment}'.`);
  }
}

/** The answer Webex would give, Webex error bodies included. */
export function routeAnswer(
  families: readonly SandboxFamily[],
  request: ApiRequest,
  state: ApiState,
): Answer {
  try {
    return route(families, request, state);
  } catch (error) {
    if (!(error instanceof SandboxHttpError)) throw error;
    return webexErrorAnswer(error.status, error.message, request.trackingId);
  }
}

/** Counters group requests by route, with report ids folded into `{id}`. */
export function routeKeyOf(
  families: readonly SandboxFamily[],
  method: string,
  path: string,
): string {
  const afterV1 = path.startsWith('/v1/') ? path.slice(3) : path;
  const match = familyAt(families, afterV1);
  return `${method} ${match?.id === undefined ? afterV1 : `/${match.family.path}/{id}`}`;
}
