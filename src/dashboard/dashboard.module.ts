import { DynamicModule, Module } from '@nestjs/common';
import { FamilyRegistry } from '../reports/family-registry';
import { dashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

/** Dashboard conveniences across the registry's families: `GET /v1/reports` (CONTRACT §8). */
@Module({})
export class DashboardModule {
  static forRoot(registry: FamilyRegistry): DynamicModule {
    return {
      module: DashboardModule,
      controllers: [dashboardController(registry)],
      providers: [DashboardService],
    };
  }
}
