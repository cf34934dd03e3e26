import { Page } from 'playwright-core';
import { API_KEY } from './support/services';
import { answered, Dashboard, Seen } from './support/dashboard';
import { browserSuite } from './support/harness';

const LIST = '/v1/reports/broadworks';

/** A same-origin `fetch(LIST)` with the key, as Swagger UI or an operator's tab on the service makes it. */
function sameOriginList(tab: Page, cache: RequestCache): Promise<Seen> {
  return tab.evaluate(
    async ([url, key, mode]) => {
      // Node's RequestInit lacks the browser's `cache`; this runs in the page.
      const init = { headers: { 'x-api-key': key }, cache: mode } as RequestInit;
      const response = await fetch(url, init);
      return {
        ok: true as const,
        status: response.status,
        url: response.url,
        type: response.type,
        headers: Object.fromEntries(response.headers),
        body: await response.json(),
      };
    },
    [LIST, API_KEY, cache] as const,
  );
}

type RequestCache = 'default' | 'no-store';

/**
 * CONTRACT §4 ("every answer to the same request carries the same headers, whichever internal path
 * produced it"; `Vary` names `Origin`) and §7, in Chromium's real HTTP cache: a list that a tab on the
 * service's origin fetched a moment ago is then fetched by the dashboard on another origin of the same
 * site (one cache partition).
 */
describe("the browser's HTTP cache between origins", () => {
  // The broadworks list holds IN_PROGRESS reports: its 10 s freshness is lengthened so that a slow
  // machine cannot let the browser's copy expire between the two fetches.
  const suite = browserSuite({ main: { CACHE_TTL_LIST_IN_PROGRESS_S: '120' } });
  let tab: Page | undefined;
  let dashboard: Dashboard | undefined;

  afterEach(async () => {
    await tab?.close();
    await dashboard?.page.close();
  });

  suite.it(
    'lets the dashboard fetch a list that a same-origin request was answered from cache',
    async () => {
      tab = await suite.serviceTab('main', '/health/live');
      // The first fills the service's cache and stays out of the browser's; the second is the
      // service's cache hit, which the browser stores.
      const miss = answered(await sameOriginList(tab, 'no-store'));
      expect(miss.status).toBe(200);
      const hit = answered(await sameOriginList(tab, 'default'));
      expect({ status: hit.status, xCache: hit.headers['x-cache'] }).toEqual({
        status: 200,
        xCache: 'HIT',
      });

      dashboard = await suite.dashboard('main');
      const listed = answered(await dashboard.request(LIST));
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual(hit.body.items);
    },
  );
});
