import { ReportRecord } from './sandbox.report';
import { seedReports } from './sandbox.seed';
import { ReportFamily, ReportPatch } from './sandbox.types';

type RecordOf<F extends ReportFamily> = Extract<ReportRecord, { family: F }>;

/** Both families' reports in insertion order, plus the ids created through POST. */
export type ReportStore = {
  reset(): void;
  all<F extends ReportFamily>(family: F): RecordOf<F>[];
  find<F extends ReportFamily>(family: F, id: string): RecordOf<F> | null;
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

function seedInto(reports: Map<string, ReportRecord>, seeded: boolean): void {
  reports.clear();
  if (seeded)
    for (const record of seedReports()) reports.set(keyOf(record.family, record.id), record);
}

export function createReportStore(seeded: boolean): ReportStore {
  const reports = new Map<string, ReportRecord>();
  const created: { family: ReportFamily; id: string }[] = [];
  seedInto(reports, seeded);
  const find = <F extends ReportFamily>(family: F, id: string): RecordOf<F> | null =>
    (reports.get(keyOf(family, id)) as RecordOf<F> | undefined) ?? null;
  return {
    reset() {
      seedInto(reports, seeded);
      created.length = 0;
    },
    all: <F extends ReportFamily>(family: F) =>
      [...reports.values()].filter((record): record is RecordOf<F> => record.family === family),
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
