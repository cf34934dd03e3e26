import { ApiRequest, ApiState, viewContextOf } from './sandbox.context';
import { Answer, SandboxHttpError, badRequest } from './sandbox.http';
import { createdRecordOf } from './sandbox.created';
import { pageAnswer } from './sandbox.paging';
import { enumParam, isMonth, maxParam, monthParam, objectBody, sortedBy } from './sandbox.query';
import { BroadworksRecord, ReportRecord, reportDetailsOf, statusOf } from './sandbox.report';
import { SandboxFamily } from './sandbox.family';
import { broadworksSeed } from './sandbox.seed';

/** `/broadworks/billing/reports`: BroadWorks Billing Reports, per webex-broadworks.json. */

const SORT_KEYS = ['id', 'status', 'billingPeriod'] as const;

function sortValueOf(record: BroadworksRecord, sortBy: string, now: number): string {
  if (sortBy === 'id') return record.id;
  return sortBy === 'status' ? statusOf(record, now) : record.billingPeriod;
}

/** `ListReport` */
function toListItem(record: BroadworksRecord, now: number): Record<string, unknown> {
  return { id: record.id, billingPeriod: record.billingPeriod, status: statusOf(record, now) };
}

/**
 * `before`/`after` are exclusive bounds on `billingPeriod`. Periods sort newest first, as in the
 * spec's list example; `id` and `status` sort ascending.
 */
function listBroadworks(request: ApiRequest, state: ApiState): Answer {
  const before = monthParam(request.query, 'before');
  const after = monthParam(request.query, 'after');
  const sortBy = enumParam(request.query, 'sortBy', SORT_KEYS) ?? 'billingPeriod';
  const size = maxParam(request.query) ?? state.options.pageSize;
  const matching = state.store
    .all<BroadworksRecord>('broadworks')
    .filter((record) => before === undefined || record.billingPeriod < before)
    .filter((record) => after === undefined || record.billingPeriod > after);
  const sorted = sortedBy(
    matching,
    (r) => sortValueOf(r, sortBy, request.now),
    sortBy === 'billingPeriod',
  );
  const items = sorted.map((record) => toListItem(record, request.now));
  return pageAnswer(items, request, state, size);
}

/** Answers `ReportId`; the report is IN_PROGRESS until `completeAfterMs` has passed. */
function createBroadworks(request: ApiRequest, state: ApiState): Answer {
  const { billingPeriod } = objectBody(request.body, ['billingPeriod']);
  if (typeof billingPeriod !== 'string' || !isMonth(billingPeriod))
    throw badRequest("'billingPeriod' is required, as YYYY-MM.");
  const record: BroadworksRecord = {
    family: 'broadworks',
    ...createdRecordOf(request, state),
    billingPeriod,
  };
  state.store.add(record);
  return { status: 200, body: { id: record.id } };
}

/** `Report` */
function getBroadworks(request: ApiRequest, state: ApiState, id: string): Answer {
  const record = state.store.find<BroadworksRecord>('broadworks', id);
  if (!record) throw new SandboxHttpError(404, `Billing report '${id}' not found.`);
  const details = reportDetailsOf(record, viewContextOf(request, state));
  return { status: 200, body: { id: record.id, billingPeriod: record.billingPeriod, ...details } };
}

function csvOf(record: ReportRecord): string {
  const { billingPeriod } = record as BroadworksRecord;
  return `Billing Period,Enterprise,Group,Users\n${billingPeriod},ent-1,group-1,42\n${billingPeriod},ent-2,group-7,5\n`;
}

export const SANDBOX_BROADWORKS: SandboxFamily = {
  family: 'broadworks',
  path: 'broadworks/billing/reports',
  list: listBroadworks,
  create: createBroadworks,
  get: getBroadworks,
  seed: broadworksSeed,
  csvOf,
};
