/**
 * BroadWorks Billing Reports as Webex sends them (webex-broadworks.json: `ListReport`, `Report`,
 * `ReportId`, `ReportError`). The *_FIELDS objects mirror the types key for key (`satisfies` keeps
 * them in step) so a spec test can compare them with Cisco's schemas.
 */
export type BroadworksReportErrorWire = { code?: number; description?: string };

export type BroadworksListItemWire = {
  id?: string;
  billingPeriod?: string;
  status?: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
};

export type BroadworksReportWire = BroadworksListItemWire & {
  created?: string;
  createdBy?: string;
  tempDownloadURL?: string;
  errors?: BroadworksReportErrorWire[];
};

export type BroadworksCreatedWire = { id?: string };
export type BroadworksCreateBodyWire = { billingPeriod: string };

export const BROADWORKS_WIRE_FIELDS = {
  ListReport: { id: true, billingPeriod: true, status: true } satisfies Record<
    keyof BroadworksListItemWire,
    true
  >,
  Report: {
    id: true,
    billingPeriod: true,
    status: true,
    created: true,
    createdBy: true,
    tempDownloadURL: true,
    errors: true,
  } satisfies Record<keyof BroadworksReportWire, true>,
  ReportId: { id: true } satisfies Record<keyof BroadworksCreatedWire, true>,
  ReportError: { code: true, description: true } satisfies Record<
    keyof BroadworksReportErrorWire,
    true
  >,
};
