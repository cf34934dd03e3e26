import { FAMILY_EXAMPLES, WHOLESALE_LIST } from '../src/docs/examples.docs';
import { answerCheckerOf } from './support/checked-agent';
import { AnswerChecker, Seen } from './support/openapi-answers';
import { serviceAgainstSandbox } from './support/test-app';

const COUNTED = {
  'x-ratelimit-limit': '600',
  'x-ratelimit-remaining': '599',
  'x-ratelimit-reset': '60',
};

const CACHED = {
  'x-request-id': 'r-1',
  ...COUNTED,
  etag: '"abc"',
  'x-cache': 'HIT',
  age: '3',
  'cache-control': 'private, max-age=60',
  vary: 'Authorization, X-API-Key',
  'content-type': 'application/json; charset=utf-8',
};

const list = (change: Partial<Seen> = {}): Seen => ({
  method: 'GET',
  path: '/v1/reports/wholesale',
  status: 200,
  headers: CACHED,
  text: JSON.stringify(WHOLESALE_LIST),
  ...change,
});

const problem = (status: number, type: string, path = '/v1/reports/wholesale'): Seen => ({
  method: 'GET',
  path,
  status,
  headers: { 'x-request-id': 'r-2', ...COUNTED, 'content-type': 'application/problem+json' },
  text: JSON.stringify({ type, title: 't', status, detail: 'd', requestId: 'r-2' }),
});

/**
 * The check every e2e answer passes through (test/support/checked-agent.ts) catches what it is for:
 * an answer the published document does not describe.
 */
describe('the answer check against /docs-json', () => {
  const ctx = serviceAgainstSandbox();
  let checker: AnswerChecker;

  beforeAll(async () => {
    checker = await answerCheckerOf(ctx.service.app.getHttpServer());
  });

  it('passes a documented answer, a report without a download included', () => {
    expect(checker.problemsOf(list())).toEqual([]);
    const report = { ...FAMILY_EXAMPLES.wholesale.report, download: null };
    const path = `/v1/reports/wholesale/${report.id}`;
    expect(checker.problemsOf(list({ path, text: JSON.stringify(report) }))).toEqual([]);
  });

  it.each<[string, Partial<Seen>, RegExp]>([
    ['an undocumented status', { status: 418 }, /status is not documented/],
    [
      'an undocumented content type',
      { headers: { ...CACHED, 'content-type': 'text/html' } },
      /content type text\/html/,
    ],
    ['a missing required header', { headers: { ...CACHED, etag: undefined } }, /ETag is missing/],
    [
      'a header of the wrong form',
      { headers: { ...CACHED, age: 'soon' } },
      /Age is not an integer/,
    ],
    ['a header outside its enum', { headers: { ...CACHED, 'x-cache': 'WARM' } }, /X-Cache/],
    [
      'a field the schema does not describe',
      { text: JSON.stringify({ ...WHOLESALE_LIST, total: 1 }) },
      /must NOT have additional properties/,
    ],
    [
      'a field of the wrong type',
      { text: JSON.stringify({ ...WHOLESALE_LIST, page: { nextCursor: 1 } }) },
      /nextCursor must be string,null/,
    ],
    ['no body where one is documented', { text: '' }, /no body/],
  ])('fails %s', (_name, change, reason) => {
    expect(checker.problemsOf(list(change)).join('\n')).toMatch(reason);
  });

  it('holds errors to the Problem schema and its enum of types', () => {
    expect(checker.problemsOf(problem(404, 'not-found'))).toEqual([]);
    expect(checker.problemsOf(problem(404, 'gone')).join()).toMatch(/type must be equal to one/);
    const asJson = problem(404, 'not-found');
    asJson.headers['content-type'] = 'application/json';
    expect(checker.problemsOf(asJson).join()).toMatch(/content type application\/json/);
  });

  it('holds an answer to no operation to a problem of a status the edge answers', () => {
    expect(checker.problemsOf(problem(404, 'not-found', '/v1/reports/teams'))).toEqual([]);
    expect(checker.problemsOf(problem(500, 'internal', '/v1/reports/teams')).join()).toMatch(
      /not a status the edge answers unrouted/,
    );
  });
});
