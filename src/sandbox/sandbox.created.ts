import { ApiRequest, ApiState } from './sandbox.context';
import { newReportId } from './sandbox.ids';
import { ReportRecord } from './sandbox.report';
import { SANDBOX_ADMIN_ID } from './sandbox.seed';

/** What every family's POST-created report starts as: new, IN_PROGRESS until `completeAfterMs`. */
export const createdRecordOf = (
  request: ApiRequest,
  state: ApiState,
): Omit<ReportRecord, 'family'> => ({
  id: newReportId(),
  status: 'IN_PROGRESS',
  completesAt: request.now + state.options.completeAfterMs,
  createdAt: request.now,
  createdBy: SANDBOX_ADMIN_ID,
});
