/**
 * Wholesale Billing Reports as Webex sends them (webex-wholesale.json: `ListReport`, `Report`,
 * `ReportId`, `ReportError`). The *_FIELDS objects mirror the types key for key (`satisfies` keeps
 * them in step) so a spec test can compare them with Cisco's schemas.
 */
type Status = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
type ReportType = 'USER' | 'CUSTOMER' | 'PARTNER';
type Category = 'RECONCILIATION' | 'POINT_IN_TIME';

export type WholesaleReportErrorWire = { code?: number; description?: string };

export type WholesaleListItemWire = {
  id?: string;
  billingStartDate?: string;
  billingEndDate?: string;
  status?: Status;
  type?: ReportType;
  category?: Category;
};

export type WholesaleReportWire = WholesaleListItemWire & {
  created?: string;
  createdBy?: string;
  tempDownloadURL?: string;
  errors?: WholesaleReportErrorWire[];
};

export type WholesaleCreatedWire = Omit<WholesaleListItemWire, 'status'>;
export type WholesaleCreateBodyWire = {
  billingStartDate: string;
  billingEndDate: string;
  type?: ReportType;
  subPartnerOrgId?: string;
  internal?: boolean;
};

const LIST_ITEM = {
  id: true,
  billingStartDate: true,
  billingEndDate: true,
  status: true,
  type: true,
  category: true,
} as const;

export const WHOLESALE_WIRE_FIELDS = {
  ListReport: LIST_ITEM satisfies Record<keyof WholesaleListItemWire, true>,
  Report: {
    ...LIST_ITEM,
    created: true,
    createdBy: true,
    tempDownloadURL: true,
    errors: true,
  } satisfies Record<keyof WholesaleReportWire, true>,
  ReportId: {
    id: true,
    billingStartDate: true,
    billingEndDate: true,
    type: true,
    category: true,
  } satisfies Record<keyof WholesaleCreatedWire, true>,
  ReportError: { code: true, description: true } satisfies Record<
    keyof WholesaleReportErrorWire,
    true
  >,
  CreateBody: {
    billingStartDate: true,
    billingEndDate: true,
    type: true,
    subPartnerOrgId: true,
    internal: true,
  } satisfies Record<keyof WholesaleCreateBodyWire, true>,
};
