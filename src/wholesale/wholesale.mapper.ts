import { downloadOf, errorsOf, isReadable, readListWith, text } from '../domain/report-mapping';
import { Report } from '../domain/report';
import { WholesaleCreateBodyWire, WholesaleReportWire } from './wholesale.wire';
import { CreateWholesaleReportBody } from './wholesale.dto';

/** A Wholesale report (list item or full) in the unified shape; null when it cannot be read at all. */
export function toReport(item: unknown): Report | null {
  if (!isReadable(item)) return null;
  const wire = item as WholesaleReportWire;
  return {
    id: wire.id as string,
    family: 'wholesale',
    status: text(wire.status),
    period: { start: text(wire.billingStartDate), end: text(wire.billingEndDate) },
    billingMonth: null,
    type: text(wire.type),
    category: text(wire.category),
    createdAt: text(wire.created),
    createdBy: text(wire.createdBy),
    download: downloadOf(wire.tempDownloadURL),
    errors: errorsOf(wire.errors),
  };
}

/** A list page (`{ items }`): the reports `toReport` can read, and how many it dropped. */
export const toReports = readListWith(toReport);

export function toCreateBody(body: CreateWholesaleReportBody): WholesaleCreateBodyWire {
  const wire: WholesaleCreateBodyWire = {
    billingStartDate: body.billingStartDate,
    billingEndDate: body.billingEndDate,
  };
  if (body.type) wire.type = body.type;
  if (body.subPartnerOrgId) wire.subPartnerOrgId = body.subPartnerOrgId;
  if (body.internal !== undefined) wire.internal = body.internal;
  return wire;
}

/** What the create answer and body tell when the details cannot be read right after. */
export const toCreatedReport = (id: string, body: CreateWholesaleReportBody): Report =>
  toReport({
    id,
    billingStartDate: body.billingStartDate,
    billingEndDate: body.billingEndDate,
    type: body.type ?? 'PARTNER',
    status: 'IN_PROGRESS',
  }) as Report;
