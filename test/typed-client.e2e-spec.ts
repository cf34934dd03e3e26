import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  createWholesale,
  downloadLink,
  getWholesale,
  listWholesale,
  reportsClient,
  ReportsClient,
  ReportsProblem,
} from '../examples/typed-client/reports-client';
import { Sandbox } from '../src/sandbox/sandbox.server';
import { SEED_IDS, UNKNOWN_REPORT_ID } from '../src/sandbox/sandbox.seed';
import { answerCheckerOf, checkedFetch } from './support/checked-agent';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

const KEY = 'test-api-key-1';
const TYPES = resolve(__dirname, '../examples/typed-client/api.d.ts');
const GENERATOR = resolve(__dirname, '../node_modules/openapi-typescript/bin/cli.js');

/** Issue 16 item 4: the typed client example, against a running service; its answers checked too. */
describe('the typed client example', () => {
  let sandbox: Sandbox;
  let service: TestApp;
  let origin: string;
  let client: ReportsClient;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    service = await createTestApp(sandbox, { API_KEYS: KEY });
    const server = service.app.getHttpServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = reportsClient(origin, KEY, checkedFetch(await answerCheckerOf(server)));
  });
  afterAll(async () => {
    await service.close();
    await sandbox.close();
  });

  it('lists a page and gets a report, typed', async () => {
    const page = await listWholesale(client, { billingStartDate: '2024-01-01', type: 'USER' });
    expect(page.items.map((report) => report.id)).toEqual([SEED_IDS.wholesaleUser]);
    expect(page.page.nextCursor).toBeNull();
    const report = await getWholesale(client, SEED_IDS.wholesaleCompleted);
    expect(report.status).toBe('COMPLETED');
    expect(report.download?.url).toMatch(/^http:\/\/.+\.csv\?Expires=/);
  });

  it('creates once with an Idempotency-Key, and reads the report at its absolute Location', async () => {
    const body = { billingStartDate: '2024-09-01', billingEndDate: '2024-09-30' };
    const first = await createWholesale(client, body, 'typed-client-1');
    const again = await createWholesale(client, body, 'typed-client-1');
    expect(first.location).toBe(`${origin}/v1/reports/wholesale/${first.report.id}`);
    expect({ id: again.report.id, replayed: again.replayed }).toEqual({
      id: first.report.id,
      replayed: true,
    });
    expect(sandbox.count('POST')).toBe(1);
    const read = await fetch(first.location as string, { headers: { 'x-api-key': KEY } });
    expect(((await read.json()) as { id: string }).id).toBe(first.report.id);
  });

  it('gets a download link as JSON, and none for a report not ready yet', async () => {
    const link = await downloadLink(client, SEED_IDS.wholesaleCompleted);
    expect(link?.url).toMatch(/\.csv\?Expires=/);
    expect(await downloadLink(client, SEED_IDS.wholesaleInProgress)).toBeNull();
  });

  it("throws problems whose type is one of the document's codes", async () => {
    const missing = await getWholesale(client, UNKNOWN_REPORT_ID).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ReportsProblem);
    expect((missing as ReportsProblem).type).toBe('not-found');
    const stranger = reportsClient(origin, 'wrong-key');
    const refused = await getWholesale(stranger, SEED_IDS.wholesaleCompleted).catch((e) => e);
    expect((refused as ReportsProblem).problem).toMatchObject({
      type: 'unauthorized',
      status: 401,
    });
  });

  it('has types generated from the document the service publishes (npm run client:types)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'typed-client-'));
    try {
      const published = await service.http().get('/docs-json').expect(200);
      writeFileSync(join(dir, 'openapi.json'), published.text);
      await promisify(execFile)(process.execPath, [
        GENERATOR,
        join(dir, 'openapi.json'),
        '--output',
        join(dir, 'api.d.ts'),
      ]);
      expect(readFileSync(join(dir, 'api.d.ts'), 'utf8')).toBe(readFileSync(TYPES, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
