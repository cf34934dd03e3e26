import type { CacheTarget } from './cache-entry';

/** Bump to orphan every entry when the stored shape changes. */
const KEY_VERSION = 'v2';

export type CacheKeyParts =
  | {
      kind: 'list';
      scope: string;
      family: string;
      generation: number;
      query: Record<string, string>;
    }
  | { kind: 'report'; scope: string; family: string; id: string }
  | { kind: 'idempotency'; scope: string; family: string; key: string };

/** Normalised query: keys sorted, empty values dropped; the DTO has already folded case and trimmed. */
export function canonicalQuery(query: Record<string, string | undefined>): string {
  return Object.keys(query)
    .filter((key) => query[key] !== undefined && query[key] !== '')
    .sort()
    .map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(query[key] as string)}`)
    .join('&');
}

/** Every cache key is built here: versioned, scoped to the upstream credential, never the raw token. */
export function cacheKeyFor(parts: CacheKeyParts): string {
  const prefix = `${KEY_VERSION}:${parts.scope}:${parts.family}`;
  switch (parts.kind) {
    case 'list':
      return `${prefix}:list:g${parts.generation}:${canonicalQuery(parts.query)}`;
    case 'report':
      return `${prefix}:report:${parts.id}`;
    case 'idempotency':
      return `${prefix}:idem:${parts.key}`;
  }
}

/** The key of what a request resolved to: a list's holds its family's generation, a report's none. */
export function targetKeyFor(scope: string, target: CacheTarget, generation: number): string {
  return 'id' in target
    ? cacheKeyFor({ kind: 'report', scope, family: target.family, id: target.id })
    : cacheKeyFor({ kind: 'list', scope, family: target.family, generation, query: target.list });
}

export const generationKeyFor = (scope: string, family: string) =>
  `${KEY_VERSION}:${scope}:${family}:generation`;
