import { webexId } from './sandbox.ids';
import { BroadworksRecord, WholesaleRecord } from './sandbox.report';
import { ReportError } from './sandbox.types';

/** The partner administrator every seeded and created report names as `createdBy`. */
export const SANDBOX_ADMIN_ID = webexId('PEOPLE', '0acd3875-4e12-4d77-b981-e389fd8846c0');

/** The sub-partner org of the two seeded wholesale reports that have one. */
export const SEED_SUB_PARTNER_ORG_ID = webexId(
  'ORGANIZATION',
  '52cf576d-60a8-407a-b22c-467c51591908',
);

/** A well-formed report id that no family holds (for 404s). */
export const UNKNOWN_REPORT_ID = webexId('BILLING_REPORT', '00000000-0000-4000-8000-000000000000');

const FAILURE: ReportError[] = [
  { code: 2024, description: 'Billing Report not found.' },
  { code: 2031, description: 'Usage data for the billing period is unavailable.' },
];

const reportId = (n: number): string =>
  webexId('BILLING_REPORT', `5b8d518a-8f00-451b-a406-${String(n).padStart(12, '0')}`);

/** Created the day after the period ends, at 09:30 UTC plus `n` minutes. */
function createdAfter(lastDay: string, n: number): number {
  return Date.parse(`${lastDay}T09:30:00.000Z`) + 86_400_000 + n * 60_000;
}

/**
 * Named seed reports tests can rely on:
 * - broadworksCompleted: 2024-01, COMPLETED
 * - broadworksFeb2024: 2024-02, COMPLETED (the only 2024-02 report)
 * - broadworksFailed: 2024-03, FAILED with two errors
 * - broadworksInProgress: 2024-05, IN_PROGRESS
 * - wholesaleCompleted: 2024-01-01..2024-01-31, PARTNER, RECONCILIATION, COMPLETED
 * - wholesaleUser: 2024-01-01..2024-01-31, USER, RECONCILIATION, COMPLETED
 * - wholesaleSubPartner: 2024-01-01..2024-01-31, PARTNER, COMPLETED, SEED_SUB_PARTNER_ORG_ID
 * - wholesaleCustomer: 2024-02-01..2024-02-29, CUSTOMER, RECONCILIATION, COMPLETED
 * - wholesalePointInTime: 2024-02-10..2024-02-10, CUSTOMER, POINT_IN_TIME, COMPLETED
 * - wholesaleFailed: 2024-03-01..2024-03-31, PARTNER, FAILED with two errors
 * - wholesaleInProgress: 2024-05-01..2024-05-31, PARTNER, IN_PROGRESS
 */
export const SEED_IDS = {
  broadworksCompleted: reportId(107),
  broadworksFeb2024: reportId(108),
  broadworksFailed: reportId(109),
  broadworksInProgress: reportId(111),
  wholesaleCompleted: reportId(207),
  wholesaleUser: reportId(208),
  wholesaleSubPartner: reportId(209),
  wholesaleCustomer: reportId(211),
  wholesalePointInTime: reportId(212),
  wholesaleFailed: reportId(213),
  wholesaleInProgress: reportId(219),
} as const;

type BroadworksRow = [n: number, billingPeriod: string, lastDay: string, status: string];

const BROADWORKS_ROWS: BroadworksRow[] = [
  [101, '2023-07', '2023-07-31', 'COMPLETED'],
  [102, '2023-08', '2023-08-31', 'COMPLETED'],
  [103, '2023-09', '2023-09-30', 'COMPLETED'],
  [104, '2023-10', '2023-10-31', 'FAILED'],
  [105, '2023-11', '2023-11-30', 'COMPLETED'],
  [106, '2023-12', '2023-12-31', 'COMPLETED'],
  [107, '2024-01', '2024-01-31', 'COMPLETED'],
  [108, '2024-02', '2024-02-29', 'COMPLETED'],
  [109, '2024-03', '2024-03-31', 'FAILED'],
  [110, '2024-04', '2024-04-30', 'COMPLETED'],
  [111, '2024-05', '2024-05-31', 'IN_PROGRESS'],
  [112, '2024-06', '2024-06-30', 'IN_PROGRESS'],
];

type WholesaleRow = [
  n: number,
  billingStartDate: string,
  billingEndDate: string,
  type: string,
  category: string,
  status: string,
  subPartnerOrgId?: string,
];

const REC = 'RECONCILIATION';
const PIT = 'POINT_IN_TIME';

const WHOLESALE_ROWS: WholesaleRow[] = [
  [201, '2023-11-01', '2023-11-30', 'PARTNER', REC, 'COMPLETED'],
  [202, '2023-11-01', '2023-11-30', 'CUSTOMER', REC, 'COMPLETED'],
  [203, '2023-11-01', '2023-11-30', 'USER', REC, 'COMPLETED'],
  [204, '2023-12-01', '2023-12-31', 'PARTNER', REC, 'COMPLETED'],
  [205, '2023-12-01', '2023-12-31', 'CUSTOMER', REC, 'FAILED'],
  [206, '2023-12-15', '2023-12-15', 'PARTNER', PIT, 'COMPLETED'],
  [207, '2024-01-01', '2024-01-31', 'PARTNER', REC, 'COMPLETED'],
  [208, '2024-01-01', '2024-01-31', 'USER', REC, 'COMPLETED'],
  [209, '2024-01-01', '2024-01-31', 'PARTNER', REC, 'COMPLETED', SEED_SUB_PARTNER_ORG_ID],
  [210, '2024-02-01', '2024-02-29', 'PARTNER', REC, 'COMPLETED'],
  [211, '2024-02-01', '2024-02-29', 'CUSTOMER', REC, 'COMPLETED'],
  [212, '2024-02-10', '2024-02-10', 'CUSTOMER', PIT, 'COMPLETED'],
  [213, '2024-03-01', '2024-03-31', 'PARTNER', REC, 'FAILED'],
  [214, '2024-03-01', '2024-03-31', 'USER', REC, 'COMPLETED'],
  [215, '2024-03-01', '2024-03-31', 'CUSTOMER', REC, 'COMPLETED', SEED_SUB_PARTNER_ORG_ID],
  [216, '2024-04-01', '2024-04-30', 'PARTNER', REC, 'COMPLETED'],
  [217, '2024-04-01', '2024-04-30', 'USER', REC, 'IN_PROGRESS'],
  [218, '2024-04-20', '2024-04-20', 'USER', PIT, 'COMPLETED'],
  [219, '2024-05-01', '2024-05-31', 'PARTNER', REC, 'IN_PROGRESS'],
  [220, '2024-05-01', '2024-05-31', 'CUSTOMER', REC, 'IN_PROGRESS'],
];

function broadworksRecordOf([n, billingPeriod, lastDay, status]: BroadworksRow): BroadworksRecord {
  const record: BroadworksRecord = {
    family: 'broadworks',
    id: reportId(n),
    billingPeriod,
    status,
    completesAt: null,
    createdAt: createdAfter(lastDay, n),
    createdBy: SANDBOX_ADMIN_ID,
  };
  if (status === 'FAILED') record.errors = FAILURE;
  return record;
}

function wholesaleRecordOf(row: WholesaleRow): WholesaleRecord {
  const [n, billingStartDate, billingEndDate, type, category, status, subPartnerOrgId] = row;
  const record: WholesaleRecord = {
    family: 'wholesale',
    id: reportId(n),
    billingStartDate,
    billingEndDate,
    type,
    category,
    status,
    completesAt: null,
    createdAt: createdAfter(billingEndDate, n),
    createdBy: SANDBOX_ADMIN_ID,
  };
  if (subPartnerOrgId) record.subPartnerOrgId = subPartnerOrgId;
  if (status === 'FAILED') record.errors = FAILURE;
  return record;
}

/** The seeded BroadWorks reports: a fresh copy each call, since the store mutates what it holds. */
export const broadworksSeed = (): BroadworksRecord[] =>
  BROADWORKS_ROWS.map((row) => structuredClone(broadworksRecordOf(row)));

/** The seeded Wholesale reports: a fresh copy each call. */
export const wholesaleSeed = (): WholesaleRecord[] =>
  WHOLESALE_ROWS.map((row) => structuredClone(wholesaleRecordOf(row)));
