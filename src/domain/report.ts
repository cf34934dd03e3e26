/** A report family's name, as the family registry (`src/families.ts`) knows it. */
export type Family = string;

export const REPORT_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'FAILED'] as const;

/** Known report states; an unknown upstream status is passed through as sent (tolerant reader). */
export type ReportStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | (string & {});

/**
 * The one report shape both families are returned in. Every field Webex did not send is `null`
 * (`errors` is `[]`); dates are ISO `YYYY-MM-DD`, instants ISO 8601 UTC.
 */
export type Report = {
  id: string;
  family: Family;
  status: ReportStatus | null;
  period: { start: string | null; end: string | null };
  billingMonth: string | null;
  type: string | null;
  category: string | null;
  createdAt: string | null;
  createdBy: string | null;
  download: { url: string; expiresAt: string | null } | null;
  errors: { code: number | null; description: string | null }[];
};

export type ReportList = { items: Report[]; page: { nextCursor: string | null } };

export const isTerminal = (status: ReportStatus | null) =>
  status === 'COMPLETED' || status === 'FAILED';
