import { DynamicModule, Module } from '@nestjs/common';
import { BroadworksModule } from './broadworks/broadworks.module';
import { CacheModule } from './cache/cache.module';
import { ConfigModule } from './config/config.module';
import { Env } from './config/env';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { WholesaleModule } from './wholesale/wholesale.module';

@Module({})
export class AppModule {
  static forRoot(env: Env): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(env), MetricsModule, CacheModule, BroadworksModule, WholesaleModule, HealthModule],
    };
  }
}
