import { Module } from '@nestjs/common';
import { WebexModule } from '../webex/webex.module';
import { BroadworksController } from './broadworks.controller';
import { BroadworksService } from './broadworks.service';

/** BroadWorks Billing Reports: `/v1/reports/broadworks`. */
@Module({
  imports: [WebexModule],
  controllers: [BroadworksController],
  providers: [BroadworksService],
  exports: [BroadworksService],
})
export class BroadworksModule {}
