import { ApiRequest, ApiState, viewContextOf } from './sandbox.context';
import { Answer, SandboxHttpError, badRequest } from './sandbox.http';
import { createdRecordOf } from './sandbox.created';
import { pageAnswer } from './sandbox.paging';
import {
  dateParam,
  enumParam,
  isDate,
  maxParam,
  objectBody,
  single,
  sortedBy,
} from './sandbox.query';
import { ReportRecord, WholesaleRecord, reportDetailsOf, statusOf } from './sandbox.report';
import { SandboxFamily } from './sandbox.family';
import { wholesaleSeed } from './sandbox.seed';

/** `/wholesale/billing/reports`: Wholesale Billing Reports, per webex-wholesale.json. */

const TYPES = ['PARTNER', 'CUSTOMER', 'USER'] as const;
const STATUSES = ['IN_PROGRESS', 'COMPLETED', 'FAILED'] as const;
const SORT_KEYS = ['id', 'billingStartDate', 'billingEndDate', 'status'] as const;
const BODY_KEYS = ['billingStartDate', 'billingEndDate', 'type', 'subPartnerOrgId', 'internal'];

type Filters = Partial<
  Record<'billingStartDate' | 'billingEndDate' | 'type' | 'status' | 'subPartnerOrgId', string>
>;

function filtersOf(request: ApiRequest): Filters {
  return {
    billingStartDate: dateParam(request.query, 'billingStartDate'),
    billingEndDate: dateParam(request.query, 'billingEndDate'),
    type: enumParam(request.query, 'type', TYPES),
    status: enumParam(request.query, 'status', STATUSES),
    subPartnerOrgId: single(request.query, 'subPartnerOrgId'),
  };
}

/** Every filter is an exact match, as the spec describes them. */
function matches(record: WholesaleRecord, filters: Filters, now: number): boolean {
  const actual = { ...record, status: statusOf(record, now) };
  return Object.entries(filters).every(
    ([name, wanted]) => wanted === undefined || actual[name as keyof Filters] === wanted,
  );
}

function sortValueOf(record: WholesaleRecord, sortBy: string, now: number): string {
  if (sortBy === 'status') return statusOf(record, now);
  return record[sortBy as 'id' | 'billingStartDate' | 'billingEndDate'];
}

/** `ListReport`: never `subPartnerOrgId`, `created` or the download URL. */
function toListItem(record: WholesaleRecord, now: number): Record<string, unknown> {
  const { id, billingStartDate, billingEndDate, type, category } = record;
  return { id, billingStartDate, billingEndDate, status: statusOf(record, now), type, category };
}

/** Dates sort newest first (like BroadWorks periods); `id` and `status` ascending. */
function listWholesale(request: ApiRequest, state: ApiState): Answer {
  const filters = filtersOf(request);
  const sortBy = enumParam(request.query, 'sortBy', SORT_KEYS) ?? 'billingStartDate';
  const size = maxParam(request.query) ?? state.options.pageSize;
  const matching = state.store
    .all<WholesaleRecord>('wholesale')
    .filter((r) => matches(r, filters, request.now));
  const descending = sortBy === 'billingStartDate' || sortBy === 'billingEndDate';
  const sorted = sortedBy(matching, (r) => sortValueOf(r, sortBy, request.now), descending);
  const items = sorted.map((record) => toListItem(record, request.now));
  return pageAnswer(items, request, state, size);
}

function checkCreateBody(body: Record<string, unknown>): void {
  const { billingStartDate: start, billingEndDate: end, type, subPartnerOrgId, internal } = body;
  if (typeof start !== 'string' || !isDate(start))
    throw badRequest("'billingStartDate' is required, as YYYY-MM-DD.");
  if (typeof end !== 'string' || !isDate(end))
    throw badRequest("'billingEndDate' is required, as YYYY-MM-DD.");
  if (start > end) throw badRequest("'billingStartDate' must not be after 'billingEndDate'.");
  if (type !== undefined && !TYPES.includes(type as (typeof TYPES)[number]))
    throw badRequest(`'type' must be one of ${TYPES.join(', ')}.`);
  if (
    subPartnerOrgId !== undefined &&
    (typeof subPartnerOrgId !== 'string' || subPartnerOrgId === '')
  )
    throw badRequest("'subPartnerOrgId' must be a non-empty string.");
  if (internal !== undefined && typeof internal !== 'boolean')
    throw badRequest("'internal' must be a boolean.");
}

/** Answers `ReportId` with the wholesale extras; type defaults to PARTNER. */
function createWholesale(request: ApiRequest, state: ApiState): Answer {
  const body = objectBody(request.body, BODY_KEYS);
  checkCreateBody(body);
  const record: WholesaleRecord = {
    family: 'wholesale',
    ...createdRecordOf(request, state),
    billingStartDate: body.billingStartDate as string,
    billingEndDate: body.billingEndDate as string,
    type: (body.type as string | undefined) ?? 'PARTNER',
    category: 'RECONCILIATION',
  };
  if (body.subPartnerOrgId !== undefined) record.subPartnerOrgId = body.subPartnerOrgId as string;
  if (body.internal !== undefined) record.internal = body.internal as boolean;
  state.store.add(record);
  const { id, billingStartDate, billingEndDate, type, category } = record;
  return { status: 200, body: { id, billingStartDate, billingEndDate, type, category } };
}

/** `Report` */
function getWholesale(request: ApiRequest, state: ApiState, id: string): Answer {
  const record = state.store.find<WholesaleRecord>('wholesale', id);
  if (!record) throw new SandboxHttpError(404, `Billing report '${id}' not found.`);
  const { billingStartDate, billingEndDate, type, category } = record;
  const details = reportDetailsOf(record, viewContextOf(request, state));
  return {
    status: 200,
    body: { id, billingStartDate, billingEndDate, type, category, ...details },
  };
}

function csvOf(record: ReportRecord): string {
  const { billingStartDate, billingEndDate, type } = record as WholesaleRecord;
  return `Start Date,End Date,Type,Subscription,Quantity\n${billingStartDate},${billingEndDate},${type},SUB-1001,42\n`;
}

export const SANDBOX_WHOLESALE: SandboxFamily = {
  family: 'wholesale',
  path: 'wholesale/billing/reports',
  list: listWholesale,
  create: createWholesale,
  get: getWholesale,
  seed: wholesaleSeed,
  csvOf,
};
