import { isReadable, text } from '../../../src/domain/report-mapping';
import { Report, ReportStatus } from '../../../src/domain/report';

/** Webex's Partner Reports words for a report's state, folded into the unified ones. */
const STATUSES: Record<string, ReportStatus> = {
  done: 'COMPLETED',
  failed: 'FAILED',
  'in progress': 'IN_PROGRESS',
};

/** `2024-05-27 17:02:43` (UTC, whole seconds) → ISO 8601. */
export const instantOf = (value: unknown): string | null => {
  const given = text(value);
  const parsed = given && Date.parse(`${given.replace(' ', 'T')}Z`);
  return parsed ? new Date(parsed).toISOString() : null;
};

/** A Partner report (`Report`) in the unified shape; null when it cannot be read at all. */
export function toReport(item: unknown): Report | null {
  if (!isReadable(item)) return null;
  const status = text(item.status);
  const url = text(item.downloadURL);
  return {
    id: item.id as string,
    family: 'partner',
    status: status === null ? null : (STATUSES[status.toLowerCase()] ?? status),
    period: { start: text(item.startDate), end: text(item.endDate) },
    billingMonth: null,
    type: null,
    category: text(item.title),
    createdAt: instantOf(item.created),
    createdBy: text(item.createdBy),
    download: url ? { url, expiresAt: null } : null,
    errors: [],
  };
}

/** `ReportCollectionResponse`: the reports are under `Report Attributes`. */
export function toReports(list: unknown): { items: Report[]; dropped: number } | null {
  const raw = (list as Record<string, unknown> | null)?.['Report Attributes'];
  if (!Array.isArray(raw)) return null;
  const items = raw.map(toReport).filter((item): item is Report => item !== null);
  return { items, dropped: raw.length - items.length };
}
