import { expiresAtOf } from './report-dates';
import { Report } from './report';

/** Mapping helpers both families' mappers use: Webex leaves fields out, the unified shape says null. */
export const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

export const downloadOf = (url: unknown): Report['download'] => {
  const href = text(url);
  return href ? { url: href, expiresAt: expiresAtOf(href) } : null;
};

export const errorsOf = (errors: unknown): Report['errors'] =>
  Array.isArray(errors)
    ? errors
        .filter(
          (error): error is Record<string, unknown> => typeof error === 'object' && error !== null,
        )
        .map((error) => ({
          code: typeof error.code === 'number' ? error.code : null,
          description: text(error.description),
        }))
    : [];

export const isReadable = (item: unknown): item is Record<string, unknown> =>
  typeof item === 'object' &&
  item !== null &&
  !Array.isArray(item) &&
  text((item as Record<string, unknown>).id) !== null;

/**
 * A Webex list page (`{ items: [...] }`) as reports: the items `toReport` can read, and how many it
 * dropped; null when the page has no `items` array at all.
 */
export const readListWith =
  (toReport: (item: unknown) => Report | null) =>
  (list: unknown): { items: Report[]; dropped: number } | null => {
    const raw = (list as { items?: unknown } | null)?.items;
    if (!Array.isArray(raw)) return null;
    const items = raw.map(toReport);
    const readable = items.filter((item): item is Report => item !== null);
    return { items: readable, dropped: items.length - readable.length };
  };
