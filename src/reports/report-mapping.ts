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
