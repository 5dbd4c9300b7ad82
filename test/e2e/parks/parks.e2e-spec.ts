import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QueueName } from '../../../src/core/queue/queue.constants';
import { FIT_REFRESH_JOB_ID, ParksService } from '../../../src/modules/parks/parks.service';
import { startTestApp, TestApp } from '../../utils/test-app';
import { confirmClaim, createCompany, createLead } from '../../utils/records';
import { createSignedInUser, TestUser } from '../../utils/users';

/** Parks, capacity reservations, explainable matching and the chain map, through the API. */
describe('parks and matching', () => {
  let t: TestApp;
  let qinzhou: TestUser;
  let nanning: TestUser;
  let manager: TestUser;
  const READY = { road: true, water: true, power: true, gas: true, network: true, levelled: true };

  beforeAll(async () => {
    t = await startTestApp();
    qinzhou = await createSignedInUser(t, 'officer', '450700');
    nanning = await createSignedInUser(t, 'officer', '450100');
    manager = await createSignedInUser(t, 'manager', '450700');
  });
  afterAll(() => t.close());

  const as = (user: TestUser) => ({
    get: (url: string) => t.request({ method: 'GET', url: `/api/v1${url}` }, user.token),
    post: (url: string, payload: Record<string, unknown> = {}) =>
      t.request({ method: 'POST', url: `/api/v1${url}`, payload }, user.token),
    patch: (url: string, payload: Record<string, unknown>) =>
      t.request({ method: 'PATCH', url: `/api/v1${url}`, payload }, user.token),
    delete: (url: string) => t.request({ method: 'DELETE', url: `/api/v1${url}` }, user.token),
  });
  const createPark = async (user: TestUser, payload: Record<string, unknown>) => {
    const res = await as(user).post('/parks', { regionCode: '450702', clusterCodes: ['chem'], ...payload });
    expect(res.statusCode).toBe(201);
    return res.json();
  };

  it('registers and edits parks in jurisdiction, refusing bad input and outsiders', async () => {
    const park = await createPark(qinzhou, {
      name: `钦州新材料园${Date.now()}`,
      kind: 'themed',
      secondaryClusterCodes: ['light'],
      segmentCodes: ['chem.basic_chemicals'],
      landAvailableMu: 1200,
      factoryAvailableSqm: 80_000,
      readiness: READY,
      portAccess: true,
      hazardousChemicalsAllowed: true,
      contactUnit: '钦南区投资促进局',
    });
    expect(park).toMatchObject({
      regionCode: '450702',
      cityCode: '450700',
      clusterCodes: ['chem'],
      secondaryClusterCodes: ['light'],
      segmentCodes: ['chem.basic_chemicals'],
      landAvailableMu: 1200,
      readiness: READY,
      version: 1,
    });

    const bad = await as(qinzhou).post('/parks', {
      name: '坏园区',
      regionCode: '450702',
      landAvailableMu: -5,
      clusterCodes: ['mining'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field)).toContain('landAvailableMu');
    expect(
      (await as(qinzhou).post('/parks', { name: '坏园区', regionCode: '450702', clusterCodes: ['mining'] })).json()
        .details[0].field,
    ).toBe('clusterCodes');
    expect(
      (
        await as(qinzhou).post('/parks', { name: '坏园区', regionCode: '450702', segmentCodes: ['chem.nothing'] })
      ).json().details[0].field,
    ).toBe('segmentCodes');
    expect((await as(qinzhou).post('/parks', { name: '坏园区', regionCode: '450102' })).statusCode).toBe(403);
    expect(
      (
        await t.request({ method: 'POST', url: '/api/v1/parks', payload: { name: '坏园区', regionCode: '450000' } })
      ).json().details[0].field,
    ).toBe('regionCode');
    expect((await as(nanning).patch(`/parks/${park.id}`, { version: 1, landAvailableMu: 1 })).statusCode).toBe(403);
    expect((await as(manager).post('/parks', { name: 'x', regionCode: '450702' })).statusCode).toBe(403);

    const edited = await as(qinzhou).patch(`/parks/${park.id}`, {
      version: 1,
      landAvailableMu: 1000,
      segmentCodes: ['chem.basic_chemicals', 'chem.coatings'],
    });
    expect(edited.json()).toMatchObject({
      landAvailableMu: 1000,
      segmentCodes: ['chem.basic_chemicals', 'chem.coatings'],
      version: 2,
    });
    expect((await as(qinzhou).patch(`/parks/${park.id}`, { version: 1, landAvailableMu: 5 })).statusCode).toBe(409);
    const audit = (await t.request({ method: 'GET', url: `/api/v1/audit?entity=park&entityId=${park.id}` })).json()
      .items;
    expect(
      audit.some(
        (entry: { changes: { landAvailableMu?: unknown } }) =>
          JSON.stringify(entry.changes.landAvailableMu) === JSON.stringify(['1200.00', '1000']),
      ),
    ).toBe(true);
    expect(
      (await as(nanning).get(`/parks?regionCode=450700&clusterCode=chem&limit=200`))
        .json()
        .items.map((p: { id: string }) => p.id),
    ).toContain(park.id);
  });

  it('ranks parks for a profile and explains every point; impossible parks are counted, not shown', async () => {
    const name = `钦州树脂配套园${Date.now()}`;
    const park = await createPark(qinzhou, {
      name,
      segmentCodes: ['chem.basic_chemicals', 'chem.coatings'],
      landAvailableMu: 900,
      readiness: READY,
      portAccess: true,
      hazardousChemicalsAllowed: true,
    });
    const res = await as(nanning).post('/matching/parks', {
      clusterCode: 'chem',
      segmentCode: 'chem.high_performance_resins',
      landNeedMu: 300,
      hazardous: true,
      limit: 50,
    });
    expect(res.statusCode).toBe(200);
    const match = res.json().items.find((item: { park: { id: string } }) => item.park.id === park.id);
    expect(match.score).toBeGreaterThan(80);
    expect(match.reasons.reduce((sum: number, reason: { points: number }) => sum + reason.points, 0)).toBeCloseTo(
      match.score,
      5,
    );
    expect(match.reasons.find((reason: { factor: string }) => reason.factor === 'chain').detail).toMatch(
      /延链.*基础化工.*补链.*涂料/,
    );
    expect(
      res.json().excluded.find((row: { reason: string }) => row.reason === 'cluster_not_hosted').count,
    ).toBeGreaterThan(0);
    const scores = res.json().items.map((item: { score: number }) => item.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    expect((await as(nanning).post('/matching/parks', { landNeedMu: 10 })).json().details[0].field).toBe('clusterCode');
    expect(
      (
        await as(nanning).post('/matching/parks', { clusterCode: 'chem', segmentCode: 'electronics.components_ic' })
      ).json().details[0].field,
    ).toBe('segmentCode');
    expect((await as(nanning).post('/matching/parks', { clusterCode: 'chem', landNeedMu: -1 })).statusCode).toBe(400);
  });

  it('matches a lead, scores its fit at intake, and reserves its land when it signs into a park', async () => {
    const park = await createPark(qinzhou, {
      name: `钦州签约园${Date.now()}`,
      landAvailableMu: 500,
      factoryAvailableSqm: 10_000,
      readiness: READY,
      portAccess: true,
    });
    const lead = await createLead(
      t,
      {
        regionCode: '450700',
        clusterCode: 'chem',
        segmentCode: 'chem.high_performance_resins',
        landNeedMu: 120,
        factoryNeedSqm: 4000,
      },
      qinzhou.token,
    );
    expect(lead.fitScore).toBeGreaterThan(0);
    expect(lead.fitSummary).toMatch(/最佳匹配/);
    // Parks changed: a re-score of every open lead waits a minute (one job, however many edits), with progress.
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Parks));
    expect(['delayed', 'waiting', 'active', 'completed']).toContain(await queue.getJobState(FIT_REFRESH_JOB_ID));
    const progress: Array<[number, number]> = [];
    const scored = await t.app
      .get(ParksService)
      .refreshAllFits(1000, async (done, total) => void progress.push([done, total]));
    expect(scored).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toEqual([scored, scored]);
    const matches = (await as(qinzhou).get(`/leads/${lead.id}/park-matches?limit=50`)).json();
    expect(matches.items.map((item: { park: { id: string } }) => item.park.id)).toContain(park.id);
    expect((await as(nanning).get(`/leads/${lead.id}/park-matches`)).statusCode).toBe(404);
    // The matches page by cursor: one park a page gives the same parks, in the same order, as one long page.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/leads/${lead.id}/park-matches?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await as(qinzhou).get(url)).json();
      paged.push(...page.items.map((item: { park: { id: string } }) => item.park.id));
      cursor = page.nextCursor;
    } while (cursor && paged.length < matches.items.length);
    expect(paged).toEqual(matches.items.map((item: { park: { id: string } }) => item.park.id));
    const badCursor = await as(qinzhou).get(`/leads/${lead.id}/park-matches?cursor=abc`);
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().details[0].field).toBe('cursor');
    const leadMatches = (await as(qinzhou).get(`/parks/${park.id}/lead-matches?limit=1`)).json();
    expect(leadMatches.items).toHaveLength(1);
    if (leadMatches.nextCursor) {
      const next = (
        await as(qinzhou).get(`/parks/${park.id}/lead-matches?limit=1&cursor=${leadMatches.nextCursor}`)
      ).json();
      expect(next.items.map((item: { leadId: string }) => item.leadId)).not.toContain(leadMatches.items[0].leadId);
    }
    expect(
      (await as(qinzhou).get(`/parks/${park.id}/lead-matches`))
        .json()
        .items.map((item: { leadId: string }) => item.leadId),
    ).toContain(lead.id);

    const signed = await as(qinzhou).post(`/leads/${lead.id}/transitions`, {
      version: lead.version,
      to: 'signed',
      siteVisitAt: '2026-11-01T02:00:00.000Z',
      signedAt: '2026-11-20T02:00:00.000Z',
      signedAmount: 12,
      parkId: park.id,
    });
    expect(signed.statusCode).toBe(201);
    const reserved = (await as(qinzhou).get(`/parks/${park.id}`)).json();
    expect(reserved).toMatchObject({
      landAvailableMu: 380,
      factoryAvailableSqm: 6000,
      reserved: { landMu: 120, factorySqm: 4000 },
    });
    // The list shows the same figures, so the park list needs no detail reads.
    const listed = (await as(qinzhou).get(`/parks?q=${encodeURIComponent(park.name)}`)).json().items;
    expect(listed).toEqual([
      expect.objectContaining({ id: park.id, reserved: { landMu: 120, factorySqm: 4000 }, residentCount: 0 }),
    ]);

    await as(qinzhou).post(`/leads/${lead.id}/transitions`, {
      version: (await confirmClaim(t, signed.json())).version,
      to: 'lost',
      reason: '企业改投他省',
    });
    expect((await as(qinzhou).get(`/parks/${park.id}`)).json()).toMatchObject({
      landAvailableMu: 500,
      factoryAvailableSqm: 10_000,
      reserved: { landMu: 0, factorySqm: 0 },
    });
    const audit = (await t.request({ method: 'GET', url: `/api/v1/audit?entity=park&entityId=${park.id}` })).json()
      .items;
    expect(audit.map((entry: { changes: Record<string, unknown> }) => Object.keys(entry.changes)[0])).toEqual(
      expect.arrayContaining(['reserved', 'released']),
    );
  });

  it('maps a cluster’s chain in a unit: links covered by parks and companies, gaps, and leads that would fill them', async () => {
    const park = await createPark(qinzhou, { name: `钦州链图园${Date.now()}`, segmentCodes: ['chem.basic_chemicals'] });
    const company = await createCompany(t, { name: `钦州涂料科技${Date.now()}有限公司` });
    const withResident = await as(qinzhou).post(`/parks/${park.id}/companies`, {
      companyId: company.id,
      segmentCode: 'chem.coatings',
    });
    expect(withResident.statusCode).toBe(201);
    expect(withResident.json().companies).toEqual([
      expect.objectContaining({ companyId: company.id, segmentCode: 'chem.coatings' }),
    ]);
    expect(withResident.json().residentCount).toBe(1);
    const residents = (await as(qinzhou).get(`/parks/${park.id}/companies?limit=1`)).json();
    expect(residents).toEqual({
      items: [{ companyId: company.id, companyName: company.name, segmentCode: 'chem.coatings' }],
      nextCursor: null,
    });
    expect((await as(qinzhou).get('/parks/999999999/companies')).statusCode).toBe(404);
    expect((await as(qinzhou).get(`/parks?q=${encodeURIComponent(park.name)}`)).json().items[0].residentCount).toBe(1);
    expect(
      (
        await as(qinzhou).post(`/parks/${park.id}/companies`, { companyId: company.id, segmentCode: 'chem.nothing' })
      ).json().details[0].field,
    ).toBe('segmentCode');
    expect(
      (await as(qinzhou).post(`/parks/${park.id}/companies`, { companyId: '999999999' })).json().details[0].field,
    ).toBe('companyId');
    const gapFiller = await createLead(
      t,
      { regionCode: '450700', clusterCode: 'chem', segmentCode: 'chem.special_rubber' },
      qinzhou.token,
    );

    const chain = (await as(qinzhou).get('/clusters/chem/chain?regionCode=450700')).json();
    const segment = (code: string) => chain.segments.find((row: { segmentCode: string }) => row.segmentCode === code);
    expect(segment('chem.basic_chemicals')).toMatchObject({ covered: true, position: 'upstream' });
    expect(segment('chem.coatings').companies.map((row: { companyId: string }) => row.companyId)).toContain(company.id);
    expect(chain.gaps).toContain('chem.special_rubber');
    expect(segment('chem.special_rubber').fillingLeads.map((row: { leadId: string }) => row.leadId)).toContain(
      gapFiller.id,
    );
    // Another unit's officer sees the parks' chain but not Qinzhou's leads.
    expect(
      (await as(nanning).get('/clusters/chem/chain?regionCode=450700'))
        .json()
        .segments.find((row: { segmentCode: string }) => row.segmentCode === 'chem.special_rubber').fillingLeads,
    ).toEqual([]);
    expect((await as(qinzhou).get('/clusters/mining/chain')).statusCode).toBe(400);

    expect((await as(qinzhou).delete(`/parks/${park.id}/companies/${company.id}`)).statusCode).toBe(204);
    expect((await as(qinzhou).delete(`/parks/${park.id}/companies/${company.id}`)).statusCode).toBe(404);
  });
});
