import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from '../clock';
import { Env } from './env';

/** The validated Env and the process clock, available everywhere (tests override the clock). */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(env: Env): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: Env, useValue: env }, Clock],
      exports: [Env, Clock],
    };
  }
}
