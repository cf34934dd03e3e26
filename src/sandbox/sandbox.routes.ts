import { createBroadworks, getBroadworks, listBroadworks } from './sandbox.broadworks';
import { ApiRequest, ApiState } from './sandbox.context';
import { Answer, SandboxHttpError, webexErrorAnswer } from './sandbox.http';
import { ReportFamily } from './sandbox.types';
import { createWholesale, getWholesale, listWholesale } from './sandbox.wholesale';

type FamilyHandlers = {
  list(request: ApiRequest, state: ApiState): Answer;
  create(request: ApiRequest, state: ApiState): Answer;
  get(request: ApiRequest, state: ApiState, id: string): Answer;
};

const FAMILIES: Record<ReportFamily, FamilyHandlers> = {
  broadworks: { list: listBroadworks, create: createBroadworks, get: getBroadworks },
  wholesale: { list: listWholesale, create: createWholesale, get: getWholesale },
};

const REPORTS_PATH = /^\/(broadworks|wholesale)\/billing\/reports(?:\/([^/]+))?$/;

const notAllowed = (request: ApiRequest): SandboxHttpError =>
  new SandboxHttpError(405, `Method ${request.method} is not allowed on ${request.fullPath}.`);

function collectionAnswer(handlers: FamilyHandlers, request: ApiRequest, state: ApiState): Answer {
  if (request.method === 'GET') return handlers.list(request, state);
  if (request.method === 'POST') return handlers.create(request, state);
  throw notAllowed(request);
}

function reportAnswer(
  family: ReportFamily,
  id: string,
  request: ApiRequest,
  state: ApiState,
): Answer {
  if (request.method === 'GET') return FAMILIES[family].get(request, state, id);
  if (request.method !== 'DELETE') throw notAllowed(request);
  if (!state.store.delete(family, id))
    throw new SandboxHttpError(404, `Billing report '${id}' not found.`);
  return { status: 204 };
}

function route(request: ApiRequest, state: ApiState): Answer {
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
  const match = REPORTS_PATH.exec(request.path);
  if (!match) throw new SandboxHttpError(404, 'Resource not found.');
  const family = match[1] as ReportFamily;
  if (match[2] === undefined) return collectionAnswer(FAMILIES[family], request, state);
  return reportAnswer(family, decodedId(match[2]), request, state);
}

function decodedId(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SandboxHttpError(400, `Invalid report id '${segment}'.`);
  }
}

/** The answer Webex would give, Webex error bodies included. */
export function routeAnswer(request: ApiRequest, state: ApiState): Answer {
  try {
    return route(request, state);
  } catch (error) {
    if (!(error instanceof SandboxHttpError)) throw error;
    return webexErrorAnswer(error.status, error.message, request.trackingId);
  }
}

/** Counters group requests by route, with report ids folded into `{id}`. */
export function routeKeyOf(method: string, path: string): string {
  const afterV1 = path.startsWith('/v1/') ? path.slice(3) : path;
  return `${method} ${afterV1.replace(REPORTS_PATH, (whole: string, family: string, id?: string) =>
    id === undefined ? whole : `/${family}/billing/reports/{id}`,
  )}`;
}
