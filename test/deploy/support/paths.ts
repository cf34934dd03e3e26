import { SEED_IDS } from '../../../src/sandbox/sandbox.seed';

/** What a dashboard reads: both lists, a filtered list, single reports of both families. */
export const DASHBOARD_PATHS = [
  '/v1/reports/broadworks',
  '/v1/reports/wholesale',
  '/v1/reports/wholesale?type=PARTNER',
  `/v1/reports/broadworks/${SEED_IDS.broadworksCompleted}`,
  `/v1/reports/wholesale/${SEED_IDS.wholesaleCompleted}`,
];

let fresh = 0;

/** A wholesale list no one has asked for yet in this run: a cache miss, so it reaches Webex. */
export function freshListPath(): string {
  fresh += 1;
  const day = new Date(Date.UTC(1990, 0, 1) + fresh * 86_400_000).toISOString().slice(0, 10);
  return `/v1/reports/wholesale?billingStartDate=${day}`;
}
