import { Sandbox } from '../src/sandbox/sandbox.server';
import { SANDBOX_BROADWORKS } from '../src/sandbox/sandbox.broadworks';
import { SANDBOX_WHOLESALE } from '../src/sandbox/sandbox.wholesale';
import { BROADWORKS } from '../src/broadworks/broadworks.family';
import { WHOLESALE } from '../src/wholesale/wholesale.family';
import { SEED_IDS } from '../src/sandbox/sandbox.seed';
import { PARTNER } from './support/partner-family/partner.family';
import { PARTNER_SEED_IDS, SANDBOX_PARTNER } from './support/partner-family/partner.sandbox';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

type Item = { id: string; family: string; status: string | null; createdAt: string | null };
const idsOf = (body: { items: Item[] }) => body.items.map((item) => item.id);

/**
 * A third family, Webex's Partner Reports, defined entirely in test/support/partner-family:
 * registering its descriptor and its sandbox descriptor is all it takes, src/ names it nowhere.
 */
describe('A family defined outside src/', () => {
  let sandbox: Sandbox;
  let service: TestApp;

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      families: [SANDBOX_BROADWORKS, SANDBOX_WHOLESALE, SANDBOX_PARTNER],
    });
    service = await createTestApp(sandbox, {}, { families: [BROADWORKS, WHOLESALE, PARTNER] });
  });
  afterAll(async () => {
    await service.close();
    await sandbox.close();
  });
  // The service's cache outlives this reset: the spec that deletes a seed report comes last.
  beforeEach(() => sandbox.reset());

  it('lists its reports, statuses folded and whole-second times as ISO instants, the second list from cache', async () => {
    const miss = await service.http().get('/v1/reports/partner').expect(200);
    expect(miss.headers['x-cache']).toBe('MISS');
    expect(miss.body.items).toEqual([
      expect.objectContaining({
        id: PARTNER_SEED_IDS.botsDone,
        family: 'partner',
        status: 'COMPLETED',
        period: { start: '2024-02-01', end: '2024-02-20' },
        createdAt: '2024-02-21T08:00:00.000Z',
      }),
      expect.objectContaining({ id: PARTNER_SEED_IDS.callingRunning, status: 'IN_PROGRESS' }),
    ]);
    const hit = await service.http().get('/v1/reports/partner').expect(200);
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.body).toEqual(miss.body);
    expect(sandbox.count('GET', '/partner/reports')).toBe(1);
  });

  it('passes its own filters to Webex', async () => {
    const { body } = await service.http().get('/v1/reports/partner?templateId=7').expect(200);
    expect(idsOf(body)).toEqual([PARTNER_SEED_IDS.callingRunning]);
    expect(sandbox.requests()[0].query).toEqual({ templateId: '7' });
    await service.http().get('/v1/reports/partner?sortBy=id').expect(400);
  });

  it('gets one report, and answers 404 for an unknown one', async () => {
    const { body } = await service
      .http()
      .get(`/v1/reports/partner/${PARTNER_SEED_IDS.botsDone}`)
      .expect(200);
    expect(body).toMatchObject({ id: PARTNER_SEED_IDS.botsDone, category: 'Bots Activity' });
    expect(body.download).toEqual({
      url: expect.stringContaining('/downloads/') as string,
      expiresAt: null,
    });
    await service.http().get('/v1/reports/partner/unknown-report').expect(404);
  });

  it('creates a report from an answer that names it reportId', async () => {
    const created = await service
      .http()
      .post('/v1/reports/partner')
      .send({ templateId: 5, startDate: '2024-06-01', endDate: '2024-06-05' })
      .expect(202);
    const [made] = sandbox.createdReports();
    expect(made).toEqual({ family: 'partner', id: created.body.id as string });
    expect(created.headers.location).toMatch(new RegExp(`/v1/reports/partner/${made.id}$`));
    expect(created.body).toMatchObject({
      family: 'partner',
      status: 'IN_PROGRESS',
      period: { start: '2024-06-01', end: '2024-06-05' },
    });
    expect(sandbox.count('POST', '/partner/reports')).toBe(1);
  });

  it('finds the report a create made when the answer is lost, though Webex gives whole seconds', async () => {
    sandbox.addFault({ method: 'POST', path: '/partner/reports', destroy: 'after' });
    const created = await service
      .http()
      .post('/v1/reports/partner')
      .send({ templateId: 9, startDate: '2024-07-01', endDate: '2024-07-02' })
      .expect(202);
    expect(created.body.id).toBe(sandbox.createdReports()[0].id);
    expect(sandbox.count('POST')).toBe(1);
  });

  it('takes part in the cross-family list, and is left out by a type filter it has no types for', async () => {
    const all = await service.http().get('/v1/reports').expect(200);
    const families = new Set((all.body.items as Item[]).map((item) => item.family));
    expect([...families].sort()).toEqual(['broadworks', 'partner', 'wholesale']);
    const february = await service
      .http()
      .get('/v1/reports?from=2024-02-15&to=2024-02-20')
      .expect(200);
    expect(idsOf(february.body)).toEqual(
      expect.arrayContaining([PARTNER_SEED_IDS.botsDone, SEED_IDS.broadworksFeb2024]),
    );
    const partnerOnly = await service.http().get('/v1/reports?family=partner').expect(200);
    expect(idsOf(partnerOnly.body).sort()).toEqual(Object.values(PARTNER_SEED_IDS).sort());
    const typed = await service.http().get('/v1/reports?type=partner').expect(200);
    expect((typed.body.items as Item[]).map((item) => item.family)).not.toContain('partner');
    await service.http().get('/v1/reports?family=webinars').expect(400);
  });

  it('is in the OpenAPI document: its routes, its DTOs, its tag and the family enums', async () => {
    const { body } = await service.http().get('/docs-json').expect(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/reports/partner',
        '/v1/reports/partner/{id}',
        '/v1/reports/partner/{id}/download',
      ]),
    );
    expect(body.paths['/v1/reports/partner'].get.operationId).toBe('listPartnerReports');
    expect(body.info.description).toMatch(/^BroadWorks, Wholesale and Partner billing reports /);
    expect(body.tags).toContainEqual({
      name: 'Partner Reports',
      description: 'Webex Partner reports, in the unified Report shape.',
    });
    expect(body.paths['/v1/reports/partner'].post.tags).toEqual(['Partner Reports']);
    expect(body.components.schemas.CreatePartnerReportBody).toMatchObject({
      required: ['templateId', 'startDate', 'endDate'],
      additionalProperties: false,
    });
    expect(body.components.schemas.Report.properties.family.enum).toEqual([
      'broadworks',
      'wholesale',
      'partner',
    ]);
    const familyParameter = (
      body.paths['/v1/reports'].get.parameters as { name: string; schema: { pattern: string } }[]
    ).find((parameter) => parameter.name === 'family');
    expect(familyParameter?.schema.pattern).toContain('partner');
  });

  it('deletes a report, and the cached list forgets it', async () => {
    await service.http().get('/v1/reports/partner').expect(200);
    await service.http().delete(`/v1/reports/partner/${PARTNER_SEED_IDS.botsDone}`).expect(204);
    expect(sandbox.count('DELETE', '/partner/reports')).toBe(1);
    await service.http().get(`/v1/reports/partner/${PARTNER_SEED_IDS.botsDone}`).expect(404);
    const { body } = await service.http().get('/v1/reports/partner').expect(200);
    expect(idsOf(body)).toEqual([PARTNER_SEED_IDS.callingRunning]);
  });
});
