import { Module } from '@nestjs/common';
import { BroadworksModule } from '../broadworks/broadworks.module';
import { WholesaleModule } from '../wholesale/wholesale.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

/** Dashboard conveniences across families: `GET /v1/reports` (CONTRACT §8). */
@Module({
  imports: [BroadworksModule, WholesaleModule],
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
