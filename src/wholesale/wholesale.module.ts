import { Module } from '@nestjs/common';
import { FamilyReportsFactory } from '../reports/family-reports';
import { ReportConveniencesModule } from '../conveniences/report-conveniences.module';
import { WebexModule } from '../webex/webex.module';
import { WholesaleController } from './wholesale.controller';
import { WholesaleService } from './wholesale.service';

/** Wholesale Billing Reports: `/v1/reports/wholesale` (waitFor and download included). */
@Module({
  imports: [WebexModule, ReportConveniencesModule],
  controllers: [WholesaleController],
  providers: [WholesaleService, FamilyReportsFactory],
  exports: [WholesaleService],
})
export class WholesaleModule {}
