import { Sandbox } from '../src/sandbox/sandbox.server';
import { SEED_IDS, UNKNOWN_REPORT_ID } from '../src/sandbox/sandbox.seed';
import { createTestApp, startTestSandbox, TestApp } from './support/test-app';

const expiresOf = (location: string) => Number(new URL(location).searchParams.get('Expires'));

/** CONTRACT §8: `GET /v1/reports/:family/:id/download`, a link a dashboard can keep. */
describe('download redirect', () => {
  let sandbox: Sandbox;
  let service: TestApp;

  beforeEach(async () => {
    sandbox = await startTestSandbox();
    service = await createTestApp(sandbox);
  });
  afterEach(async () => {
    await service.close();
    await sandbox.close();
  });

  const nowS = () => Math.floor(service.clock.now() / 1000);
  const reportPath = (family: string, id: string) => `/${family}/billing/reports/${id}`;

  it("redirects to the report's download URL, uncached, reading the report once", async () => {
    const first = await service
      .http()
      .get(`/v1/reports/wholesale/${SEED_IDS.wholesaleCompleted}/download`)
      .expect(302);
    expect(first.headers.location).toMatch(
      new RegExp(`/downloads/${SEED_IDS.wholesaleCompleted}\\.csv\\?Expires=\\d+&`),
    );
    expect(first.headers['cache-control']).toBe('no-store');
    const again = await service
      .http()
      .get(`/v1/reports/wholesale/${SEED_IDS.wholesaleCompleted}/download`)
      .expect(302);
    expect(again.headers.location).toBe(first.headers.location);
    expect(sandbox.count('GET')).toBe(1);
  });

  it('uses the known URL while it is valid for 60 s more, and refetches the report when it expires sooner', async () => {
    const url = `/v1/reports/broadworks/${SEED_IDS.broadworksCompleted}/download`;
    const expiresAt = nowS() + 90;
    sandbox.setReport('broadworks', SEED_IDS.broadworksCompleted, {
      downloadUrlExpiresAt: expiresAt,
    });
    const before = await service.http().get(url).expect(302);
    expect(expiresOf(before.headers.location)).toBe(expiresAt);
    service.clock.advance(20_000); // 70 s left
    expect((await service.http().get(url).expect(302)).headers.location).toBe(
      before.headers.location,
    );
    expect(sandbox.count('GET', reportPath('broadworks', SEED_IDS.broadworksCompleted))).toBe(1);

    sandbox.setReport('broadworks', SEED_IDS.broadworksCompleted, {
      downloadUrlExpiresAt: nowS() + 7200,
    });
    service.clock.advance(20_000); // 50 s left: too short for a link
    const after = await service.http().get(url).expect(302);
    expect(after.headers.location).not.toBe(before.headers.location);
    expect(expiresOf(after.headers.location) - nowS()).toBeGreaterThanOrEqual(60);
    expect(
      sandbox.count('GET', reportPath('broadworks', SEED_IDS.broadworksCompleted)),
    ).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['an in-progress report', SEED_IDS.broadworksInProgress, 'IN_PROGRESS'],
    ['a failed report', SEED_IDS.broadworksFailed, 'FAILED'],
  ])('answers 409 report-not-ready for %s', async (_name, id, status) => {
    const answer = await service.http().get(`/v1/reports/broadworks/${id}/download`).expect(409);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body.type).toBe('report-not-ready');
    expect(answer.body.detail).toContain(status);
    expect(answer.headers.location).toBeUndefined();
  });

  it('answers 502 download-unavailable for a completed report without a URL', async () => {
    sandbox.setReport('wholesale', SEED_IDS.wholesaleUser, {
      status: 'COMPLETED',
      downloadUrlExpiresAt: null,
    });
    const answer = await service
      .http()
      .get(`/v1/reports/wholesale/${SEED_IDS.wholesaleUser}/download`)
      .expect(502);
    expect(answer.body.type).toBe('download-unavailable');
  });

  it('answers 404 for an unknown report or family, and 400 for a malformed id, the last two without calling Webex', async () => {
    expect(
      (await service.http().get(`/v1/reports/wholesale/${UNKNOWN_REPORT_ID}/download`).expect(404))
        .body.type,
    ).toBe('not-found');
    sandbox.reset();
    await service.http().get(`/v1/reports/teams/${SEED_IDS.wholesaleUser}/download`).expect(404);
    await service.http().get('/v1/reports/wholesale/not.an.id/download').expect(400);
    expect(sandbox.count()).toBe(0);
  });
});
