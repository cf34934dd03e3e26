import fc from 'fast-check';
import { Agent, get as httpGet } from 'node:http';
import { routesOf } from '../src/http/route-table';
import { SEED_IDS } from '../src/sandbox/sandbox.seed';
import { Sandbox } from '../src/sandbox/sandbox.server';
import { portOf, rawRequest, stopListening } from './support/raw-http';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

const KEY = 'test-api-key-1';
const BODIES: Record<string, string> = {
  broadworks: JSON.stringify({ billingPeriod: '2024-02' }),
  wholesale: JSON.stringify({ billingStartDate: '2024-01-01', billingEndDate: '2024-01-31' }),
};

/** A concrete path for a route pattern of the router's table. */
function concrete(pattern: string): string {
  if (pattern === '*') return '/v1/reports'; // CORS preflight's catch-all
  return pattern
    .replace(':family', 'wholesale')
    .replace(':id', SEED_IDS.wholesaleCompleted)
    .replace('*', 'swagger-ui.css');
}

/** Spellings of `path` that a router would normalise back to it: none of them may be served. */
function spellingsOf(path: string): string[] {
  const [first, ...rest] = path.slice(1).split('/');
  const encoded = `%${first.charCodeAt(0).toString(16)}${first.slice(1)}`;
  const tail = rest.length > 0 ? `/${rest.join('/')}` : '';
  return [
    `/${encoded}${tail}`, // the router decodes %76 to v
    `http://x${path}`, // absolute-form: the router strips the host
    `HTTP://127.0.0.1${path}`,
    `/${first}/.${tail}`,
    `/${first}/../${first}${tail}`,
    `/${first}/${tail}`, // an empty segment (or a trailing slash)
    `/${path}`,
    `${path}/`,
  ];
}

type Route = { method: string; url: string };

/**
 * Issue 13 / CONTRACT §2, §7: what a route decides is decided on the route that serves the request.
 * Every route of the router's own table (so a route added later is covered too), in every spelling a
 * router would normalise, without a key and after a caller's limit: never a 2xx or 3xx, never a call
 * to Webex.
 */
describe('the edge', () => {
  let sandbox: Sandbox;
  let service: TestApp;
  let port: number;
  let routes: Route[];

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    service = await createTestApp(sandbox, {
      API_KEYS: KEY,
      RATE_LIMIT_PER_MINUTE: '5',
      CORS_ORIGINS: 'https://dash.example.com',
      TRUST_PROXY: '127.0.0.1', // each keyless request below comes from an address of its own
    });
    port = await portOf(service);
    routes = routesOf(service.app.getHttpAdapter().getInstance()).map((route) => ({
      method: route.method,
      url: route.url,
    }));
  });
  afterAll(async () => {
    await stopListening(service);
    await service.close();
    await sandbox.close();
  });
  beforeEach(() => sandbox.reset());

  let address = 0;
  const fromNewAddress = () => ({ 'x-forwarded-for': `192.0.2.${(address += 1) % 250}` });
  const send = (route: Route, target: string, headers: Record<string, string> = {}) =>
    rawRequest(port, {
      method: route.method,
      target,
      headers: {
        ...(route.method === 'POST' ? { 'content-type': 'application/json' } : {}),
        ...fromNewAddress(),
        ...headers,
      },
      body:
        route.method === 'POST'
          ? BODIES[/broadworks/.test(target) ? 'broadworks' : 'wholesale']
          : undefined,
    });

  it('knows every route the API serves', () => {
    const urls = routes.map((route) => `${route.method} ${route.url}`);
    for (const expected of [
      'GET /v1/reports',
      'GET /v1/reports/wholesale',
      'POST /v1/reports/broadworks',
      'GET /v1/reports/broadworks/:id',
      'DELETE /v1/reports/wholesale/:id',
      'GET /v1/reports/wholesale/:id/download',
      'GET /health/ready',
      'GET /docs-json',
    ])
      expect(urls).toContain(expected);
  });

  it('refuses every non-canonical spelling of every route with a 400 problem, key or not', async () => {
    for (const route of routes)
      for (const target of spellingsOf(concrete(route.url)))
        for (const headers of [{}, { 'x-api-key': KEY }] as Record<string, string>[]) {
          const answer = await send(route, target, headers);
          expect([`${route.method} ${target}`, answer.status]).toEqual([
            `${route.method} ${target}`,
            400,
          ]);
          if (route.method === 'HEAD') continue; // no body
          expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(answer.body?.type).toBe('invalid-target');
        }
    expect(sandbox.requests()).toEqual([]);
  });

  it('answers every /v1 route 401 without a valid key, the cache-hit path included', async () => {
    const warm = `/v1/reports/broadworks/${SEED_IDS.broadworksCompleted}`;
    for (let i = 0; i < 2; i += 1)
      await send({ method: 'GET', url: warm }, warm, { 'x-api-key': KEY });
    sandbox.reset();
    const api = routes.filter((route) => route.url.startsWith('/v1'));
    expect(api.length).toBeGreaterThan(8);
    for (const route of [...api, { method: 'GET', url: warm }])
      for (const headers of [
        {},
        { 'x-api-key': 'wrong' },
        { authorization: 'Bearer wrong' },
      ] as Record<string, string>[]) {
        const answer = await send(route, concrete(route.url), headers);
        expect([`${route.method} ${route.url}`, answer.status]).toEqual([
          `${route.method} ${route.url}`,
          401,
        ]);
      }
    expect(sandbox.requests()).toEqual([]);
  });

  it('answers every /v1 route 429 once the caller is over its limit, before any other work', async () => {
    const limited = { 'x-api-key': KEY, 'x-forwarded-for': '192.0.2.251' };
    const list = { method: 'GET', url: '/v1/reports/wholesale' };
    let status = 200;
    for (let i = 0; i < 10 && status !== 429; i += 1)
      status = (await send(list, list.url, limited)).status;
    expect(status).toBe(429);
    sandbox.reset();
    for (const route of routes.filter((candidate) => candidate.url.startsWith('/v1'))) {
      const answer = await send(route, concrete(route.url), limited);
      expect([`${route.method} ${route.url}`, answer.status]).toEqual([
        `${route.method} ${route.url}`,
        429,
      ]);
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(sandbox.requests()).toEqual([]);
  });

  it('never answers 5xx, nor 2xx/3xx unguarded, whatever the target, headers and body', async () => {
    const segment = fc.oneof(
      fc.constantFrom('v1', 'reports', 'wholesale', 'broadworks', 'health', 'ready', 'docs-json'),
      fc.constantFrom('', '.', '..', '%2e', '%76', '%2F', '%zz', SEED_IDS.wholesaleCompleted),
      fc.stringMatching(/^[A-Za-z0-9%._~:@!$&'()*+,;=-]{0,8}$/),
    );
    const target = fc.tuple(
      fc.constantFrom('', 'http://x', 'HTTP://127.0.0.1:1', '/'),
      fc.array(segment, { maxLength: 5 }),
      fc.constantFrom('', '?', '?max=5', '?toString=1', '?__proto__=x', '?type=partner&type=user'),
    );
    const headers = fc.record(
      {
        'x-api-key': fc.constantFrom('', 'wrong', `${KEY} `, KEY.toUpperCase()),
        authorization: fc.constantFrom('Bearer', 'Bearer wrong', `Basic ${KEY}`),
        'content-type': fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
        ),
        origin: fc.constantFrom('https://dash.example.com', 'https://evil.example.com'),
        'cache-control': fc.constantFrom('no-cache', 'max-age=0'),
      },
      { requiredKeys: [] },
    );
    const method = fc.constantFrom('GET', 'HEAD', 'POST', 'DELETE', 'PUT', 'OPTIONS');
    const body = fc.oneof(fc.constant(undefined), fc.json({ maxDepth: 3 }));
    const publicTarget = /^\/(health\/(live|ready)|metrics|docs(-json)?(\/[^?]*)?)(\?.*)?$/;
    await fc.assert(
      fc.asyncProperty(
        target,
        method,
        headers,
        body,
        async ([prefix, segments, query], verb, sent, text) => {
          const raw = `${prefix}/${segments.join('/')}${query}`;
          const answer = await rawRequest(port, {
            method: verb,
            target: raw,
            headers: { ...fromNewAddress(), ...sent },
            body: text,
          });
          expect(answer.status).toBeLessThan(500);
          expect(answer.status).toBeGreaterThan(0);
          if (answer.status < 400 && verb !== 'OPTIONS') expect(raw).toMatch(publicTarget);
        },
      ),
      { numRuns: 300 },
    );
    expect(sandbox.requests()).toEqual([]);
  });
});

/** CONTRACT §7: failed authentication counts against the client address, so keys cannot be guessed. */
describe('key guessing', () => {
  let sandbox: Sandbox;
  let service: TestApp;
  let port: number;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    service = await createTestApp(sandbox, {
      API_KEYS: KEY,
      RATE_LIMIT_PER_MINUTE: '20',
      TRUST_PROXY: '127.0.0.1',
    });
    port = await portOf(service);
  });
  afterAll(async () => {
    await stopListening(service);
    await service.close();
    await sandbox.close();
  });

  const guess = (from: string, key: string) =>
    rawRequest(port, {
      method: 'GET',
      target: '/v1/reports/broadworks',
      headers: { 'x-api-key': key, 'x-forwarded-for': from },
    });

  it('refuses a burst of wrong keys with 429 once the address is over its limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1)
      statuses.push((await guess('203.0.113.7', `guess-${i}`)).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(20).fill(429));
    // the right key still works from there: it counts against the key, not the address
    expect((await guess('203.0.113.7', KEY)).status).toBe(200);
  });

  it('counts the address the trusted gateway forwards, so one guesser does not lock out others', async () => {
    for (let i = 0; i < 25; i += 1) await guess('198.51.100.1', `guess-${i}`);
    expect((await guess('198.51.100.1', 'guess-x')).status).toBe(429);
    expect((await guess('198.51.100.2', 'guess-y')).status).toBe(401);
    expect((await guess('198.51.100.2', KEY)).status).toBe(200);
  });

  /** Requests on one keep-alive connection: `ask(headers)` resolves with the status; `sockets` seen. */
  const oneConnection = () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const ask = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const request = httpGet(
          { host: '127.0.0.1', port, path: '/v1/reports/broadworks', agent, headers },
          (answer) => {
            sockets.add(answer.socket);
            answer.resume();
            answer.on('end', () => resolve(answer.statusCode ?? 0));
          },
        );
        request.on('error', reject);
      });
    return { agent, sockets, ask };
  };

  it('counts each forwarded address on one gateway connection against its own limit', async () => {
    const { agent, sockets, ask } = oneConnection();
    const from = (address: string) => ask({ 'x-api-key': 'wrong', 'x-forwarded-for': address });
    try {
      for (let i = 0; i < 20; i += 1) await from('192.0.2.50');
      const statuses = [
        await from('192.0.2.50'),
        await from('192.0.2.51'),
        await from('192.0.2.50'),
        await from('192.0.2.51'),
      ];
      expect(statuses).toEqual([429, 401, 429, 401]);
      expect(sockets.size).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it('checks every key a keep-alive connection sends, not only its first', async () => {
    const { agent, sockets, ask } = oneConnection();
    try {
      const statuses = [
        await ask({ 'x-api-key': KEY }),
        await ask({ 'x-api-key': `${KEY}x` }),
        await ask({}),
        await ask({ authorization: `Bearer ${KEY}` }),
        await ask({ 'x-api-key': KEY.slice(0, -1) }),
        await ask({ 'x-api-key': KEY }),
      ];
      expect(statuses).toEqual([200, 401, 401, 200, 401, 200]);
      expect(sockets.size).toBe(1);
    } finally {
      agent.destroy();
    }
  });
});
