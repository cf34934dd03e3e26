import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp, createAdapter } from '../../src/app.setup';
import { Clock } from '../../src/clock';
import { validateEnv } from '../../src/config/env';
import { Sandbox, SandboxOptions, startSandbox } from '../../src/sandbox/sandbox.server';

/** Real time plus an offset tests can move forward: TTLs and expiry without sleeping. */
export class TestClock extends Clock {
  private offset = 0;

  override now(): number {
    return Date.now() + this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }
}

export type TestApp = {
  app: NestFastifyApplication;
  http: () => request.Agent;
  clock: TestClock;
  close: () => Promise<void>;
};

/** The real AppModule through configureApp, pointed at `sandbox`, with `env` over test defaults. */
export async function createTestApp(sandbox: Sandbox, env: Record<string, string> = {}): Promise<TestApp> {
  const validated = validateEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', WEBEX_BASE_URL: sandbox.baseUrl, WEBEX_ACCESS_TOKEN: 'sandbox-token', ...env });
  const clock = new TestClock();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(validated)] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = configureApp(moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(validated), { logger: false }));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, clock, http: () => request.agent(app.getHttpServer()), close: () => app.close() };
}

export const startTestSandbox = (options: SandboxOptions = {}): Promise<Sandbox> => startSandbox({ completeAfterMs: 200, ...options });

/** Upstream billing-report calls the sandbox saw (the request log), optionally for one method. */
export const upstreamCalls = (sandbox: Sandbox, method?: string) => sandbox.count(method);
