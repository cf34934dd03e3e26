import { Answer } from './sandbox.http';
import { ReportRecord, signatureOf } from './sandbox.report';
import { ReportStore } from './sandbox.store';

/**
 * `GET /downloads/<id>.csv?Expires=..&Signature=..`: the target of `tempDownloadURL`. Like the
 * signed CDN URLs Webex hands out, it needs no bearer token and refuses a stale or forged URL.
 */
const DOWNLOAD_PATH = /^\/downloads\/([^/]+)\.csv$/;

const denied = (reason: string): Answer => ({
  status: 403,
  body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${reason}</Message></Error>`,
  headers: { 'content-type': 'application/xml' },
});

function csvOf(record: ReportRecord): string {
  if (record.family === 'broadworks')
    return `Billing Period,Enterprise,Group,Users\n${record.billingPeriod},ent-1,group-1,42\n${record.billingPeriod},ent-2,group-7,5\n`;
  return `Start Date,End Date,Type,Subscription,Quantity\n${record.billingStartDate},${record.billingEndDate},${record.type},SUB-1001,42\n`;
}

export function isDownloadPath(path: string): boolean {
  return DOWNLOAD_PATH.test(path);
}

export function downloadAnswer(url: URL, store: ReportStore, now: number): Answer {
  const id = DOWNLOAD_PATH.exec(url.pathname)?.[1] ?? '';
  const record = store.find('broadworks', id) ?? store.find('wholesale', id);
  if (!record) return { status: 404, body: 'Not Found' };
  const expires = url.searchParams.get('Expires') ?? '';
  if (url.searchParams.get('Signature') !== signatureOf(id, expires))
    return denied('Invalid signature');
  if (!(Number(expires) * 1000 > now)) return denied('Request has expired');
  return { status: 200, body: csvOf(record), headers: { 'content-type': 'text/csv' } };
}
