import { ApiRequest, ApiState } from './sandbox.context';
import { Answer, badRequest } from './sandbox.http';
import { Query, single } from './sandbox.query';
import { LinkMode } from './sandbox.types';

/** Where a list request came from, so its `Link: rel="next"` can point back. */
type PageRequest = {
  /** the full request path, e.g. '/v1/wholesale/billing/reports' */
  path: string;
  query: Query;
  host: string;
  linkMode: LinkMode;
  size: number;
};

const CURSOR = /^offset:(\d+)$/;
const FOREIGN_HOST = 'evil.example.com';

export function cursorOf(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function offsetOf(query: Query): number {
  const cursor = single(query, 'cursor');
  if (cursor === undefined) return 0;
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badRequest(`Invalid cursor '${cursor}'.`);
  return Number(match[1]);
}

/** Filters, max and then the cursor, as Webex builds its absolute `next` links. */
function nextUrlOf(request: PageRequest, offset: number): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query)) {
    if (name === 'cursor') continue;
    // Webex has been seen to drop the caller's filters from `next` links.
    if (request.linkMode === 'drop-filters' && name !== 'max') continue;
    for (const one of Array.isArray(value) ? value : [value]) params.append(name, one);
  }
  params.append('cursor', cursorOf(offset));
  const host = request.linkMode === 'foreign-host' ? FOREIGN_HOST : request.host;
  return `http://${host}${request.path}?${params.toString()}`;
}

/** One page of `items` (already filtered and sorted) with a `Link` when more remain. */
export function pageAnswer(
  items: unknown[],
  api: ApiRequest,
  state: ApiState,
  size: number,
): Answer {
  const { fullPath: path, query, host } = api;
  const request: PageRequest = { path, query, host, linkMode: state.linkMode, size };
  const offset = offsetOf(request.query);
  const end = offset + request.size;
  const answer: Answer = { status: 200, body: { items: items.slice(offset, end) } };
  if (end < items.length) answer.headers = { link: `<${nextUrlOf(request, end)}>; rel="next"` };
  return answer;
}
