/**
 * The input rules of CONTRACT §2 as schema keywords, so that a client generated from the document
 * refuses what the service refuses. The service also trims white space and treats an empty value as
 * absent, which a schema cannot say; descriptions do.
 */

/** `YYYY-MM-DD`, a real calendar date (`format: date` rules out 2024-02-30). */
export const DATE = { format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

/** `YYYY-MM`, a real month. */
export const MONTH = { pattern: '^\\d{4}-(0[1-9]|1[0-2])$' } as const;

/** Report and organization ids: Webex's base64url ids, 1-512 characters. */
export const ID = { pattern: '^[A-Za-z0-9_=-]{1,512}$', minLength: 1, maxLength: 512 } as const;

/** Appended to the description of every enum input. */
export const FOLDS = 'Any letter case is accepted and folded to the spelling listed.';

/** Names joined as prose: `A`, `A and B`, `A, B and C`. */
export const prose = (names: string[]): string =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
