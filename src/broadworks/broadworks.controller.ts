import { familyController } from '../reports/family.controller';
import { CreateBroadworksReportBody, BroadworksListQuery } from './broadworks.dto';
import { BroadworksService } from './broadworks.service';

/** `/v1/reports/broadworks`: the family routes over BroadworksService. */
export const BroadworksController = familyController({
  family: 'broadworks',
  tag: 'BroadWorks Billing Reports',
  service: BroadworksService,
  listQuery: BroadworksListQuery,
  createBody: CreateBroadworksReportBody,
});
