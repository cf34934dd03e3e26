import type { Response } from 'supertest';
import { SEED_IDS } from '../src/sandbox/sandbox.seed';
import { Sandbox } from '../src/sandbox/sandbox.server';
import { capturedLogs, createTestApp, startTestSandbox, TestApp } from './support/test-app';

const KEY = 'test-api-key-1';
const ORIGIN = 'https://dash.example.com';
const ENV = { API_KEYS: KEY, CORS_ORIGINS: ORIGIN };
const LIST = '/v1/reports/wholesale?type=PARTNER';
const REPORT = `/v1/reports/broadworks/${SEED_IDS.broadworksCompleted}`;

/** Headers whose values are per request or per moment, compared by name only. */
const PER_REQUEST = new Set(['date', 'x-request-id', 'age', 'x-ratelimit-reset', 'keep-alive']);

type Case = {
  name: string;
  method?: 'GET' | 'HEAD';
  url: string;
  headers: (etag: string) => Record<string, string>;
  /** Expected to be answered by the edge when early hits are on. */
  early: boolean;
  /** Refused by the edge, early hits on or off. */
  refused?: boolean;
  /** A first request is a miss: nothing is sent before it. */
  cold?: boolean;
};

const withKey = { 'x-api-key': KEY };
const CASES: Case[] = [
  { name: 'a hit', url: LIST, headers: () => withKey, early: true },
  {
    name: 'a hit from a listed origin',
    url: LIST,
    headers: () => ({ ...withKey, origin: ORIGIN }),
    early: true,
  },
  {
    name: 'a hit from another origin',
    url: LIST,
    headers: () => ({ ...withKey, origin: 'https://evil.example.com' }),
    early: true,
  },
  {
    name: 'a hit with Bearer',
    url: LIST,
    headers: () => ({ authorization: `Bearer ${KEY}` }),
    early: true,
  },
  {
    name: 'a matching If-None-Match (304)',
    url: LIST,
    headers: (etag) => ({ ...withKey, 'if-none-match': etag }),
    early: true,
  },
  {
    name: 'another If-None-Match',
    url: LIST,
    headers: () => ({ ...withKey, 'if-none-match': '"other"' }),
    early: true,
  },
  {
    name: 'no-cache on a young entry',
    url: LIST,
    headers: () => ({ ...withKey, 'cache-control': 'no-cache' }),
    early: true,
  },
  { name: 'HEAD', method: 'HEAD', url: LIST, headers: () => withKey, early: true },
  { name: 'a report', url: REPORT, headers: () => ({ ...withKey, origin: ORIGIN }), early: true },
  { name: 'no key', url: LIST, headers: () => ({}), early: true, refused: true },
  {
    name: 'a wrong key',
    url: LIST,
    headers: () => ({ 'x-api-key': 'wrong' }),
    early: true,
    refused: true,
  },
  {
    name: 'a miss',
    url: '/v1/reports/wholesale?type=USER&status=FAILED',
    headers: () => withKey,
    early: false,
    cold: true,
  },
];

const answeredEarly = (requestId: string) =>
  capturedLogs.lines.filter(
    (line) => line.includes(`"requestId":"${requestId}"`) && line.includes('"fastPath":true'),
  ).length;

function comparable(response: Response) {
  const headers = Object.entries(response.headers as Record<string, string>)
    .map(([name, value]) => [name, PER_REQUEST.has(name) ? '*' : value])
    .sort(([a], [b]) => a.localeCompare(b));
  return { status: response.status, headers, body: response.text ?? '' };
}

/**
 * Issue 15: a hit answered early by the edge and the same request forced through the route handler
 * give the same status, the same headers (Date, request id, Age and the rate-limit reset aside) and
 * the same body — CORS, Vary, security, rate-limit and cache headers come from one definition.
 */
describe('early hits and the full pipeline answer alike', () => {
  let sandbox: Sandbox;
  let early: TestApp;
  let full: TestApp;
  let counter = 0;

  beforeAll(async () => {
    const now = Date.now();
    // A fixed sandbox clock and long-lived download URLs: both services store the same bytes.
    sandbox = await startTestSandbox({ now: () => now, downloadUrlLifetimeS: 864_000 });
    early = await createTestApp(sandbox, ENV);
    full = await createTestApp(sandbox, ENV, { earlyHits: false });
    for (const app of [early, full])
      for (const url of [LIST, REPORT])
        for (let i = 0; i < 2; i += 1) await app.http().get(url).set(withKey).expect(200);
  });
  afterAll(async () => {
    await early.close();
    await full.close();
    await sandbox.close();
  });

  it.each(CASES)(
    '$name',
    async ({ method = 'GET', url, headers, early: expectEarly, cold, refused }) => {
      let etag = '';
      if (!cold)
        for (const app of [early, full])
          // the same requests to both: equal rate-limit counts
          etag = (await app.http().get(url).set(withKey)).headers.etag;
      const id = `diff-${(counter += 1)}`; // the same id to both: it is in problem bodies
      const send = (app: TestApp) =>
        (method === 'HEAD' ? app.http().head(url) : app.http().get(url)).set({
          ...headers(etag),
          'x-request-id': id,
        });
      const a = await send(early);
      expect(answeredEarly(id)).toBe(expectEarly ? 1 : 0);
      const b = await send(full);
      expect(answeredEarly(id)).toBe((expectEarly ? 1 : 0) + (refused ? 1 : 0));
      expect(comparable(a)).toEqual(comparable(b));
    },
  );

  it('answers a hit with the CORS headers and a Vary that names Origin and the credentials', async () => {
    const hit = await early
      .http()
      .get(LIST)
      .set({ ...withKey, origin: ORIGIN })
      .expect(200);
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(hit.headers['access-control-expose-headers']).toContain('x-ratelimit-remaining');
    expect(hit.headers.vary).toBe('Origin, Authorization, X-API-Key');
    const plain = await early.http().get(LIST).set(withKey).expect(200);
    expect(plain.headers.vary).toBe('Origin, Authorization, X-API-Key');
    expect(plain.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
  });
});
