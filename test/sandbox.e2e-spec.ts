import Ajv, { ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { Sandbox, startSandbox } from '../src/sandbox/sandbox.server';
import { SEED_IDS, SEED_SUB_PARTNER_ORG_ID, UNKNOWN_REPORT_ID } from '../src/sandbox/sandbox.seed';
import { loadSpec } from './support/webex-spec';

/* ---------- Cisco's specs as strict JSON schemas ---------- */

type Family = 'broadworks' | 'wholesale';
type Json = Record<string, unknown>;
type OpenApi = {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
};

const specs: Record<Family, OpenApi> = {
  broadworks: loadSpec('broadworks') as OpenApi,
  wholesale: loadSpec('wholesale') as OpenApi,
};
const REF = '#/components/schemas/';

/** OpenAPI 3.0 → JSON schema: `example`s dropped, refs made absolute, and no extra properties. */
function strict(node: unknown, family: Family): unknown {
  if (Array.isArray(node)) return node.map((item) => strict(item, family));
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example') continue;
    out[key] =
      key === '$ref'
        ? `webex-${family}#/$defs/${(value as string).slice(REF.length)}`
        : strict(value, family);
  }
  if ('properties' in out) out.additionalProperties = false;
  return out;
}

function referencedSchemas(family: Family): Json {
  const found: Json = {};
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      const name = key === '$ref' && typeof value === 'string' ? value.slice(REF.length) : null;
      if (name !== null && !(name in found))
        visit((found[name] = specs[family].components.schemas[name]));
      else visit(value);
    }
  };
  visit(specs[family].paths[`/${family}/billing/reports`]);
  visit(specs[family].paths[`/${family}/billing/reports/{id}`]);
  return found;
}

const ajv = new Ajv({ strict: true, allErrors: true });
for (const family of ['broadworks', 'wholesale'] as const)
  ajv.addSchema({ $id: `webex-${family}`, $defs: strict(referencedSchemas(family), family) });

function operation(family: Family, member: boolean, method: string): Json {
  return specs[family].paths[`/${family}/billing/reports${member ? '/{id}' : ''}`][method];
}
const jsonSchemaOf = (content: unknown): unknown =>
  ((content as Json)['application/json'] as Json).schema;

function responseValidator(family: Family, member: boolean, method: string): ValidateFunction {
  const ok = (operation(family, member, method).responses as Json)['200'] as Json;
  return ajv.compile(strict(jsonSchemaOf(ok.content), family) as Json);
}
function requestValidator(family: Family): ValidateFunction {
  const body = operation(family, false, 'post').requestBody as Json;
  return ajv.compile(strict(jsonSchemaOf(body.content), family) as Json);
}

const schemas = {
  broadworksList: responseValidator('broadworks', false, 'get'),
  broadworksReport: responseValidator('broadworks', true, 'get'),
  broadworksCreated: responseValidator('broadworks', false, 'post'),
  broadworksCreate: requestValidator('broadworks'),
  wholesaleList: responseValidator('wholesale', false, 'get'),
  wholesaleReport: responseValidator('wholesale', true, 'get'),
  wholesaleCreated: responseValidator('wholesale', false, 'post'),
  wholesaleCreate: requestValidator('wholesale'),
};

/* Typed matchers, so object literals holding them stay free of `any`. */
const aString: unknown = expect.any(String);
const aNumber: unknown = expect.any(Number);
const anIsoTime: unknown = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

function expectValid(validate: ValidateFunction, value: unknown): void {
  validate(value);
  expect(validate.errors ?? []).toEqual([]);
}

/* ---------- the sandbox under test, its clock, and a small client ---------- */

const START = Date.parse('2025-03-01T12:00:00.000Z');
let clock = START;
let sandbox: Sandbox;
let origin: string;

/** `json`: the parsed body; `body`: the same when it is an object, else `{}`. */
type Reply = { status: number; headers: Headers; text: string; json: unknown; body: Json };
type CallOptions = {
  token?: string | null;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  raw?: string;
};

async function call(method: string, target: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? 'sandbox-token' : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let payload = options.raw;
  if (options.json !== undefined)
    [payload, headers['content-type']] = [JSON.stringify(options.json), 'application/json'];
  if (options.form)
    [payload, headers['content-type']] = [
      new URLSearchParams(options.form).toString(),
      'application/x-www-form-urlencoded',
    ];
  const url = target.startsWith('http') ? target : `${origin}${target}`;
  const response = await fetch(url, { method, headers, body: payload });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON: tests read `text` */
  }
  const body =
    typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Json) : {};
  return { status: response.status, headers: response.headers, text, json, body };
}

const get = (target: string, options?: CallOptions): Promise<Reply> => call('GET', target, options);
const itemsOf = (reply: Reply): Json[] => reply.body.items as Json[];
const idsOf = (reply: Reply): string[] => itemsOf(reply).map((item) => item.id as string);
const nextLinkOf = (reply: Reply): string | null =>
  /<([^>]+)>;\s*rel="next"/.exec(reply.headers.get('link') ?? '')?.[1] ?? null;

function expectWebexError(reply: Reply, status: number): void {
  expect(reply.status).toBe(status);
  expect(Object.keys(reply.body).sort()).toEqual(['errors', 'message', 'trackingId']);
  expect(reply.body).toMatchObject({ message: aString, trackingId: aString });
  expect(reply.body.errors).toEqual([{ description: aString }]);
  expect(reply.headers.get('trackingid')).toBe(reply.body.trackingId);
}

async function allPages(first: string): Promise<{ pages: Reply[]; items: Json[] }> {
  const pages = [await get(first)];
  for (let next = nextLinkOf(pages[0]); next; next = nextLinkOf(pages[pages.length - 1]))
    pages.push(await get(next));
  return { pages, items: pages.flatMap(itemsOf) };
}

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => clock, completeAfterMs: 1000, tokenLifetimeS: 60 });
  origin = sandbox.baseUrl.replace(/\/v1$/, '');
});
afterEach(() => {
  sandbox.reset();
  clock = START;
});
afterAll(() => sandbox.close());

const BW = '/v1/broadworks/billing/reports';
const WS = '/v1/wholesale/billing/reports';

/* ---------- answers match Cisco's response schemas ---------- */

describe('answers as the specs say', () => {
  it('uses schemas strict enough to refuse a property the spec does not name', () => {
    expect(schemas.wholesaleList({ items: [{ id: 'x', subPartnerOrgId: 'y' }] })).toBe(false);
    expect(schemas.broadworksReport({ id: 'x', type: 'PARTNER' })).toBe(false);
    expect(schemas.broadworksReport({ id: 'x', status: 'DONE' })).toBe(false);
    expect(schemas.wholesaleCreate({ billingStartDate: '2024-01-01' })).toBe(false);
  });

  it('lists BroadWorks reports as BillingReportsListResponse, newest period first', async () => {
    const reply = await get(BW);
    expect(reply.status).toBe(200);
    expectValid(schemas.broadworksList, reply.json);
    const periods = itemsOf(reply).map((item) => item.billingPeriod as string);
    expect(periods).toHaveLength(12);
    expect(periods).toEqual([...periods].sort().reverse());
    expect(new Set(itemsOf(reply).map((item) => item.status))).toEqual(
      new Set(['COMPLETED', 'IN_PROGRESS', 'FAILED']),
    );
  });

  it('lists Wholesale reports as WholesaleBillingReportsListResponse with every type, category and status', async () => {
    const reply = await get(WS);
    expect(reply.status).toBe(200);
    expectValid(schemas.wholesaleList, reply.json);
    const items = itemsOf(reply);
    expect(items).toHaveLength(20);
    const valuesOf = (key: string): Set<unknown> => new Set(items.map((item) => item[key]));
    expect(valuesOf('type')).toEqual(new Set(['PARTNER', 'CUSTOMER', 'USER']));
    expect(valuesOf('category')).toEqual(new Set(['RECONCILIATION', 'POINT_IN_TIME']));
    expect(valuesOf('status')).toEqual(new Set(['COMPLETED', 'IN_PROGRESS', 'FAILED']));
  });

  it.each([
    ['broadworks', 'broadworksCompleted', 'COMPLETED'],
    ['broadworks', 'broadworksInProgress', 'IN_PROGRESS'],
    ['broadworks', 'broadworksFailed', 'FAILED'],
    ['wholesale', 'wholesaleCompleted', 'COMPLETED'],
    ['wholesale', 'wholesaleInProgress', 'IN_PROGRESS'],
    ['wholesale', 'wholesaleFailed', 'FAILED'],
  ] as const)('gets a %s report (%s) as Report with status %s', async (family, name, status) => {
    const id = SEED_IDS[name];
    const reply = await get(`/v1/${family}/billing/reports/${id}`);
    expect(reply.status).toBe(200);
    expectValid(
      family === 'broadworks' ? schemas.broadworksReport : schemas.wholesaleReport,
      reply.json,
    );
    expect(reply.body).toMatchObject({
      id,
      status,
      created: anIsoTime,
      createdBy: aString,
    });
    expect('tempDownloadURL' in reply.body).toBe(status === 'COMPLETED');
    expect('errors' in reply.body).toBe(status === 'FAILED');
    if (status === 'FAILED') expect((reply.body.errors as Json[]).length).toBeGreaterThan(0);
  });

  it('signs tempDownloadURL with Expires = now + downloadUrlLifetimeS, on the caller host', async () => {
    const reply = await get(`${WS}/${SEED_IDS.wholesaleCompleted}`);
    const url = new URL(reply.body.tempDownloadURL as string);
    expect(url.origin).toBe(origin);
    expect(url.pathname).toBe(`/downloads/${SEED_IDS.wholesaleCompleted}.csv`);
    expect(Number(url.searchParams.get('Expires'))).toBe(START / 1000 + 3600);
    expect(url.searchParams.get('Signature')).toBeTruthy();
    expect(url.searchParams.get('Key-Pair-Id')).toBeTruthy();
  });

  it('creates a BroadWorks report: 200 ReportId from a spec-valid body', async () => {
    const request = { billingPeriod: '2025-02' };
    expectValid(schemas.broadworksCreate, request);
    const reply = await call('POST', BW, { json: request });
    expect(reply.status).toBe(200);
    expectValid(schemas.broadworksCreated, reply.json);
    expect(Buffer.from(reply.body.id as string, 'base64url').toString()).toMatch(
      /^ciscospark:\/\/us\/BILLING_REPORT\/[0-9a-f-]{36}$/,
    );
    expect(reply.body.id).not.toContain('=');
    expect(sandbox.createdReports()).toEqual([{ family: 'broadworks', id: reply.body.id }]);
  });

  it('creates a Wholesale report: 200 ReportId with dates, type (default PARTNER) and category', async () => {
    const minimal = { billingStartDate: '2025-02-01', billingEndDate: '2025-02-28' };
    const full = {
      ...minimal,
      type: 'CUSTOMER',
      subPartnerOrgId: SEED_SUB_PARTNER_ORG_ID,
      internal: true,
    };
    for (const [request, type] of [
      [minimal, 'PARTNER'],
      [full, 'CUSTOMER'],
    ] as const) {
      expectValid(schemas.wholesaleCreate, request);
      const reply = await call('POST', WS, { json: request });
      expect(reply.status).toBe(200);
      expectValid(schemas.wholesaleCreated, reply.json);
      expect(reply.body).toEqual({
        id: aString,
        ...minimal,
        type,
        category: 'RECONCILIATION',
      });
    }
  });

  it('answers the refresh grant with the OAuth token shape', async () => {
    const reply = await call('POST', '/v1/access_token', {
      token: null,
      form: {
        grant_type: 'refresh_token',
        client_id: 'sandbox-client-id',
        client_secret: 'sandbox-client-secret',
        refresh_token: 'sandbox-refresh-token',
      },
    });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'refresh_token_expires_in',
      'token_type',
    ]);
    expect(reply.body).toEqual({
      access_token: aString,
      expires_in: 60,
      refresh_token: aString,
      refresh_token_expires_in: aNumber,
      token_type: 'Bearer',
    });
  });

  it('accepts only spec-valid create bodies (property)', async () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const month = fc.constantFrom('2024-02', '2024-13', '2024-2', '', 'soon');
    const date = fc.constantFrom('2024-02-01', '2024-02-29', '2023-02-29', '2024-1-1', 'x');
    const anything = fc.oneof(fc.string(), fc.integer(), fc.boolean());
    const broadworks = fc.record({
      billingPeriod: maybe(fc.oneof(month, anything)),
      extra: maybe(anything),
    });
    const wholesale = fc.record({
      billingStartDate: maybe(date),
      billingEndDate: maybe(date),
      internal: maybe(anything),
      type: maybe(fc.constantFrom('PARTNER', 'USER', 'partner', 'ADMIN')),
      subPartnerOrgId: maybe(anything),
      extra: maybe(anything),
    });
    const withoutUndefined = (body: Json): Json => JSON.parse(JSON.stringify(body)) as Json;
    const body = fc.oneof(
      broadworks.map((b) => ['broadworks', withoutUndefined(b)] as const),
      wholesale.map((b) => ['wholesale', withoutUndefined(b)] as const),
    );
    await fc.assert(
      fc.asyncProperty(body, async ([family, json]) => {
        const reply = await call('POST', `/v1/${family}/billing/reports`, { json });
        expect([200, 400]).toContain(reply.status);
        if (reply.status === 200)
          expectValid(
            family === 'broadworks' ? schemas.broadworksCreate : schemas.wholesaleCreate,
            json,
          );
      }),
      { numRuns: 60 },
    );
  });
});

/* ---------- lifecycle ---------- */

describe('report lifecycle', () => {
  it('keeps a created report IN_PROGRESS for completeAfterMs, then COMPLETED with a download URL', async () => {
    const created = await call('POST', BW, { json: { billingPeriod: '2025-01' } });
    const path = `${BW}/${created.body.id as string}`;
    const early = await get(path);
    expect(early.body).toMatchObject({
      status: 'IN_PROGRESS',
      created: new Date(START).toISOString(),
    });
    expect(early.body.tempDownloadURL).toBeUndefined();
    expect(itemsOf(await get(`${BW}?after=2024-12`))).toEqual([
      { id: created.body.id, billingPeriod: '2025-01', status: 'IN_PROGRESS' },
    ]);
    clock += 1000;
    const done = await get(path);
    expectValid(schemas.broadworksReport, done.json);
    expect(done.body).toMatchObject({ status: 'COMPLETED', tempDownloadURL: aString });
  });

  it('keeps seeded IN_PROGRESS reports in progress however much time passes', async () => {
    clock += 365 * 24 * 3600 * 1000;
    expect((await get(`${WS}/${SEED_IDS.wholesaleInProgress}`)).body.status).toBe('IN_PROGRESS');
  });

  it('lets setReport force a status, errors and the download URL expiry', async () => {
    const created = await call('POST', WS, {
      json: { billingStartDate: '2025-01-01', billingEndDate: '2025-01-31' },
    });
    const id = created.body.id as string;
    sandbox.setReport('wholesale', id, {
      status: 'FAILED',
      errors: [{ code: 7, description: 'boom' }],
    });
    clock += 5000;
    const failed = await get(`${WS}/${id}`);
    expectValid(schemas.wholesaleReport, failed.json);
    expect(failed.body).toMatchObject({
      status: 'FAILED',
      errors: [{ code: 7, description: 'boom' }],
    });
    sandbox.setReport('wholesale', id, {
      status: 'COMPLETED',
      downloadUrlExpiresAt: 1_700_000_000,
    });
    expect((await get(`${WS}/${id}`)).body.tempDownloadURL).toContain('Expires=1700000000&');
    sandbox.setReport('wholesale', id, { downloadUrlExpiresAt: null });
    expect((await get(`${WS}/${id}`)).body).not.toHaveProperty('tempDownloadURL');
    sandbox.setReport('wholesale', id, { status: 'QUEUED' });
    expect((await get(`${WS}/${id}`)).body.status).toBe('QUEUED');
    expect(() => sandbox.setReport('broadworks', id, { status: 'FAILED' })).toThrow(
      /no broadworks report/,
    );
  });

  it('deletes a report: 204, then 404 for it', async () => {
    const path = `${BW}/${SEED_IDS.broadworksFeb2024}`;
    const deleted = await call('DELETE', path);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expectWebexError(await get(path), 404);
    expectWebexError(await call('DELETE', path), 404);
  });

  it('serves the CSV behind tempDownloadURL until it expires, and refuses a forged one', async () => {
    const url = (await get(`${BW}/${SEED_IDS.broadworksFeb2024}`)).body.tempDownloadURL as string;
    const csv = await get(url, { token: null });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain('2024-02');
    expect(
      (await get(url.replace(/Signature=[^&]+/, 'Signature=forged'), { token: null })).status,
    ).toBe(403);
    clock += 3601 * 1000;
    expect((await get(url, { token: null })).status).toBe(403);
    expect(sandbox.requests()).toHaveLength(1);
  });
});

/* ---------- filters, sorting and paging ---------- */

describe('lists', () => {
  it('applies BroadWorks before/after as exclusive YYYY-MM bounds and sortBy', async () => {
    const periods = (reply: Reply): string[] =>
      itemsOf(reply).map((item) => item.billingPeriod as string);
    expect(periods(await get(`${BW}?after=2024-01&before=2024-04`))).toEqual([
      '2024-03',
      '2024-02',
    ]);
    const byId = idsOf(await get(`${BW}?sortBy=id`));
    expect(byId).toEqual([...byId].sort());
    const byStatus = itemsOf(await get(`${BW}?sortBy=status`)).map((item) => item.status as string);
    expect(byStatus).toEqual([...byStatus].sort());
  });

  it('applies the Wholesale filters as exact matches', async () => {
    const all = itemsOf(await get(WS));
    const expectFilter = async (query: string, keep: (item: Json) => boolean): Promise<void> => {
      const expected = all.filter(keep).map((item) => item.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(idsOf(await get(`${WS}?${query}`)).sort()).toEqual([...expected].sort());
    };
    await expectFilter('type=USER', (item) => item.type === 'USER');
    await expectFilter('status=FAILED', (item) => item.status === 'FAILED');
    await expectFilter(
      'billingStartDate=2024-01-01&billingEndDate=2024-01-31',
      (item) => item.billingStartDate === '2024-01-01',
    );
    await expectFilter(
      'billingEndDate=2024-02-10',
      (item) => item.id === SEED_IDS.wholesalePointInTime,
    );
    expect(idsOf(await get(`${WS}?subPartnerOrgId=${SEED_SUB_PARTNER_ORG_ID}`))).toContain(
      SEED_IDS.wholesaleSubPartner,
    );
    expect(itemsOf(await get(`${WS}?subPartnerOrgId=${SEED_SUB_PARTNER_ORG_ID}`))).toHaveLength(2);
    const byEnd = itemsOf(await get(`${WS}?sortBy=billingEndDate`)).map(
      (item) => item.billingEndDate as string,
    );
    expect(byEnd).toEqual([...byEnd].sort().reverse());
  });

  it('pages with max and an absolute Link next that keeps the filters', async () => {
    const first = await get(`${WS}?type=PARTNER&max=3`);
    expect(itemsOf(first)).toHaveLength(3);
    const next = new URL(nextLinkOf(first) ?? '');
    expect(next.origin).toBe(origin);
    expect(next.pathname).toBe(WS);
    expect(next.searchParams.get('type')).toBe('PARTNER');
    expect(next.searchParams.get('max')).toBe('3');
    const { pages, items } = await allPages(`${WS}?type=PARTNER&max=3`);
    expect(items.map((item) => item.id)).toEqual(idsOf(await get(`${WS}?type=PARTNER`)));
    expect(items.every((item) => item.type === 'PARTNER')).toBe(true);
    expect(pages.length).toBe(Math.ceil(items.length / 3));
    expect(nextLinkOf(pages[pages.length - 1])).toBeNull();
    pages.forEach((page) => expectValid(schemas.wholesaleList, page.json));
  });

  it('pages BroadWorks by the pageSize option', async () => {
    const small = await startSandbox({ pageSize: 5 });
    try {
      const first = await get(`${small.baseUrl}/broadworks/billing/reports?after=2023-07`);
      expect(itemsOf(first)).toHaveLength(5);
      expect(nextLinkOf(first)).toContain('after=2023-07');
      const { items } = await allPages(`${small.baseUrl}/broadworks/billing/reports?after=2023-07`);
      expect(items).toHaveLength(11);
    } finally {
      await small.close();
    }
  });

  it('reproduces the Link quirks: filters dropped, or a foreign host', async () => {
    sandbox.setLinkMode('drop-filters');
    const dropped = new URL(nextLinkOf(await get(`${WS}?type=USER&status=COMPLETED&max=2`)) ?? '');
    expect([...dropped.searchParams.keys()].sort()).toEqual(['cursor', 'max']);
    const unfiltered = itemsOf(await get(dropped.href));
    expect(unfiltered.some((item) => item.type !== 'USER')).toBe(true);
    sandbox.setLinkMode('foreign-host');
    const foreign = new URL(nextLinkOf(await get(`${WS}?type=USER&max=2`)) ?? '');
    expect(foreign.host).toBe('evil.example.com');
    expect(foreign.searchParams.get('type')).toBe('USER');
    sandbox.reset();
    expect(new URL(nextLinkOf(await get(`${WS}?max=2`)) ?? '').origin).toBe(origin);
  });

  it('sends no Link when everything fits', async () => {
    expect((await get(WS)).headers.get('link')).toBeNull();
    expect((await get(`${WS}?max=20`)).headers.get('link')).toBeNull();
  });
});

/* ---------- errors ---------- */

describe('errors', () => {
  it.each([
    `${BW}?before=2024-13`,
    `${BW}?after=24-01`,
    `${BW}?sortBy=created`,
    `${BW}?before=2024-01&before=2024-02`,
    `${WS}?billingStartDate=2023-02-29`,
    `${WS}?billingEndDate=2024-1-31`,
    `${WS}?type=partner`,
    `${WS}?status=DONE`,
    `${WS}?sortBy=billingstartdate`,
    `${WS}?max=0`,
    `${WS}?max=101`,
    `${WS}?max=2.5`,
    `${WS}?cursor=bm9wZQ`,
  ])('answers 400 to GET %s', async (target) => {
    expectWebexError(await get(target), 400);
  });

  it.each([
    [BW, {}],
    [BW, { billingPeriod: '2024-13' }],
    [BW, { billingPeriod: '2024-01', extra: 1 }],
    [BW, ['2024-01']],
    [WS, { billingStartDate: '2024-01-01' }],
    [WS, { billingStartDate: '2024-02-01', billingEndDate: '2024-01-31' }],
    [WS, { billingStartDate: '2024-01-01', billingEndDate: '2024-01-31', type: 'ADMIN' }],
    [WS, { billingStartDate: '2024-01-01', billingEndDate: '2024-01-31', internal: 'yes' }],
  ])('answers 400 to POST %s %j and creates nothing', async (target, json) => {
    expectWebexError(await call('POST', target, { json }), 400);
    expect(sandbox.createdReports()).toEqual([]);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const headers = { 'content-type': 'application/json' };
    expectWebexError(await call('POST', BW, { headers, raw: '{"billingPeriod": "2024-01"' }), 400);
    expectWebexError(await call('POST', BW, { headers, raw: 'billingPeriod=2024-01' }), 400);
    expectWebexError(await call('POST', BW), 400);
  });

  it.each([
    `${BW}/${UNKNOWN_REPORT_ID}`,
    `${BW}/${SEED_IDS.wholesaleCompleted}`,
    `${WS}/${SEED_IDS.broadworksCompleted}`,
    '/v1/broadworks/billing',
    '/v1/people/me',
    '/elsewhere',
  ])('answers 404 to GET %s', async (target) => {
    expectWebexError(await get(target), 404);
  });

  it('answers 401 without a valid bearer token, echoing the TrackingID', async () => {
    for (const token of [null, 'wrong-token']) {
      const reply = await get(WS, { token, headers: { TrackingID: `BFF_${String(token)}` } });
      expectWebexError(reply, 401);
      expect(reply.body.trackingId).toBe(`BFF_${String(token)}`);
    }
    expectWebexError(
      await get(WS, { token: null, headers: { authorization: 'Basic sandbox-token' } }),
      401,
    );
  });

  it('generates a tracking id when the caller sends none', async () => {
    const reply = await get(`${WS}/${UNKNOWN_REPORT_ID}`);
    expect(reply.body.trackingId).toMatch(/^SANDBOX_/);
    expect((await get(WS, { headers: { trackingid: 'T-1' } })).headers.get('trackingid')).toBe(
      'T-1',
    );
  });
});

/* ---------- tokens ---------- */

describe('OAuth refresh', () => {
  const grant = (refreshToken: string, overrides: Record<string, string> = {}): Promise<Reply> =>
    call('POST', '/v1/access_token', {
      token: null,
      form: {
        grant_type: 'refresh_token',
        client_id: 'sandbox-client-id',
        client_secret: 'sandbox-client-secret',
        refresh_token: refreshToken,
        ...overrides,
      },
    });

  it('issues a working access token and rotates the refresh token', async () => {
    const first = await grant('sandbox-refresh-token');
    const rotated = first.body.refresh_token as string;
    expect(rotated).not.toBe('sandbox-refresh-token');
    expect(sandbox.refreshTokenNow()).toBe(rotated);
    expect((await get(WS, { token: first.body.access_token as string })).status).toBe(200);
    expectWebexError(await grant('sandbox-refresh-token'), 400);
    const second = await grant(rotated);
    expect(second.status).toBe(200);
    expectWebexError(await grant(rotated), 400);
    expect(sandbox.refreshTokenNow()).toBe(second.body.refresh_token);
  });

  it('expires issued access tokens by the sandbox clock, never the static one', async () => {
    const token = (await grant(sandbox.refreshTokenNow())).body.access_token as string;
    clock += 59_999;
    expect((await get(WS, { token })).status).toBe(200);
    clock += 1;
    expectWebexError(await get(WS, { token }), 401);
    expect((await get(WS)).status).toBe(200);
  });

  it('refuses a wrong client (401) or grant type (400)', async () => {
    expectWebexError(await grant(sandbox.refreshTokenNow(), { client_secret: 'nope' }), 401);
    expectWebexError(await grant(sandbox.refreshTokenNow(), { client_id: 'nope' }), 401);
    expectWebexError(
      await grant(sandbox.refreshTokenNow(), { grant_type: 'client_credentials' }),
      400,
    );
  });

  it('re-admits the initial refresh token on reset, keeping the rotated one valid', async () => {
    const rotated = (await grant('sandbox-refresh-token')).body.refresh_token as string;
    sandbox.reset();
    expect((await grant('sandbox-refresh-token')).status).toBe(200);
    expect((await grant(rotated)).status).toBe(200);
  });

  it('keeps the refresh token when rotation is off', async () => {
    const fixed = await startSandbox({
      rotateRefreshToken: false,
      refreshToken: 'rt',
      clientId: 'id',
      clientSecret: 'secret',
    });
    try {
      const form = {
        grant_type: 'refresh_token',
        client_id: 'id',
        client_secret: 'secret',
        refresh_token: 'rt',
      };
      for (let i = 0; i < 2; i++) {
        const reply = await call('POST', `${fixed.baseUrl}/access_token`, { token: null, form });
        expect(reply.body.refresh_token).toBe('rt');
      }
      expect(fixed.refreshTokenNow()).toBe('rt');
    } finally {
      await fixed.close();
    }
  });
});

/* ---------- faults ---------- */

describe('faults', () => {
  const statusesOf = (): number[] => sandbox.requests().map((entry) => entry.status);

  it('answers a 429 with a Webex body and Retry-After in seconds, once', async () => {
    sandbox.addFault({
      method: 'GET',
      path: '/wholesale/billing/reports',
      status: 429,
      retryAfter: '7',
    });
    const throttled = await get(`${WS}?type=USER`, { headers: { trackingid: 'T-429' } });
    expectWebexError(throttled, 429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(throttled.body.trackingId).toBe('T-429');
    expect((await get(WS)).status).toBe(200);
    expect(statusesOf()).toEqual([429, 200]);
  });

  it('answers a 423 with Retry-After as an HTTP date, or garbage, verbatim', async () => {
    const date = new Date(START + 30_000).toUTCString();
    sandbox.addFault({
      path: `/broadworks/billing/reports/${SEED_IDS.broadworksCompleted}`,
      status: 423,
      retryAfter: date,
    });
    sandbox.addFault({ path: '/broadworks', status: 429, retryAfter: 'rand(30),add(30)' });
    const locked = await get(`${BW}/${SEED_IDS.broadworksCompleted}`);
    expectWebexError(locked, 423);
    expect(locked.headers.get('retry-after')).toBe(date);
    expect((await get(BW)).headers.get('retry-after')).toBe('rand(30),add(30)');
  });

  it('applies a fault `times` times, only to matching method and path, in order of addition', async () => {
    sandbox.addFault({ method: 'POST', path: '/broadworks', status: 503, times: 2 });
    sandbox.addFault({ method: 'POST', status: 500 });
    expect((await get(BW)).status).toBe(200);
    expect((await call('POST', BW, { json: { billingPeriod: '2025-01' } })).status).toBe(503);
    expect((await call('POST', WS, { json: {} })).status).toBe(500);
    expect((await call('POST', BW, { json: { billingPeriod: '2025-01' } })).status).toBe(503);
    expect((await call('POST', BW, { json: { billingPeriod: '2025-01' } })).status).toBe(200);
    expect(sandbox.createdReports()).toHaveLength(1);
  });

  it('applies a durationMs fault to every matching request until the sandbox clock passes it', async () => {
    sandbox.addFault({ path: '/wholesale', status: 502, durationMs: 1000, times: 1 });
    expect((await get(WS)).status).toBe(502);
    expect((await get(`${WS}/${SEED_IDS.wholesaleCompleted}`)).status).toBe(502);
    clock += 999;
    expect((await get(WS)).status).toBe(502);
    clock += 1;
    expect((await get(WS)).status).toBe(200);
  });

  it('delays, then handles normally', async () => {
    sandbox.addFault({ delayMs: 150 });
    const started = Date.now();
    const reply = await get(`${BW}/${SEED_IDS.broadworksCompleted}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(reply.status).toBe(200);
    expectValid(schemas.broadworksReport, reply.json);
  });

  it('trickles the body one byte at a time', async () => {
    sandbox.addFault({ body: 'abcd', trickleMs: 40 });
    const started = Date.now();
    const reply = await get(`${BW}/${SEED_IDS.broadworksCompleted}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('abcd');
  });

  it('destroys the socket before handling: nothing is created', async () => {
    sandbox.addFault({ method: 'POST', destroy: 'before' });
    await expect(call('POST', BW, { json: { billingPeriod: '2025-01' } })).rejects.toThrow();
    expect(sandbox.createdReports()).toEqual([]);
    expect(sandbox.requests()).toMatchObject([{ method: 'POST', path: BW, status: 0 }]);
  });

  it('destroys the socket after handling: the report exists although the caller got no answer', async () => {
    sandbox.addFault({ method: 'POST', destroy: 'after' });
    await expect(
      call('POST', WS, { json: { billingStartDate: '2025-01-01', billingEndDate: '2025-01-31' } }),
    ).rejects.toThrow();
    const [created] = sandbox.createdReports();
    expect(created.family).toBe('wholesale');
    expect((await get(`${WS}/${created.id}`)).body).toMatchObject({
      id: created.id,
      billingStartDate: '2025-01-01',
    });
    expect(statusesOf()).toEqual([0, 200]);
  });

  it('sends a truncated JSON body with 200', async () => {
    sandbox.addFault({ path: '/broadworks/billing/reports', malformedJson: true });
    const reply = await get(BW);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('application/json');
    expect(reply.text.startsWith('{"items":[')).toBe(true);
    expect(() => JSON.parse(reply.text) as unknown).toThrow();
  });

  it('replaces the body and adds headers, with or without a status', async () => {
    sandbox.addFault({
      status: 502,
      body: '<html>Bad gateway</html>',
      headers: { 'Content-Type': 'text/html' },
    });
    const html = await get(WS);
    expect([html.status, html.text, html.headers.get('content-type')]).toEqual([
      502,
      '<html>Bad gateway</html>',
      'text/html',
    ]);
    sandbox.addFault({ body: { items: [{ id: 42 }] }, headers: { 'x-extra': 'yes' } });
    const odd = await get(WS);
    expect([odd.status, odd.json, odd.headers.get('x-extra')]).toEqual([
      200,
      { items: [{ id: 42 }] },
      'yes',
    ]);
  });

  it('faults the token endpoint too', async () => {
    sandbox.addFault({ path: '/access_token', status: 500 });
    const form = {
      grant_type: 'refresh_token',
      client_id: 'sandbox-client-id',
      client_secret: 'sandbox-client-secret',
      refresh_token: sandbox.refreshTokenNow(),
    };
    expectWebexError(await call('POST', '/v1/access_token', { token: null, form }), 500);
    expect((await call('POST', '/v1/access_token', { token: null, form })).status).toBe(200);
  });

  it('closes promptly while a delayed request is pending', async () => {
    const own = await startSandbox();
    own.addFault({ delayMs: 20_000 });
    const pending = get(`${own.baseUrl}/wholesale/billing/reports`);
    pending.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });
});

/* ---------- request log, control API, reset ---------- */

describe('request log', () => {
  it('records method, path, query, lower-cased headers, parsed body, time and status', async () => {
    await call('POST', `${BW}?dryRun=no`, {
      json: { billingPeriod: '2025-01' },
      headers: { TrackingID: 'BFF_1' },
    });
    clock += 10;
    await get(`${WS}?type=USER&type=CUSTOMER`);
    const [post, list] = sandbox.requests();
    expect(post).toMatchObject({
      method: 'POST',
      path: BW,
      query: { dryRun: 'no' },
      body: { billingPeriod: '2025-01' },
      at: START,
      status: 200,
    });
    expect(post.headers).toMatchObject({
      trackingid: 'BFF_1',
      authorization: 'Bearer sandbox-token',
    });
    expect(list).toMatchObject({
      method: 'GET',
      path: WS,
      query: { type: ['USER', 'CUSTOMER'] },
      at: START + 10,
      status: 400,
    });
    expect(sandbox.count()).toBe(2);
    expect(sandbox.count('GET')).toBe(1);
    expect(sandbox.count(undefined, '/broadworks')).toBe(1);
    expect(sandbox.count('get', '/wholesale/billing/reports')).toBe(1);
    expect(sandbox.count('GET', '/v1/wholesale')).toBe(1);
  });

  it('parses a form body and logs the token call', async () => {
    await call('POST', '/v1/access_token', { token: null, form: { grant_type: 'refresh_token' } });
    expect(sandbox.requests()).toMatchObject([
      { path: '/v1/access_token', body: { grant_type: 'refresh_token' }, status: 401 },
    ]);
  });
});

describe('control API over HTTP', () => {
  const control = (method: string, path: string, json?: unknown): Promise<Reply> =>
    call(method, `/_sandbox${path}`, { token: null, json });

  it('adds faults, sets the link mode, patches reports, reports counters and the log, and resets', async () => {
    expect(
      (
        await control('POST', '/faults', [
          { path: '/wholesale', status: 429, retryAfter: '1' },
          { status: 503 },
        ])
      ).status,
    ).toBe(204);
    expect((await get(WS)).status).toBe(429);
    expect((await get(`${BW}/${SEED_IDS.broadworksCompleted}`)).status).toBe(503);
    expect((await control('PUT', '/link-mode', { mode: 'foreign-host' })).status).toBe(204);
    expect(nextLinkOf(await get(`${WS}?max=1`))).toContain('//evil.example.com/');
    const patch = { status: 'FAILED', errors: [{ code: 1, description: 'x' }] };
    expect(
      (await control('PATCH', `/reports/wholesale/${SEED_IDS.wholesaleCompleted}`, patch)).status,
    ).toBe(204);
    expect((await get(`${WS}/${SEED_IDS.wholesaleCompleted}`)).body).toMatchObject(patch);
    const counters = await control('GET', '/counters');
    expect(counters.json).toEqual({
      total: 4,
      byRoute: {
        'GET /wholesale/billing/reports': 2,
        'GET /broadworks/billing/reports/{id}': 1,
        'GET /wholesale/billing/reports/{id}': 1,
      },
    });
    expect(((await control('GET', '/requests')).json as unknown[]).length).toBe(4);
    expect((await control('POST', '/reset')).status).toBe(204);
    expect(sandbox.requests()).toEqual([]);
    expect((await get(`${WS}/${SEED_IDS.wholesaleCompleted}`)).body.status).toBe('COMPLETED');
  });

  it('answers the created reports and the current refresh token', async () => {
    const created = await call('POST', BW, { json: { billingPeriod: '2025-01' } });
    expect((await control('GET', '/created-reports')).json).toEqual([
      { family: 'broadworks', id: created.body.id },
    ]);
    expect((await control('GET', '/refresh-token')).json).toEqual({
      refreshToken: sandbox.refreshTokenNow(),
    });
    expect(sandbox.count()).toBe(1);
  });

  it('refuses bad control input', async () => {
    expect((await control('POST', '/faults', { status: 'soon' })).status).toBe(400);
    expect((await control('POST', '/faults', { statuss: 500 })).status).toBe(400);
    expect((await control('PUT', '/link-mode', { mode: 'weird' })).status).toBe(400);
    expect(
      (await control('PATCH', `/reports/broadworks/${UNKNOWN_REPORT_ID}`, { status: 'FAILED' }))
        .status,
    ).toBe(404);
    expect((await control('GET', '/nothing')).status).toBe(404);
    expect((await get(WS)).status).toBe(200);
  });
});

describe('reset and seed', () => {
  it('restores the seed data and forgets faults, link mode, the log and created reports', async () => {
    await call('DELETE', `${BW}/${SEED_IDS.broadworksCompleted}`);
    await call('POST', BW, { json: { billingPeriod: '2025-01' } });
    sandbox.setReport('broadworks', SEED_IDS.broadworksInProgress, { status: 'COMPLETED' });
    sandbox.addFault({ status: 500, durationMs: 60_000 });
    sandbox.setLinkMode('drop-filters');
    sandbox.reset();
    expect(sandbox.requests()).toEqual([]);
    expect(sandbox.createdReports()).toEqual([]);
    expect(itemsOf(await get(BW))).toHaveLength(12);
    expect((await get(`${BW}/${SEED_IDS.broadworksInProgress}`)).body.status).toBe('IN_PROGRESS');
    expect(nextLinkOf(await get(`${WS}?type=PARTNER&max=1`))).toContain('type=PARTNER');
  });

  it('is deterministic, names existing reports, and can start empty', async () => {
    const other = await startSandbox({ now: () => START });
    const empty = await startSandbox({ seed: false });
    try {
      expect((await get(`${other.baseUrl}/wholesale/billing/reports`)).json).toEqual(
        (await get(WS)).json,
      );
      for (const [name, id] of Object.entries(SEED_IDS)) {
        const family = name.startsWith('broadworks') ? BW : WS;
        expect((await get(`${family}/${id}`)).status).toBe(200);
      }
      expect((await get(`${BW}/${SEED_IDS.broadworksFeb2024}`)).body.billingPeriod).toBe('2024-02');
      expect((await get(`${empty.baseUrl}/broadworks/billing/reports`)).json).toEqual({
        items: [],
      });
    } finally {
      await Promise.all([other.close(), empty.close()]);
    }
  });
});
