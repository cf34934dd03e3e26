import { familyController } from '../reports/family.controller';
import { CreateWholesaleReportBody, WholesaleListQuery } from './wholesale.dto';
import { WholesaleService } from './wholesale.service';

/** `/v1/reports/wholesale`: the family routes over WholesaleService. */
export const WholesaleController = familyController({
  family: 'wholesale',
  tag: 'Wholesale Billing Reports',
  service: WholesaleService,
  listQuery: WholesaleListQuery,
  createBody: CreateWholesaleReportBody,
});
