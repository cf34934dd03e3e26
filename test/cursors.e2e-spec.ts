import { createHmac } from 'node:crypto';
import { validateEnv } from '../src/config/env';
import { cursorSecretOf } from '../src/webex/credential-scope';
import { serviceAgainstSandbox } from './support/test-app';

type List = { items: unknown[]; page: { nextCursor: string | null } };
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Signs `payload` as the service signs cursors. The sandbox's token is public, so anyone can compute
 * its cursor key: what a forged cursor may carry is bounded by what the service accepts from one.
 */
function forge(payload: unknown, raw = JSON.stringify(payload)): string {
  const secret = cursorSecretOf(validateEnv({ WEBEX_ACCESS_TOKEN: 'sandbox-token' }));
  const body = Buffer.from(raw).toString('base64url');
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url').slice(0, 32)}`;
}

/** CONTRACT §2 Paging: a cursor is the service's own, recent, and carries only Webex paging. */
describe('cursor hardening', () => {
  const ctx = serviceAgainstSandbox({}, { pageSize: 2 });

  const list = (query: string) => ctx.service.http().get(`/v1/reports/wholesale?${query}`);

  const expectInvalid = async (query: string, detail?: string) => {
    const response = await list(query);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.type).toBe('invalid-cursor');
    if (detail) expect(response.body.detail).toBe(detail);
    expect(ctx.sandbox.requests()).toHaveLength(0);
  };

  it('refuses a cursor whose signature has multibyte characters', async () => {
    const real = ((await list('max=2').expect(200)).body as List).page.nextCursor!;
    ctx.sandbox.reset();
    const [payload, signature] = real.split('.');
    await expectInvalid(`cursor=${encodeURIComponent(`${payload}.${signature.slice(1)}é`)}`);
  });

  it('refuses a forged cursor that would send orgId and max=1000 to Webex', async () => {
    const forged = forge([
      'wholesale',
      { sortBy: 'billingStartDate' },
      [
        ['orgId', 'OTHER-ORG'],
        ['max', '1000'],
      ],
      0,
      ctx.service.clock.now(),
    ]);
    await expectInvalid(`cursor=${forged}`);
  });

  it('refuses a forged cursor whose filters are not the family’s', async () => {
    const forged = forge([
      'wholesale',
      { sortBy: 'billingStartDate', orgId: 'OTHER-ORG' },
      [],
      0,
      ctx.service.clock.now(),
    ]);
    await expectInvalid(`cursor=${forged}`);
  });

  it.each([
    ['not JSON', forge(null, '{"wholesale"')],
    ['not the tuple', forge({ family: 'wholesale' })],
    ['a skip that is not a count', forge(['wholesale', {}, [], '1', Date.now()])],
  ])('refuses a correctly signed cursor holding %s', (_what, cursor) =>
    expectInvalid(`cursor=${cursor}`),
  );

  it('accepts a cursor for 24 hours and then refuses it as expired', async () => {
    const cursor = ((await list('max=2').expect(200)).body as List).page.nextCursor!;
    ctx.service.clock.advance(DAY_MS - 60_000);
    await list(`max=2&cursor=${cursor}`).expect(200);
    ctx.service.clock.advance(120_000);
    ctx.sandbox.reset();
    await expectInvalid(`max=2&cursor=${cursor}`, 'cursor has expired');
  });
});
