import { serviceAgainstSandbox } from './support/test-app';

type Operation = {
  tags?: string[];
  parameters?: { name: string; in: string }[];
  responses: Record<
    string,
    { headers?: Record<string, unknown>; content?: Record<string, { schema: { $ref?: string } }> }
  >;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: object }> };
};

/** CONTRACT §7 and §8: the dashboard conveniences are in /docs-json like every other route. */
describe('OpenAPI docs of the dashboard conveniences', () => {
  const ctx = serviceAgainstSandbox();
  let doc: Document;

  beforeAll(async () => {
    doc = (await ctx.service.http().get('/docs-json').expect(200)).body as Document;
  });

  const params = (path: string, where: string) =>
    (doc.paths[path]?.get?.parameters ?? [])
      .filter((p) => p.in === where)
      .map((p) => p.name)
      .sort();

  it('documents GET /v1/reports with its filters, cache headers and partial', () => {
    expect(params('/v1/reports', 'query')).toEqual(['family', 'from', 'status', 'to', 'type']);
    const ok = doc.paths['/v1/reports'].get.responses['200'];
    expect(Object.keys(ok.headers ?? {})).toEqual(
      expect.arrayContaining(['X-Cache', 'Age', 'ETag', 'Cache-Control']),
    );
    const schema = (ok.content?.['application/json'].schema.$ref ?? '').split('/').pop() ?? '';
    expect(Object.keys(doc.components.schemas[schema]?.properties ?? {}).sort()).toEqual([
      'items',
      'page',
      'partial',
    ]);
    expect(doc.paths['/v1/reports'].get.tags).toEqual(['All billing reports']);
  });

  it.each(['broadworks', 'wholesale'])(
    'documents waitFor and timeout on the %s get, with X-Wait',
    (family) => {
      expect(params(`/v1/reports/${family}/{id}`, 'query')).toEqual(['timeout', 'waitFor']);
      expect(
        Object.keys(doc.paths[`/v1/reports/${family}/{id}`].get.responses['200'].headers ?? {}),
      ).toContain('X-Wait');
    },
  );

  it.each(['broadworks', 'wholesale'])(
    'documents the %s download redirect and its problems',
    (family) => {
      const download = doc.paths[`/v1/reports/${family}/{id}/download`]?.get;
      expect(params(`/v1/reports/${family}/{id}/download`, 'path')).toEqual(['id']);
      expect(Object.keys(download?.responses ?? {})).toEqual(
        expect.arrayContaining(['302', '404', '409', '502']),
      );
      expect(Object.keys(download?.responses['302'].headers ?? {})).toContain('Location');
    },
  );
});
