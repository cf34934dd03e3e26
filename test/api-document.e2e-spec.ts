import { FAMILY_EXAMPLES, LIST_EXAMPLES } from '../src/docs/examples.docs';
import { PROBLEMS } from '../src/http/problem';
import { SEED_IDS } from '../src/sandbox/sandbox.seed';
import { OpenApiDocument } from './support/openapi-answers';
import { Schema, schemaCompiler } from './support/openapi-schemas';
import { serviceAgainstSandbox } from './support/test-app';

type Parameter = { name: string; in: string; schema: Schema };
type Response = {
  headers?: Record<string, { $ref: string }>;
  content?: Record<string, { schema: Schema }>;
};
type Operation = {
  operationId: string;
  tags: string[];
  security?: unknown[];
  parameters?: Parameter[];
  responses: Record<string, Response>;
};
type Document = OpenApiDocument & {
  paths: Record<string, Record<string, Operation>>;
  tags: { name: string; description?: string }[];
  security: Record<string, string[]>[];
  components: { securitySchemes: Record<string, Record<string, string>> };
};

/** CONTRACT §7, issue 16 item 1: a document a client can be generated from and trust. */
describe('the OpenAPI document at /docs-json', () => {
  const ctx = serviceAgainstSandbox();
  let doc: Document;
  let operations: [string, string, Operation][];

  beforeAll(async () => {
    doc = (await ctx.service.http().get('/docs-json').expect(200)).body as Document;
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]): [string, string, Operation] => [path, method, op]),
    );
  });

  const compile = (schema: Schema) => schemaCompiler(doc.components.schemas)(schema, 'spec');
  const parameter = (path: string, name: string) =>
    doc.paths[path].get.parameters?.find((p) => p.name === name)?.schema as Schema;

  it('names every operation readably, and tags each with a described tag', () => {
    expect(operations.map(([, , op]) => op.operationId).sort()).toEqual(
      [
        ...['BroadWorks', 'Wholesale'].flatMap((family) => [
          `list${family}Reports`,
          `get${family}Report`,
          `create${family}Report`,
          `delete${family}Report`,
          `download${family}Report`,
        ]),
        'listAllReports',
        'getLiveness',
        'getReadiness',
        'getMetrics',
        'getDocsPage',
        'getOpenApiDocument',
        'getOpenApiDocumentYaml',
      ].sort(),
    );
    const described = new Set(doc.tags.filter((t) => t.description).map((t) => t.name));
    for (const [, , op] of operations)
      expect(op.tags.every((tag) => described.has(tag))).toBe(true);
  });

  it('asks for an API key on /v1 only, as an opaque bearer token or X-API-Key', () => {
    expect(doc.security).toEqual([{ bearer: [] }, { 'X-API-Key': [] }]);
    expect(doc.components.securitySchemes.bearer).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    expect(doc.components.securitySchemes.bearer.bearerFormat).toBeUndefined();
    for (const [path, , op] of operations)
      expect({ path, security: op.security }).toEqual(
        path.startsWith('/v1') ? { path, security: undefined } : { path, security: [] },
      );
  });

  it('answers every 4xx and 5xx as application/problem+json with the one Problem schema', () => {
    for (const [path, method, op] of operations)
      for (const [status, response] of Object.entries(op.responses))
        if (Number(status) >= 400)
          expect({ at: `${method} ${path} ${status}`, content: response.content }).toEqual({
            at: `${method} ${path} ${status}`,
            content: {
              'application/problem+json': expect.objectContaining({
                schema: { $ref: '#/components/schemas/Problem' },
              }),
            },
          });
    expect(doc.components.schemas.Problem.properties?.type.enum).toEqual(Object.keys(PROBLEMS));
  });

  it('names X-Request-Id on every answer, X-RateLimit-* on every /v1 answer, as components', () => {
    for (const [path, method, op] of operations)
      for (const [status, response] of Object.entries(op.responses)) {
        const names = Object.keys(response.headers ?? {});
        expect({ at: `${method} ${path} ${status}`, names }).toEqual({
          at: `${method} ${path} ${status}`,
          names: expect.arrayContaining(
            path.startsWith('/v1')
              ? ['X-Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']
              : ['X-Request-Id'],
          ),
        });
        for (const header of Object.values(response.headers ?? {}))
          expect(header.$ref).toMatch(/^#\/components\/headers\//);
      }
    const list = doc.paths['/v1/reports/wholesale'].get.responses;
    expect(Object.keys(list['200'].headers ?? {})).toEqual(
      expect.arrayContaining(['ETag', 'X-Cache', 'Age', 'Cache-Control', 'Vary']),
    );
    expect(Object.keys(list['429'].headers ?? {})).toContain('Retry-After');
    expect(
      Object.keys(doc.paths['/v1/reports/wholesale'].post.responses['202'].headers ?? {}),
    ).toEqual(expect.arrayContaining(['Location', 'Idempotent-Replay']));
  });

  it('documents 200 JSON and 302 on /download, 304 on cached reads, 413 and 415 on writes', () => {
    const download = doc.paths['/v1/reports/wholesale/{id}/download'].get.responses;
    expect(Object.keys(download['200'].content ?? {})).toEqual(['application/json']);
    expect(Object.keys(download['302'].headers ?? {})).toContain('Location');
    expect(doc.paths['/v1/reports'].get.responses['304']).toBeDefined();
    for (const method of ['post', 'delete'])
      expect(
        Object.keys(
          doc.paths[`/v1/reports/broadworks${method === 'post' ? '' : '/{id}'}`][method].responses,
        ),
      ).toEqual(expect.arrayContaining(['408', '413', '415']));
  });

  it('lets a report without a download validate: download is null', () => {
    const validate = compile({ $ref: '#/components/schemas/Report' });
    expect(validate({ ...FAMILY_EXAMPLES.wholesale.report, download: null })).toBe(true);
    expect(validate({ ...FAMILY_EXAMPLES.wholesale.report, download: { url: 'x' } })).toBe(false);
  });

  it('refuses by schema what the service refuses: unreal dates and months, malformed ids', () => {
    const date = compile(parameter('/v1/reports/wholesale', 'billingStartDate'));
    expect([date('2024-02-29'), date('2024-02-30'), date('2024-2-1')]).toEqual([
      true,
      false,
      false,
    ]);
    const month = compile(parameter('/v1/reports/broadworks', 'before'));
    expect([month('2024-12'), month('2024-13'), month('2024-1')]).toEqual([true, false, false]);
    const id = compile(parameter('/v1/reports/wholesale/{id}', 'id'));
    expect([id(SEED_IDS.wholesaleCompleted), id('bad.id'), id('x'.repeat(513))]).toEqual([
      true,
      false,
      false,
    ]);
    const type = parameter('/v1/reports/wholesale', 'type');
    expect(type.enum).toEqual(['PARTNER', 'CUSTOMER', 'USER']);
    expect(
      doc.paths['/v1/reports/wholesale'].get.parameters?.find((p) => p.name === 'type'),
    ).toEqual(expect.objectContaining({ description: expect.stringMatching(/any letter case/i) }));
  });

  it.each(LIST_EXAMPLES)(
    'gives as the example of %s what the sandbox answers',
    async (url, example) => {
      expect((await ctx.service.http().get(url).expect(200)).body).toEqual(example);
    },
  );

  it.each(['broadworks', 'wholesale'] as const)(
    'gives as the example of a %s report what the sandbox answers, its signed URL aside',
    async (family) => {
      const { report } = FAMILY_EXAMPLES[family];
      const { body } = await ctx.service
        .http()
        .get(`/v1/reports/${family}/${report.id}`)
        .expect(200);
      expect({ ...body, download: null }).toEqual({ ...report, download: null });
      expect(new URL(body.download.url).pathname).toBe(
        new URL(report.download?.url ?? '').pathname,
      );
    },
  );
});
