import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { CacheModule } from './cache/cache.module';
import { CallersModule } from './callers/callers.module';
import { ConfigModule } from './config/config.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { Env } from './config/env';
import { FAMILIES } from './families';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { FamiliesModule } from './reports/families.module';
import { FamilyDescriptor } from './reports/family-descriptor';
import { FamilyRegistry } from './reports/family-registry';

@Module({})
export class AppModule {
  /** `families`: the report families served; default the two of `src/families.ts`. */
  static forRoot(
    env: Env,
    options: { logDestination?: DestinationStream; families?: readonly FamilyDescriptor[] } = {},
  ): DynamicModule {
    const registry = new FamilyRegistry(options.families ?? FAMILIES);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(env),
        LoggingModule.forRoot(options.logDestination),
        MetricsModule,
        CacheModule,
        CallersModule,
        FamiliesModule.forRoot(registry),
        DashboardModule.forRoot(registry),
        HealthModule,
      ],
    };
  }
}
