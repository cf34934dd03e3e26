import { createHmac } from 'node:crypto';
import { ReportError } from './sandbox.types';

/** A report as the sandbox stores it: what every family shares, and the family's own fields. */
export type ReportRecord = {
  family: string;
  id: string;
  /** the stored status; a POST-created report turns COMPLETED at `completesAt` */
  status: string;
  completesAt: number | null;
  createdAt: number;
  createdBy: string;
  /** shown only while FAILED; absent = a generic generation error */
  errors?: ReportError[];
  /** epoch s of a fixed `Expires`; `null` = COMPLETED without a URL; absent = now + lifetime */
  downloadUrlExpiresAt?: number | null;
};

export type BroadworksRecord = ReportRecord & { family: 'broadworks'; billingPeriod: string };

export type WholesaleRecord = ReportRecord & {
  family: 'wholesale';
  billingStartDate: string;
  billingEndDate: string;
  type: string;
  category: string;
  subPartnerOrgId?: string;
  internal?: boolean;
};

/** What the views need to know about the request being answered. */
export type ViewContext = { now: number; host: string; downloadUrlLifetimeS: number };

const SIGNING_KEY = 'sandbox-download-signing-key';
const KEY_PAIR_ID = 'APKASANDBOXKEYPAIR01';
const GENERIC_ERRORS: ReportError[] = [
  { code: 2000, description: 'Billing report generation failed.' },
];

/** Seeded reports keep their status; only POST-created ones complete on their own (no timers). */
export function statusOf(record: ReportRecord, now: number): string {
  return record.completesAt !== null && now >= record.completesAt ? 'COMPLETED' : record.status;
}

export function signatureOf(id: string, expires: string): string {
  return createHmac('sha256', SIGNING_KEY).update(`${id}:${expires}`).digest('base64url');
}

function downloadUrlOf(record: ReportRecord, view: ViewContext): string | undefined {
  if (record.downloadUrlExpiresAt === null) return undefined;
  const expires = String(
    record.downloadUrlExpiresAt ?? Math.floor(view.now / 1000) + view.downloadUrlLifetimeS,
  );
  const query = new URLSearchParams({
    Expires: expires,
    Signature: signatureOf(record.id, expires),
    'Key-Pair-Id': KEY_PAIR_ID,
  });
  return `http://${view.host}/downloads/${record.id}.csv?${query.toString()}`;
}

/** The fields both families' `Report` shapes share, in Webex's order after the family fields. */
export function reportDetailsOf(record: ReportRecord, view: ViewContext): Record<string, unknown> {
  const status = statusOf(record, view.now);
  const details: Record<string, unknown> = {
    status,
    created: new Date(record.createdAt).toISOString(),
    createdBy: record.createdBy,
  };
  const url = status === 'COMPLETED' ? downloadUrlOf(record, view) : undefined;
  if (url) details.tempDownloadURL = url;
  if (status === 'FAILED') details.errors = record.errors ?? GENERIC_ERRORS;
  return details;
}
