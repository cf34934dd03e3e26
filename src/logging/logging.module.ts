import { DynamicModule, Global, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { Env } from '../config/env';
import { APP_LOGGER, createLogger } from './logger';

@Global()
@Module({})
export class LoggingModule {
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      providers: [
        {
          provide: APP_LOGGER,
          inject: [Env],
          useFactory: (env: Env) => createLogger(env, destination),
        },
      ],
      exports: [APP_LOGGER],
    };
  }
}
