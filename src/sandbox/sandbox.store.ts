import { ReportRecord } from './sandbox.report';
import { ReportFamily, ReportPatch } from './sandbox.types';

/** Every family's reports in insertion order, plus the ids created through POST. */
export type ReportStore = {
  reset(): void;
  /** `R`: the family's record type, as its own handlers know it. */
  all<R extends ReportRecord = ReportRecord>(family: ReportFamily): R[];
  find<R extends ReportRecord = ReportRecord>(family: ReportFamily, id: string): R | null;
  add(record: ReportRecord): void;
  delete(family: ReportFamily, id: string): boolean;
  /** Throws when the report does not exist, so a typo in a test fails loudly. */
  patch(family: ReportFamily, id: string, patch: ReportPatch): void;
  createdReports(): { family: string; id: string }[];
};

const keyOf = (family: ReportFamily, id: string): string => `${family}:${id}`;

function applyPatch(record: ReportRecord, patch: ReportPatch): void {
  if (patch.status !== undefined) {
    record.status = patch.status;
    record.completesAt = null;
  }
  if (patch.errors !== undefined) record.errors = patch.errors;
  if (patch.downloadUrlExpiresAt !== undefined)
    record.downloadUrlExpiresAt = patch.downloadUrlExpiresAt;
}

/** The reports a store starts with and returns to at each reset: a fresh copy each call. */
export type Seed = () => ReportRecord[];

function seedInto(reports: Map<string, ReportRecord>, seed: Seed): void {
  reports.clear();
  for (const record of seed()) reports.set(keyOf(record.family, record.id), record);
}

export function createReportStore(seeded: Seed): ReportStore {
  const reports = new Map<string, ReportRecord>();
  const created: { family: ReportFamily; id: string }[] = [];
  seedInto(reports, seeded);
  const find = <R extends ReportRecord>(family: ReportFamily, id: string): R | null =>
    (reports.get(keyOf(family, id)) as R | undefined) ?? null;
  return {
    reset() {
      seedInto(reports, seeded);
      created.length = 0;
    },
    all: <R extends ReportRecord>(family: ReportFamily) =>
      [...reports.values()].filter((record): record is R => record.family === family),
    find,
    add(record) {
      reports.set(keyOf(record.family, record.id), record);
      created.push({ family: record.family, id: record.id });
    },
    delete: (family, id) => reports.delete(keyOf(family, id)),
    patch: (family, id, patch) => applyPatch(find(family, id) ?? missing(family, id), patch),
    createdReports: () => created.map((entry) => ({ ...entry })),
  };
}

function missing(family: ReportFamily, id: string): never {
  throw new Error(`no ${family} report ${id} in the sandbox`);
}
