import { ApiRequest, ApiState } from '../../../src/sandbox/sandbox.context';
import { SandboxFamily } from '../../../src/sandbox/sandbox.family';
import { Answer, badRequest, SandboxHttpError } from '../../../src/sandbox/sandbox.http';
import { createdRecordOf } from '../../../src/sandbox/sandbox.created';
import { webexId } from '../../../src/sandbox/sandbox.ids';
import { objectBody, single } from '../../../src/sandbox/sandbox.query';
import { ReportRecord, statusOf } from '../../../src/sandbox/sandbox.report';
import { SANDBOX_ADMIN_ID } from '../../../src/sandbox/sandbox.seed';

/** Webex's Partner Reports as the sandbox plays them (webex-admin-partner-reports.json). */
export type PartnerRecord = ReportRecord & {
  family: 'partner';
  templateId: number;
  title: string;
  service: string;
  startDate: string;
  endDate: string;
};

const seedId = (n: number) =>
  webexId('BILLING_REPORT', `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);

export const PARTNER_SEED_IDS = { botsDone: seedId(301), callingRunning: seedId(302) };

/** `2024-05-27 17:02:43`: how Partner Reports write a time (UTC, whole seconds). */
const partnerTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

const seedRecord = (
  id: string,
  fields: Pick<PartnerRecord, 'templateId' | 'title' | 'service' | 'startDate' | 'endDate'>,
  status: string,
  createdAt: string,
): PartnerRecord => ({
  family: 'partner',
  id,
  ...fields,
  status,
  completesAt: null,
  createdAt: Date.parse(createdAt),
  createdBy: SANDBOX_ADMIN_ID,
});

function partnerSeed(): PartnerRecord[] {
  return [
    seedRecord(
      PARTNER_SEED_IDS.botsDone,
      {
        templateId: 5,
        title: 'Bots Activity',
        service: 'Teams',
        startDate: '2024-02-01',
        endDate: '2024-02-20',
      },
      'done',
      '2024-02-21T08:00:00Z',
    ),
    seedRecord(
      PARTNER_SEED_IDS.callingRunning,
      {
        templateId: 7,
        title: 'Calling Quality',
        service: 'Calling',
        startDate: '2024-04-01',
        endDate: '2024-04-30',
      },
      'in progress',
      '2024-05-01T09:30:00Z',
    ),
  ];
}

/** A POST-created report reads `in progress` until it completes, then `done`. */
const wireStatusOf = (record: ReportRecord, now: number) => {
  const status = statusOf(record, now);
  return status === 'COMPLETED' ? 'done' : status === 'IN_PROGRESS' ? 'in progress' : status;
};

function toWire(record: PartnerRecord, request: ApiRequest): Record<string, unknown> {
  const { id, title, service, startDate, endDate, createdBy } = record;
  const status = wireStatusOf(record, request.now);
  const wire: Record<string, unknown> = {
    id,
    title,
    service,
    startDate,
    endDate,
    created: partnerTime(record.createdAt),
    createdBy,
    scheduledFrom: 'API',
    status,
  };
  if (status === 'done') wire.downloadURL = `http://${request.host}/downloads/${id}.csv`;
  return wire;
}

function list(request: ApiRequest, state: ApiState): Answer {
  const templateId = single(request.query, 'templateId');
  const service = single(request.query, 'service');
  const items = state.store
    .all<PartnerRecord>('partner')
    .filter((record) => templateId === undefined || String(record.templateId) === templateId)
    .filter((record) => service === undefined || record.service === service)
    .map((record) => toWire(record, request));
  return { status: 200, body: { 'Report Attributes': items } };
}

/** Answers `{ reportId, createdTime }`, not `{ id }`. */
function create(request: ApiRequest, state: ApiState): Answer {
  const body = objectBody(request.body, ['templateId', 'startDate', 'endDate', 'regionId']);
  const { templateId, startDate, endDate } = body;
  if (
    typeof templateId !== 'number' ||
    typeof startDate !== 'string' ||
    typeof endDate !== 'string'
  )
    throw badRequest("'templateId', 'startDate' and 'endDate' are required.");
  const record: PartnerRecord = {
    family: 'partner',
    ...createdRecordOf(request, state),
    templateId,
    title: `Template ${templateId}`,
    service: 'Webex',
    startDate,
    endDate,
  };
  state.store.add(record);
  return { status: 200, body: { reportId: record.id, createdTime: partnerTime(request.now) } };
}

function get(request: ApiRequest, state: ApiState, id: string): Answer {
  const record = state.store.find<PartnerRecord>('partner', id);
  if (!record) throw new SandboxHttpError(404, `Report '${id}' not found.`);
  return { status: 200, body: toWire(record, request) };
}

export const SANDBOX_PARTNER: SandboxFamily = {
  family: 'partner',
  path: 'partner/reports',
  list,
  create,
  get,
  seed: partnerSeed,
  csvOf: (record) => `Title,Start,End\n${(record as PartnerRecord).title},1,2\n`,
};
