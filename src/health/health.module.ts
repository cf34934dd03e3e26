import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { WebexModule } from '../webex/webex.module';
import { HealthController } from './health.controller';
import { ReadinessIndicators } from './readiness.indicators';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), WebexModule],
  controllers: [HealthController],
  providers: [ReadinessIndicators],
})
export class HealthModule {}
