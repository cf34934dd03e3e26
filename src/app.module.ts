import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { BroadworksModule } from './broadworks/broadworks.module';
import { CacheModule } from './cache/cache.module';
import { CallersModule } from './callers/callers.module';
import { ConfigModule } from './config/config.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { Env } from './config/env';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { WholesaleModule } from './wholesale/wholesale.module';

@Module({})
export class AppModule {
  static forRoot(env: Env, options: { logDestination?: DestinationStream } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(env),
        LoggingModule.forRoot(options.logDestination),
        MetricsModule,
        CacheModule,
        CallersModule,
        BroadworksModule,
        WholesaleModule,
        DashboardModule,
        HealthModule,
      ],
    };
  }
}
