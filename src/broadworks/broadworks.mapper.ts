import { monthBounds } from '../domain/report-dates';
import { downloadOf, errorsOf, isReadable, readListWith, text } from '../domain/report-mapping';
import { Report } from '../domain/report';
import { BroadworksReportWire } from './broadworks.wire';

/** A BroadWorks report (list item or full) in the unified shape; null when it cannot be read at all. */
export function toReport(item: unknown): Report | null {
  if (!isReadable(item)) return null;
  const wire = item as BroadworksReportWire;
  const billingMonth = text(wire.billingPeriod);
  const bounds = billingMonth ? monthBounds(billingMonth) : null;
  return {
    id: wire.id as string,
    family: 'broadworks',
    status: text(wire.status),
    period: { start: bounds?.start ?? null, end: bounds?.end ?? null },
    billingMonth,
    type: null,
    category: null,
    createdAt: text(wire.created),
    createdBy: text(wire.createdBy),
    download: downloadOf(wire.tempDownloadURL),
    errors: errorsOf(wire.errors),
  };
}

/** A list page (`{ items }`): the reports `toReport` can read, and how many it dropped. */
export const toReports = readListWith(toReport);

export const toCreateBody = (billingPeriod: string) => ({ billingPeriod });
