import { ApiRequest, ApiState } from './sandbox.context';
import { Answer } from './sandbox.http';
import { ReportRecord } from './sandbox.report';

/**
 * One report family as the sandbox plays Webex for it: its collection path, its list, create and
 * get answers, its seed reports and what a download of one holds. Delete, faults, paging, tokens
 * and the control API are the sandbox's own and serve every family alike.
 */
export type SandboxFamily = {
  family: string;
  /** Webex's collection path after `/v1`, e.g. `wholesale/billing/reports`. */
  path: string;
  list(request: ApiRequest, state: ApiState): Answer;
  create(request: ApiRequest, state: ApiState): Answer;
  get(request: ApiRequest, state: ApiState, id: string): Answer;
  /** A fresh copy each call: the store mutates what it holds. */
  seed(): ReportRecord[];
  /** The CSV behind the report's `tempDownloadURL`. */
  csvOf(record: ReportRecord): string;
};

/** The family whose collection (`id` undefined) or report `path` (after `/v1`) names, if any. */
export function familyAt(
  families: readonly SandboxFamily[],
  path: string,
): { family: SandboxFamily; id?: string } | null {
  for (const family of families) {
    const collection = `/${family.path}`;
    if (path === collection) return { family };
    const rest = path.startsWith(`${collection}/`) ? path.slice(collection.length + 1) : null;
    if (rest && !rest.includes('/')) return { family, id: rest };
  }
  return null;
}
