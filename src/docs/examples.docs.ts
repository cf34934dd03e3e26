import { Report, ReportList } from '../domain/report';
import { signatureOf } from '../sandbox/sandbox.report';
import { SANDBOX_ADMIN_ID, SEED_IDS } from '../sandbox/sandbox.seed';

/**
 * The document's examples: what the service answers for the bundled sandbox's seed reports
 * (`npm start` without credentials, `npm run sandbox` on port 4000), so a reader can try them. The
 * docs spec checks them against the running service.
 */

const EXPIRES = 1719835200; // 2024-07-01T12:00:00Z

/** A `tempDownloadURL` as the sandbox signs it. */
const downloadOf = (id: string): NonNullable<Report['download']> => ({
  url: `http://127.0.0.1:4000/downloads/${id}.csv?Expires=${EXPIRES}&Signature=${signatureOf(id, String(EXPIRES))}&Key-Pair-Id=APKASANDBOXKEYPAIR01`,
  expiresAt: new Date(EXPIRES * 1000).toISOString(),
});

/** Seed report 207 as `GET /v1/reports/wholesale/{id}` answers it. */
export const WHOLESALE_REPORT: Report = {
  id: SEED_IDS.wholesaleCompleted,
  family: 'wholesale',
  status: 'COMPLETED',
  period: { start: '2024-01-01', end: '2024-01-31' },
  billingMonth: null,
  type: 'PARTNER',
  category: 'RECONCILIATION',
  createdAt: '2024-02-01T12:57:00.000Z',
  createdBy: SANDBOX_ADMIN_ID,
  download: downloadOf(SEED_IDS.wholesaleCompleted),
  errors: [],
};

/** Seed report 107 as `GET /v1/reports/broadworks/{id}` answers it. */
export const BROADWORKS_REPORT: Report = {
  id: SEED_IDS.broadworksCompleted,
  family: 'broadworks',
  status: 'COMPLETED',
  period: { start: '2024-01-01', end: '2024-01-31' },
  billingMonth: '2024-01',
  type: null,
  category: null,
  createdAt: '2024-02-01T11:17:00.000Z',
  createdBy: SANDBOX_ADMIN_ID,
  download: downloadOf(SEED_IDS.broadworksCompleted),
  errors: [],
};

/** Seed report 213: FAILED, with Webex's errors. */
export const FAILED_REPORT: Report = {
  ...WHOLESALE_REPORT,
  id: SEED_IDS.wholesaleFailed,
  status: 'FAILED',
  period: { start: '2024-03-01', end: '2024-03-31' },
  createdAt: '2024-04-01T13:03:00.000Z',
  download: null,
  errors: [
    { code: 2024, description: 'Billing Report not found.' },
    { code: 2031, description: 'Usage data for the billing period is unavailable.' },
  ],
};

/** Seed report 111: a create's answer, IN_PROGRESS and without a download yet. */
export const BROADWORKS_CREATED: Report = {
  ...BROADWORKS_REPORT,
  id: SEED_IDS.broadworksInProgress,
  status: 'IN_PROGRESS',
  period: { start: '2024-05-01', end: '2024-05-31' },
  billingMonth: '2024-05',
  createdAt: '2024-06-01T11:21:00.000Z',
  download: null,
};

/** Seed report 219: a create's answer, IN_PROGRESS and without a download yet. */
export const WHOLESALE_CREATED: Report = {
  ...WHOLESALE_REPORT,
  id: SEED_IDS.wholesaleInProgress,
  status: 'IN_PROGRESS',
  period: { start: '2024-05-01', end: '2024-05-31' },
  createdAt: '2024-06-01T13:09:00.000Z',
  download: null,
};

/** A wholesale list item: Webex's list answers carry no creation, creator or download. */
const wholesaleItem = (
  id: string,
  [start, end]: [string, string],
  type: string,
  category: string,
): Report => ({
  ...WHOLESALE_REPORT,
  id,
  period: { start, end },
  type,
  category,
  createdAt: null,
  createdBy: null,
  download: null,
});

/** `GET /v1/reports/wholesale?billingStartDate=2024-01-01&type=user` */
export const WHOLESALE_LIST: ReportList = {
  items: [
    wholesaleItem(SEED_IDS.wholesaleUser, ['2024-01-01', '2024-01-31'], 'USER', 'RECONCILIATION'),
  ],
  page: { nextCursor: null },
};

/** `GET /v1/reports/broadworks?after=2023-12&before=2024-02` (both bounds exclusive) */
export const BROADWORKS_LIST: ReportList = {
  items: [{ ...BROADWORKS_REPORT, createdAt: null, createdBy: null, download: null }],
  page: { nextCursor: null },
};

/** `GET /v1/reports?from=2024-02-10&to=2024-02-10&type=customer`: newest period first */
export const ALL_REPORTS: ReportList = {
  items: [
    wholesaleItem(
      SEED_IDS.wholesalePointInTime,
      ['2024-02-10', '2024-02-10'],
      'CUSTOMER',
      'POINT_IN_TIME',
    ),
    wholesaleItem(
      SEED_IDS.wholesaleCustomer,
      ['2024-02-01', '2024-02-29'],
      'CUSTOMER',
      'RECONCILIATION',
    ),
  ],
  page: { nextCursor: null },
};

/** `GET /v1/reports/wholesale/{id}/download` with `Accept: application/json` */
export const DOWNLOAD_LINK = downloadOf(SEED_IDS.wholesaleCompleted);

/** Each family's examples, by route. */
export const FAMILY_EXAMPLES = {
  broadworks: { list: BROADWORKS_LIST, report: BROADWORKS_REPORT, created: BROADWORKS_CREATED },
  wholesale: { list: WHOLESALE_LIST, report: WHOLESALE_REPORT, created: WHOLESALE_CREATED },
};

/** The routes and queries the list examples answer, for the spec that checks them. */
export const LIST_EXAMPLES: [string, ReportList][] = [
  ['/v1/reports/wholesale?billingStartDate=2024-01-01&type=user', WHOLESALE_LIST],
  ['/v1/reports/broadworks?after=2023-12&before=2024-02', BROADWORKS_LIST],
  ['/v1/reports?from=2024-02-10&to=2024-02-10&type=customer', ALL_REPORTS],
];
