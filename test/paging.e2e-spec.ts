import { Sandbox } from '../src/sandbox/sandbox.server';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

type List = { items: { id: string; type: string }[]; page: { nextCursor: string | null } };

/** CONTRACT §2 Paging: `max` pages, following `Link rel="next"`, the cap, and cursors. */
describe('paging', () => {
  let sandbox: Sandbox;
  let service: TestApp;
  let everything: List;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ pageSize: 4 });
    service = await createTestApp(sandbox, { LIST_MAX_ITEMS: '7' });
    const uncapped = await createTestApp(sandbox, { LIST_MAX_ITEMS: '1000' });
    everything = (await uncapped.http().get('/v1/reports/wholesale').expect(200)).body as List;
    await uncapped.close();
  });
  afterAll(async () => {
    await service.close();
    await sandbox.close();
  });
  beforeEach(() => sandbox.reset());

  it('follows every upstream page without max', () => {
    expect(everything.items.length).toBeGreaterThan(8);
    expect(everything.page.nextCursor).toBeNull();
  });

  it('returns one upstream page with max and continues it with the cursor', async () => {
    const first = (await service.http().get('/v1/reports/wholesale?max=3').expect(200))
      .body as List;
    expect(first.items).toHaveLength(3);
    expect(first.page.nextCursor).toEqual(expect.any(String));
    const second = (
      await service
        .http()
        .get(`/v1/reports/wholesale?max=3&cursor=${first.page.nextCursor}`)
        .expect(200)
    ).body as List;
    expect(second.items.map((r) => r.id)).toEqual(everything.items.slice(3, 6).map((r) => r.id));
    expect(sandbox.count('GET')).toBe(2);
  });

  it('stops at LIST_MAX_ITEMS and resumes exactly where it stopped', async () => {
    const first = (await service.http().get('/v1/reports/wholesale').expect(200)).body as List;
    expect(first.items).toHaveLength(7);
    const ids = first.items.map((r) => r.id);
    let cursor = first.page.nextCursor;
    while (cursor) {
      const next = (await service.http().get(`/v1/reports/wholesale?cursor=${cursor}`).expect(200))
        .body as List;
      ids.push(...next.items.map((r) => r.id));
      cursor = next.page.nextCursor;
    }
    expect(ids).toEqual(everything.items.map((r) => r.id));
  });

  it('keeps the caller filters on every page, even when Webex drops them from Link', async () => {
    sandbox.setLinkMode('drop-filters');
    const list = (await service.http().get('/v1/reports/wholesale?type=PARTNER&max=2').expect(200))
      .body as List;
    const next = (
      await service
        .http()
        .get(`/v1/reports/wholesale?max=2&type=partner&cursor=${list.page.nextCursor}`)
        .expect(200)
    ).body as List;
    for (const item of [...list.items, ...next.items]) expect(item.type).toBe('PARTNER');
    for (const call of sandbox.requests()) expect(call.query.type).toBe('PARTNER');
  });

  it('refuses a Link next URL pointing at another host', async () => {
    sandbox.setLinkMode('foreign-host');
    const response = await service.http().get('/v1/reports/broadworks').expect(502);
    expect(response.body.type).toBe('upstream-invalid-response');
    expect(sandbox.requests()).toHaveLength(1);
  });

  it('refuses a cursor with other filters, or from the other family', async () => {
    const list = (await service.http().get('/v1/reports/wholesale?max=2&type=USER').expect(200))
      .body as List;
    const calls = sandbox.requests().length;
    await service
      .http()
      .get(`/v1/reports/wholesale?max=2&type=PARTNER&cursor=${list.page.nextCursor}`)
      .expect(400);
    await service.http().get(`/v1/reports/broadworks?cursor=${list.page.nextCursor}`).expect(400);
    expect(sandbox.requests()).toHaveLength(calls);
  });
});
