import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Writable } from 'node:stream';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { AppOptions, configureApp, createAdapter } from '../../src/app.setup';
import { Clock } from '../../src/clock';
import { validateEnv } from '../../src/config/env';
import { FamilyDescriptor } from '../../src/reports/family-descriptor';
import { Sandbox, SandboxOptions, startSandbox } from '../../src/sandbox/sandbox.server';
import { answerCheckerOf, checkedAgent } from './checked-agent';
import { TestClock } from './test-clock';

/** Every log line of every test app of this test file, for the secret scan in `close()`. */
export const capturedLogs = new (class extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.lines.push(chunk.toString());
    done();
  }
})();

/** Secrets the suite uses; none may ever appear in a log line. */
export const SECRETS = [
  'sandbox-token',
  'sandbox-client-secret',
  'sandbox-refresh-token',
  'wrong-token',
  'revoked',
  'test-api-key-1',
  'test-api-key-2',
];

export function expectNoSecretsInLogs(extra: string[] = []): void {
  const text = capturedLogs.lines.join('');
  for (const secret of [...SECRETS, ...extra])
    expect(text.includes(secret) ? secret : null).toBeNull();
}

export type TestApp = {
  app: NestFastifyApplication;
  /** supertest on the app; every answer is checked against the app's /docs-json (checked-agent.ts). */
  http: () => request.Agent;
  clock: TestClock;
  close: () => Promise<void>;
};

/**
 * The real AppModule through configureApp, pointed at `sandbox`, with `env` over test defaults;
 * `options.families` replaces the registry's two families.
 */
export async function createTestApp(
  sandbox: Sandbox,
  env: Record<string, string> = {},
  options: AppOptions & { families?: readonly FamilyDescriptor[] } = {},
): Promise<TestApp> {
  const { families, ...appOptions } = options;
  const validated = validateEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    RATE_LIMIT_PER_MINUTE: '1000000',
    WEBEX_BASE_URL: sandbox.baseUrl,
    WEBEX_ACCESS_TOKEN: 'sandbox-token',
    ...env,
  });
  const clock = new TestClock();
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(validated, { logDestination: capturedLogs, families })],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(validated), {
      bodyParser: false,
    }),
    appOptions,
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const checker = await answerCheckerOf(app.getHttpServer());
  const close = async () => {
    await app.close();
    // A spec that listened on the server itself (not through app.listen) left Fastify unaware of it,
    // so Fastify does not close it: close it here, keep-alive connections of fetch clients included.
    const server = app.getHttpServer();
    if (server.listening) {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    }
    expectNoSecretsInLogs([sandbox.refreshTokenNow()]);
  };
  const http = () => checkedAgent(request.agent(app.getHttpServer()), checker);
  return { app, clock, http, close };
}

export const startTestSandbox = (options: SandboxOptions = {}): Promise<Sandbox> =>
  startSandbox({ completeAfterMs: 200, ...options });

/** Upstream billing-report calls the sandbox saw (the request log), optionally for one method. */
export const upstreamCalls = (sandbox: Sandbox, method?: string) => sandbox.count(method);

/** One sandbox and one service for a whole describe block; the sandbox log is reset before each spec. */
export function serviceAgainstSandbox(
  env: Record<string, string> = {},
  sandboxOptions: SandboxOptions = {},
): { readonly sandbox: Sandbox; readonly service: TestApp } {
  const handle = {} as { sandbox: Sandbox; service: TestApp };
  beforeAll(async () => {
    handle.sandbox = await startTestSandbox(sandboxOptions);
    handle.service = await createTestApp(handle.sandbox, env);
  });
  afterAll(async () => {
    await handle.service.close();
    await handle.sandbox.close();
  });
  beforeEach(() => handle.sandbox.reset());
  return handle;
}
