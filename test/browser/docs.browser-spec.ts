import { Page } from 'playwright-core';
import { SEED_IDS } from '../../src/sandbox/sandbox.seed';
import { browserSuite } from './support/harness';
import { API_KEY } from './support/services';
import { authorizeApiKey, listedOperations, tryItOut } from './support/swagger';

type OpenApi = { paths: Record<string, Record<string, unknown>> };

/** CONTRACT §7 `GET /docs`, and issue 16: a /docs CSP under which "Try it out" works, in Chromium. */
describe('Swagger UI at /docs', () => {
  const suite = browserSuite({ main: {} });
  let docs: Page | undefined;

  const cspViolations = () =>
    suite
      .browser()
      .log.all()
      .filter((line) => /Content Security Policy/i.test(line));

  /** Opened inside each test, so that what the page logs while loading is in its diagnostics. */
  async function openDocs(): Promise<Page> {
    docs = await suite.serviceTab('main', '/docs');
    await docs.locator('.opblock-summary').first().waitFor({ timeout: 15_000 });
    await docs.waitForLoadState('networkidle');
    return docs;
  }

  afterEach(() => docs?.close());

  suite.it('renders every operation of /docs-json without a CSP violation', async () => {
    const document = (await (
      await fetch(`${suite.service('main').origin}/docs-json`)
    ).json()) as OpenApi;
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.length).toBeGreaterThan(10);
    expect((await listedOperations(await openDocs())).sort()).toEqual(documented.sort());
    expect(cspViolations()).toEqual([]);
  });

  suite.it('"Try it out" with the X-API-Key lists reports and gets a download link', async () => {
    const page = await openDocs();
    await authorizeApiKey(page, API_KEY);
    const listed = await tryItOut(page, 'GET', '/v1/reports/wholesale');
    expect(listed.status).toBe('200');
    expect(listed.body).toContain(SEED_IDS.wholesaleCompleted);

    const download = await tryItOut(page, 'GET', '/v1/reports/wholesale/{id}/download', {
      id: SEED_IDS.wholesaleCompleted,
    });
    expect(download).toMatchObject({ status: '200', body: expect.stringContaining('"url"') });
    expect(cspViolations()).toEqual([]);
  });
});
