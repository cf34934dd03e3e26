import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { writeFileSync } from 'node:fs';
import { AppModule } from '../app.module';
import { configureApp, createAdapter } from '../app.setup';
import { validateEnv } from '../config/env';

/**
 * `node dist/docs/document.main.js <file>`: the OpenAPI document the service publishes at /docs-json,
 * written to `<file>` (stdout without one), from the app booted without listening and without calling
 * Webex (`npm run lint:api`, the typed client's types).
 */
async function writeDocument(file: string | undefined): Promise<void> {
  const env = validateEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    WEBEX_BASE_URL: 'http://127.0.0.1:9/v1', // never called
    WEBEX_ACCESS_TOKEN: 'document-only',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(env),
    createAdapter(env),
    { logger: false, bodyParser: false },
  );
  configureApp(app);
  await app.init();
  const answer = await app.getHttpAdapter().getInstance().inject({ url: '/docs-json' });
  await app.close();
  if (answer.statusCode !== 200) throw new Error(`/docs-json answered ${answer.statusCode}`);
  const text = `${JSON.stringify(answer.json(), null, 2)}\n`;
  if (file) writeFileSync(file, text);
  else process.stdout.write(text);
}

writeDocument(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
