import { serviceAgainstSandbox } from './support/test-app';

type Operation = {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: object }> };
};

/** CONTRACT §7: /docs and /docs-json document every route of §2 with its parameters. */
describe('OpenAPI docs', () => {
  const ctx = serviceAgainstSandbox();
  let doc: Document;

  beforeAll(async () => {
    doc = (await ctx.service.http().get('/docs-json').expect(200)).body as Document;
  });

  const params = (path: string, method: string, where: string) =>
    (doc.paths[path]?.[method]?.parameters ?? [])
      .filter((p) => p.in === where)
      .map((p) => p.name)
      .sort();
  const bodyFields = (path: string) => {
    const ref = doc.paths[path].post.requestBody?.content['application/json'].schema.$ref ?? '';
    return Object.keys(doc.components.schemas[ref.split('/').pop() ?? '']?.properties ?? {}).sort();
  };

  it('lists the list filters of both families', () => {
    expect(params('/v1/reports/broadworks', 'get', 'query')).toEqual([
      'after',
      'before',
      'cursor',
      'sortBy',
    ]);
    expect(params('/v1/reports/wholesale', 'get', 'query')).toEqual([
      'billingEndDate',
      'billingStartDate',
      'cursor',
      'max',
      'sortBy',
      'status',
      'subPartnerOrgId',
      'type',
    ]);
  });

  it.each(['broadworks', 'wholesale'])(
    'documents get and delete of one %s report by id',
    (family) => {
      expect(params(`/v1/reports/${family}/{id}`, 'get', 'path')).toEqual(['id']);
      expect(params(`/v1/reports/${family}/{id}`, 'delete', 'path')).toEqual(['id']);
      expect(Object.keys(doc.paths[`/v1/reports/${family}/{id}`].get)).toContain('responses');
    },
  );

  it('documents the create bodies and the Idempotency-Key header', () => {
    expect(bodyFields('/v1/reports/broadworks')).toEqual(['billingPeriod']);
    expect(bodyFields('/v1/reports/wholesale')).toEqual([
      'billingEndDate',
      'billingStartDate',
      'internal',
      'subPartnerOrgId',
      'type',
    ]);
    expect(params('/v1/reports/wholesale', 'post', 'header')).toContain('Idempotency-Key');
  });

  it('serves the UI', async () => {
    const page = await ctx.service.http().get('/docs').redirects(1).expect(200);
    expect(page.text).toContain('swagger');
  });

  it('serves the document as YAML too', async () => {
    const yaml = await ctx.service.http().get('/docs-yaml').expect(200);
    expect(yaml.text).toMatch(/^openapi: 3\.0\.0$/m);
  });
});
