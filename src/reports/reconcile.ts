import { ProblemError } from '../http/problem';
import { Report } from '../domain/report';
import { WebexApiError } from '../webex/webex-api.error';

/** A write whose outcome cannot be known: sent, then timed out, reset, or answered 502/504. */
export function isOutcomeUnknown(error: unknown): boolean {
  if (!(error instanceof WebexApiError) || error.details.mayHaveReached === false) return false;
  if (error.failure === 'timeout' || error.failure === 'network') return true;
  return error.failure === 'http' && (error.status === 502 || error.status === 504);
}

/**
 * Sends a create; when its outcome is unknown, looks for the report it would have made (same family,
 * period and filters, created at or after the attempt began) instead of sending it again (CONTRACT §5).
 */
export async function createReconciled<T>(
  send: () => Promise<T>,
  findCreated: () => Promise<Report | null>,
): Promise<{ sent: T } | { found: Report }> {
  try {
    return { sent: await send() };
  } catch (error) {
    if (!isOutcomeUnknown(error)) throw error;
    const found = await findCreated().catch(() => null); // a failed lookup leaves the outcome unknown
    if (found) return { found };
    throw new ProblemError(
      'upstream-outcome-unknown',
      'Webex may or may not have created the report; none was found',
    );
  }
}

/**
 * Sends a delete; when its outcome is unknown, says so (CONTRACT §5) rather than guess. Unlike a
 * create, nothing needs looking up: the caller may send the DELETE again, which answers 204 or 404.
 */
export async function deleteReconciled(send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (!isOutcomeUnknown(error)) throw error;
    throw new ProblemError(
      'upstream-outcome-unknown',
      'Webex may or may not have deleted the report; sending the DELETE again is safe',
    );
  }
}

/** The created report's details; when reading them fails, what the create answer and body tell. */
export async function detailsOr(read: () => Promise<Report>, fallback: Report): Promise<Report> {
  try {
    return await read();
  } catch {
    return fallback;
  }
}

/** Reports among `candidates` created at or after `since`, oldest first. */
export const createdSince = (candidates: Report[], since: number) =>
  candidates
    .filter((report) => report.createdAt !== null && Date.parse(report.createdAt) >= since)
    .sort((a, b) => Date.parse(a.createdAt as string) - Date.parse(b.createdAt as string));
