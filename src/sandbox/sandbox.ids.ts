import { randomUUID } from 'node:crypto';

/** Webex ids are the unpadded base64url of a `ciscospark://us/<KIND>/<uuid>` URI. */
export function webexId(kind: 'BILLING_REPORT' | 'PEOPLE' | 'ORGANIZATION', uuid: string): string {
  return Buffer.from(`ciscospark://us/${kind}/${uuid}`).toString('base64url');
}

export function newReportId(): string {
  return webexId('BILLING_REPORT', randomUUID());
}

/** Webex sends tracking ids like `ROUTER_<uuid>`; ours say where they came from. */
export function newTrackingId(): string {
  return `SANDBOX_${randomUUID()}`;
}
