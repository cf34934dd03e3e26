import { Module } from '@nestjs/common';
import { WebexModule } from '../webex/webex.module';
import { WholesaleController } from './wholesale.controller';
import { WholesaleService } from './wholesale.service';

/** Wholesale Billing Reports: `/v1/reports/wholesale`. */
@Module({
  imports: [WebexModule],
  controllers: [WholesaleController],
  providers: [WholesaleService],
  exports: [WholesaleService],
})
export class WholesaleModule {}
