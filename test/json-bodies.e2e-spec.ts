import { serviceAgainstSandbox } from './support/test-app';

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

/** CONTRACT §2 "Request targets and bodies": POST bodies are UTF-8 application/json, 32 levels deep. */
describe('JSON bodies', () => {
  const ctx = serviceAgainstSandbox();

  const post = (contentType: string, text: string) =>
    ctx.service.http().post('/v1/reports/broadworks').set('content-type', contentType).send(text);

  const expectProblem = (
    response: { status: number; headers: Record<string, string>; body: { type: string } },
    status: number,
    type: string,
  ) => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.type).toBe(type);
    expect(ctx.sandbox.requests()).toHaveLength(0);
  };

  it.each([
    ['application/x-www-form-urlencoded', 'billingPeriod=2024-01'],
    ['text/plain', '{"billingPeriod":"2024-01"}'],
    ['text/plain; charset=utf-8', '{"billingPeriod":"2024-01"}'],
    ['multipart/form-data; boundary=x', '--x\r\n\r\n--x--'],
    ['application/octet-stream', '{"billingPeriod":"2024-01"}'],
    ['application/json; charset=latin1', '{"billingPeriod":"2024-01"}'],
    ['application/json; charset=ISO-8859-1', '{"billingPeriod":"2024-01"}'],
    ['application/json; charset="utf-16"', '{"billingPeriod":"2024-01"}'],
  ])('answers %s with a 415 problem and creates nothing', async (type, text) =>
    expectProblem(await post(type, text), 415, 'unsupported-media-type'),
  );

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON; Charset="UTF-8"',
    'application/json;charset=utf8',
  ])('accepts %s', async (type) => {
    const response = await post(type, '{"billingPeriod":"2024-01"}');
    expect(response.status).toBe(202);
  });

  it('answers JSON nested 5,000 levels deep with a 400 problem (not a stack overflow)', async () => {
    const response = await post(
      'application/json',
      `{"billingPeriod":${nested(5000, '"2024-01"')}}`,
    );
    expectProblem(response, 400, 'validation-failed');
    expect(response.body.detail).toMatch(/nested deeper than 32 levels/);
  });

  it('reads 32 levels (then validates), refuses 33', async () => {
    const at32 = await post('application/json', `{"billingPeriod":"2024-01","x":${nested(31)}}`);
    expectProblem(at32, 400, 'validation-failed');
    expect(at32.body.errors).toEqual([{ field: 'x', message: 'is not a known parameter' }]);
    const at33 = await post('application/json', `{"billingPeriod":"2024-01","x":${nested(32)}}`);
    expectProblem(at33, 400, 'validation-failed');
    expect(at33.body.detail).toMatch(/nested deeper than 32 levels/);
  });

  it('does not count brackets inside strings, escaped quotes included', async () => {
    const text = JSON.stringify({ billingPeriod: `\\"${'['.repeat(100)}` });
    const response = await post('application/json', text);
    expectProblem(response, 400, 'validation-failed');
    expect(response.body.errors).toEqual([
      { field: 'billingPeriod', message: 'must be a real month as YYYY-MM' },
    ]);
  });

  it('answers a body over 64 KiB with a 413 problem', async () => {
    const text = JSON.stringify({ billingPeriod: '2024-01', pad: 'x'.repeat(64 * 1024) });
    expectProblem(await post('application/json', text), 413, 'payload-too-large');
  });
});
