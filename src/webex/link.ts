/**
 * The `next` page of a Webex `Link` header, trusted only as far as it deserves: it must point at the
 * configured base URL and the same path, and only its paging parameters are kept, because Webex has
 * been seen to drop the caller's filters from `next` links (the caller re-applies them).
 */
export type NextPage = URLSearchParams;

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
  for (const [key, value] of url.searchParams)
    if (!filterKeys.includes(key)) paging.append(key, value);
  return paging;
}
