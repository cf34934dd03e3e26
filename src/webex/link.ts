/**
 * The `next` page of a Webex `Link` header, trusted only as far as it deserves: it must point at the
 * configured base URL and the same path, and only its paging parameters are kept, because Webex has
 * been seen to drop the caller's filters from `next` links (the caller re-applies them).
 */
export type NextPage = URLSearchParams;

/**
 * The only parameters a `next` link may pass on, and so the only ones a cursor may carry: Webex
 * paginates with an opaque `cursor` in the `Link` next URLs it sends (`start` is let through as the
 * offset form of the same). Everything else in a link is either a filter, which the service re-applies
 * from the caller's own, or something no caller asked for (`max`, `orgId`).
 */
export const WEBEX_PAGING_PARAMS = ['cursor', 'start'] as const;
const isPagingParam = (key: string) => (WEBEX_PAGING_PARAMS as readonly string[]).includes(key);

export class ForeignLinkError extends Error {}

const NEXT = /<([^>]*)>\s*;[^,]*\brel="?next"?/i;

export function nextPageOf(
  linkHeader: string | undefined,
  baseUrl: string,
  path: string,
  filterKeys: readonly string[],
): NextPage | null {
  const match = linkHeader ? NEXT.exec(linkHeader) : null;
  if (!match) return null;
  let url: URL;
  try {
    url = new URL(match[1]);
  } catch {
    throw new ForeignLinkError('unreadable Link next URL');
  }
  const base = new URL(baseUrl);
  const expectedPath = `${base.pathname.replace(/\/+$/, '')}/${path}`;
  if (url.origin !== base.origin || url.pathname !== expectedPath || url.username || url.password)
    throw new ForeignLinkError('Link next URL points outside WEBEX_BASE_URL');
  const paging = new URLSearchParams();
  // Anything else in the link is dropped, not refused: Webex echoes the caller's filters and `max`.
  for (const [key, value] of url.searchParams)
    if (isPagingParam(key) && !filterKeys.includes(key)) paging.append(key, value);
  return paging;
}
