import { Type } from '@nestjs/common';
import { Report } from '../domain/report';
import { CrossFamilyFilters } from './report-source';

/** A list as the engine asks Webex for it: the filters, the caller's cursor, how many pages. */
export type ListRequest = {
  filters: Record<string, string>;
  cursor?: string;
  given: boolean;
  follow: boolean;
};

/**
 * A create: Webex's body, the report to answer when the details cannot be read, and how to find
 * the report after an unknown outcome.
 */
export type CreateRequest = {
  body: unknown;
  fallback: (id: string) => Report;
  candidates: { filters: Record<string, string>; match: (report: Report) => boolean };
};

/** The OpenAPI text of a family's routes. */
export type FamilyDocs = {
  /** In operation ids and summaries: `list<Name>Reports`, `Get a <Name> billing report`. */
  name: string;
  tag: string;
  tagDescription: string;
  /** The examples of its list, get and create answers. */
  examples: { list: unknown; report: unknown; created: unknown };
};

/**
 * Everything the shared machinery needs to serve one report family at `/v1/reports/<family>`: the
 * family's folder exports one, and `src/families.ts` lists them. Only its mapper knows Webex's
 * field names; status folding (Webex's words → `ReportStatus`) happens there too.
 */
export type FamilyDescriptor<
  ListQuery extends object = object,
  CreateBody extends object = object,
> = {
  /** The path segment and the `family` of its reports: lower-case letters. */
  family: string;
  /** Webex's collection path, e.g. `wholesale/billing/reports`. */
  path: string;
  /** The validated DTOs of `GET` and `POST /v1/reports/<family>`. */
  listQuery: Type<ListQuery>;
  createBody: Type<CreateBody>;
  /** The Webex list filters a cursor carries (and Link headers may carry back). */
  filterKeys: readonly string[];
  /** The list query as Webex sees it: defaults applied, empties gone. */
  listRequest(query: ListQuery): ListRequest;
  /** One report (list item or full) in the unified shape; null when it cannot be read at all. */
  toReport(item: unknown): Report | null;
  /** A list page: the reports `toReport` can read and how many it dropped; null when unreadable. */
  toReports(list: unknown): { items: Report[]; dropped: number } | null;
  /** The body Webex gets, and how to find the report when the outcome is unknown (CONTRACT §5). */
  createRequest(body: CreateBody): CreateRequest;
  /** The created report's id in Webex's create answer; absent: its `id`. */
  createdIdOf?(answer: unknown): string | null;
  /**
   * The precision of the creation times Webex gives, in ms (1000 when it sends whole seconds):
   * a report found after an unknown outcome counts as created from the start of that unit on.
   */
  createdTimeUnitMs?: number;
  /** How it takes part in `GET /v1/reports` (CONTRACT §8). */
  crossFamily: {
    /** The `type` values Webex filters for it; none: a list filtered by type leaves it out. */
    types?: readonly string[];
    /** Its own list query for the cross-family filters Webex applies for it; the merge applies the rest. */
    query(filters: CrossFamilyFilters): ListQuery;
  };
  docs: FamilyDocs;
};

/** The created report's id where Webex usually puts it. */
export const idOfCreated = (answer: unknown): string | null => {
  const id = (answer as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
};
