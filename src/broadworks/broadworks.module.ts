import { Module } from '@nestjs/common';
import { FamilyReportsFactory } from '../reports/family-reports';
import { ReportConveniencesModule } from '../conveniences/report-conveniences.module';
import { WebexModule } from '../webex/webex.module';
import { BroadworksController } from './broadworks.controller';
import { BroadworksService } from './broadworks.service';

/** BroadWorks Billing Reports: `/v1/reports/broadworks` (waitFor and download included). */
@Module({
  imports: [WebexModule, ReportConveniencesModule],
  controllers: [BroadworksController],
  providers: [BroadworksService, FamilyReportsFactory],
  exports: [BroadworksService],
})
export class BroadworksModule {}
