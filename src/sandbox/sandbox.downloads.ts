import { SandboxFamily } from './sandbox.family';
import { Answer } from './sandbox.http';
import { signatureOf } from './sandbox.report';
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

export function isDownloadPath(path: string): boolean {
  return DOWNLOAD_PATH.test(path);
}

export function downloadAnswer(
  url: URL,
  store: ReportStore,
  families: readonly SandboxFamily[],
  now: number,
): Answer {
  const id = DOWNLOAD_PATH.exec(url.pathname)?.[1] ?? '';
  const family = families.find(({ family }) => store.find(family, id));
  const record = family && store.find(family.family, id);
  if (!family || !record) return { status: 404, body: 'Not Found' };
  const expires = url.searchParams.get('Expires') ?? '';
  if (url.searchParams.get('Signature') !== signatureOf(id, expires))
    return denied('Invalid signature');
  if (!(Number(expires) * 1000 > now)) return denied('Request has expired');
  return { status: 200, body: family.csvOf(record), headers: { 'content-type': 'text/csv' } };
}
