import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { QueueName } from '../../../src/core/queue/queue.constants';
import { AnalyticsEngine } from '../../../src/modules/analytics/analytics-engine';
import { AnalyticsRebuild } from '../../../src/modules/analytics/analytics-rebuild';
import { QuarterlyReportsService } from '../../../src/modules/analytics/quarterly-reports.service';
import { confirmClaim, createCompany, createLead } from '../../utils/records';
import { startTestApp, TestApp } from '../../utils/test-app';
import { createSignedInUser, TestUser } from '../../utils/users';

/**
 * The funnel, breakdowns, trends, targets and bulletins on a crafted set of projects whose numbers are worked out
 * by hand below. The projects are made through the API (so the roll-ups are kept by the real hooks), then their
 * history is moved into 2025 with SQL and the roll-ups rebuilt, which the first test shows changes nothing.
 *
 *   L1 南宁市 auto, chamber, private, 10亿 expected, 5个50·500强: created 01-10, contacted 01-12, site visit 01-15,
 *      negotiating 02-01, signed 02-20 (8亿), construction 04-01; funds 2亿 03-01 and 3亿 05-10.
 *   L2 南宁市 → 兴宁区 (dispatched and accepted), electronics, government, foreign, 5亿: created 01-20, site visit
 *      01-25 (contact skipped), on hold 02-10, resumed 03-01, negotiating 03-05, signed 03-20 (4亿).
 *   L3 南宁市 auto, government, central SOE, 20亿: created 02-05, contacted 02-06, lost 03-01.
 *   L4 柳州市 auto, exhibition, private, 3亿: created 02-10, on hold 02-15 (still).
 *   L5 自治区 machinery, a resident team's visit, central SOE, 50亿, 双百双新·年内投产: created 04-02, contacted
 *      04-03, site visit 04-10, negotiating 05-01, signed 06-15 (30亿), construction 08-01, production 12-01.
 *   L6 柳州市, the same company as L1: 撞单, ruled for L1, so merged and never counted.
 */
describe('analytics', () => {
  let t: TestApp;
  let db: DataSource;
  const u = {} as Record<
    | 'regionManager'
    | 'nanningManager'
    | 'nanningOfficer'
    | 'countyOfficer'
    | 'neighbourManager'
    | 'liuzhouManager'
    | 'liuzhouOfficer'
    | 'regionOfficer'
    | 'resident',
    TestUser
  >;
  const leads = {} as Record<'L1' | 'L2' | 'L3' | 'L4' | 'L5' | 'L6', string>;
  let teamId: string;
  let chamberId: string;

  const get = (url: string, user: TestUser) => t.request({ method: 'GET', url: `/api/v1${url}` }, user.token);
  const post = (url: string, payload: Record<string, unknown>, user: TestUser) =>
    t.request({ method: 'POST', url: `/api/v1${url}`, payload }, user.token);
  const day = (date: string) => `${date}T10:00:00+08:00`;

  async function move(leadId: string, user: TestUser, to: string, fields: Record<string, unknown> = {}): Promise<void> {
    const { version } = (await get(`/leads/${leadId}`, user)).json();
    const res = await post(`/leads/${leadId}/transitions`, { to, version, ...fields }, user);
    if (res.statusCode !== 201) throw new Error(`move ${leadId} to ${to}: ${res.statusCode} ${res.body}`);
    // The crafted figures are of confirmed projects (甄别确认): the unit above confirms each claimed stage.
    await confirmClaim(t, { id: leadId });
  }

  /** Gives a lead's stage events, in order, the crafted dates (and its creation the first). */
  async function rewriteHistory(leadId: string, expected: Array<[string, string]>): Promise<void> {
    const events: Array<{ id: string; toStage: string }> = await db.query(
      'SELECT id, to_stage AS toStage FROM stage_events WHERE lead_id = ? ORDER BY at, id',
      [leadId],
    );
    expect(events.map((event) => event.toStage)).toEqual(expected.map(([stage]) => stage));
    for (const [index, event] of events.entries())
      await db.query('UPDATE stage_events SET at = ? WHERE id = ?', [new Date(day(expected[index][1])), event.id]);
    await db.query('UPDATE leads SET created_at = ? WHERE id = ?', [new Date(day(expected[0][1])), leadId]);
  }

  /** The non-empty roll-up cells, as comparable text. */
  async function cellSnapshot(): Promise<string[]> {
    const rows: Array<Record<string, unknown>> = await db.query('SELECT * FROM analytics_cells');
    return rows
      .filter((row) =>
        Object.entries(row).some(
          ([column, value]) => /^(n_|a_|d_|lost_from_|funds)/.test(column) && Number(value) !== 0,
        ),
      )
      .map((row) => JSON.stringify(Object.entries(row).map(([column, value]) => [column, String(value)])))
      .sort();
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    u.regionManager = await createSignedInUser(t, 'manager', '450000');
    u.regionOfficer = await createSignedInUser(t, 'officer', '450000');
    u.nanningManager = await createSignedInUser(t, 'manager', '450100');
    u.nanningOfficer = await createSignedInUser(t, 'officer', '450100');
    u.countyOfficer = await createSignedInUser(t, 'officer', '450102');
    u.neighbourManager = await createSignedInUser(t, 'manager', '450103');
    u.liuzhouManager = await createSignedInUser(t, 'manager', '450200');
    u.liuzhouOfficer = await createSignedInUser(t, 'officer', '450200');
    u.resident = await createSignedInUser(t, 'resident', '450000');

    chamberId = (
      await t.request({
        method: 'POST',
        url: '/api/v1/chambers',
        payload: { name: `深圳广西商会${Date.now()}`, kind: 'guangxi_chamber', regionCode: '440300' },
      })
    ).json().id;
    teamId = (
      await post(
        '/teams',
        {
          name: `机械装备驻深圳招商工作小组${Date.now()}`,
          clusterCode: 'machinery',
          baseRegionCode: '440300',
          memberUserIds: [u.regionOfficer.id, u.resident.id],
        },
        u.regionManager,
      )
    ).json().id;

    const sharedCompany = await createCompany(t, { ownership: 'private' });
    leads.L1 = (
      await createLead(
        t,
        {
          companyId: sharedCompany.id,
          clusterCode: 'auto',
          source: { kind: 'chamber', chamberId },
          expectedInvestment: 10,
          categories: ['five50_top500'],
        },
        u.nanningOfficer.token,
      )
    ).id;
    leads.L6 = (
      await createLead(
        t,
        { companyId: sharedCompany.id, clusterCode: 'auto', expectedInvestment: 10 },
        u.liuzhouOfficer.token,
      )
    ).id;
    const conflict = (await get('/linkage/conflicts?status=open', u.regionManager))
      .json()
      .items.find((c: { first: { leadId: string } }) => c.first.leadId === leads.L1);
    expect(
      (
        await post(
          `/conflicts/${conflict.id}/resolve`,
          { winnerLeadId: leads.L1, outcome: 'winner_takes' },
          u.regionManager,
        )
      ).statusCode,
    ).toBe(200);

    const foreign = await createCompany(t, { ownership: 'foreign', creditCode: undefined });
    leads.L2 = (
      await createLead(
        t,
        { companyId: foreign.id, clusterCode: 'electronics', expectedInvestment: 5 },
        u.nanningOfficer.token,
      )
    ).id;
    const dispatch = (await post(`/leads/${leads.L2}/dispatches`, { toRegionCode: '450102' }, u.nanningOfficer)).json();
    expect((await post(`/dispatches/${dispatch.id}/accept`, {}, u.countyOfficer)).statusCode).toBe(200);
    const soe = await createCompany(t, { ownership: 'central_soe' });
    leads.L3 = (
      await createLead(t, { companyId: soe.id, clusterCode: 'auto', expectedInvestment: 20 }, u.nanningOfficer.token)
    ).id;
    leads.L4 = (
      await createLead(
        t,
        { clusterCode: 'auto', source: { kind: 'exhibition' }, expectedInvestment: 3 },
        u.liuzhouOfficer.token,
      )
    ).id;
    const visit = await post(
      '/visits',
      {
        teamId,
        visitedAt: day('2026-11-02'),
        kind: 'company',
        companyId: (await createCompany(t, { ownership: 'central_soe' })).id,
        summary: '确定投资意向',
        intelligence: { intentLevel: 'high' },
        createLead: { title: '智能装备产业园项目', clusterCode: 'machinery', expectedInvestment: 50 },
      },
      u.regionOfficer,
    );
    expect(visit.statusCode).toBe(201);
    leads.L5 = visit.json().leadId;
    const { version } = (await get(`/leads/${leads.L5}`, u.regionOfficer)).json();
    expect(
      (
        await t.request(
          { method: 'PATCH', url: `/api/v1/leads/${leads.L5}`, payload: { version, categories: ['sbsx_production'] } },
          u.regionOfficer.token,
        )
      ).statusCode,
    ).toBe(200);

    const signing = { signedAt: day('2026-11-20'), signedAmount: 8, parkName: '柳东新区' };
    await move(leads.L1, u.nanningOfficer, 'contacted');
    await move(leads.L1, u.nanningOfficer, 'site_visit', { siteVisitAt: day('2026-11-20') });
    await move(leads.L1, u.nanningOfficer, 'negotiating');
    await move(leads.L1, u.nanningOfficer, 'signed', signing);
    await move(leads.L1, u.nanningOfficer, 'construction', { constructionStartedAt: day('2026-11-21') });
    for (const [amount, receivedAt] of [
      [2, '2025-03-01'],
      [3, '2025-05-10'],
    ] as const) {
      expect(
        (await post(`/leads/${leads.L1}/funds`, { amount, receivedAt: day(receivedAt) }, u.nanningOfficer)).statusCode,
      ).toBe(201);
    }
    await move(leads.L2, u.countyOfficer, 'site_visit', { siteVisitAt: day('2026-11-20') });
    await move(leads.L2, u.countyOfficer, 'on_hold', { reason: '企业资金链调整' });
    await move(leads.L2, u.countyOfficer, 'site_visit');
    await move(leads.L2, u.countyOfficer, 'negotiating');
    await move(leads.L2, u.countyOfficer, 'signed', { ...signing, signedAmount: 4 });
    await move(leads.L3, u.nanningOfficer, 'contacted');
    await move(leads.L3, u.nanningOfficer, 'lost', { reason: '企业选择外省' });
    await move(leads.L4, u.liuzhouOfficer, 'on_hold', { reason: '等待用地指标' });
    await move(leads.L5, u.regionOfficer, 'contacted');
    await move(leads.L5, u.regionOfficer, 'site_visit', { siteVisitAt: day('2026-11-20') });
    await move(leads.L5, u.regionOfficer, 'negotiating');
    await move(leads.L5, u.regionOfficer, 'signed', { ...signing, signedAmount: 30 });
    await move(leads.L5, u.regionOfficer, 'construction', { constructionStartedAt: day('2026-11-21') });
    await move(leads.L5, u.regionOfficer, 'production', { producedAt: day('2026-11-22') });
  });
  afterAll(() => t.close());

  it('counts leads registered, moved and funded at the same moment, without deadlocks', async () => {
    const companies = await Promise.all(Array.from({ length: 8 }, () => createCompany(t)));
    const created = await Promise.all(
      companies.map((company, index) =>
        post(
          '/leads',
          {
            companyId: company.id,
            title: '并发登记项目',
            clusterCode: 'light',
            source: { kind: 'inbound' },
            expectedInvestment: 1,
          },
          index % 2 ? u.nanningOfficer : u.liuzhouOfficer,
        ),
      ),
    );
    expect(created.map((res) => res.statusCode)).toEqual(new Array(8).fill(201));
    const moved = await Promise.all(
      created.map((res, index) =>
        post(
          `/leads/${res.json().id}/transitions`,
          { to: 'contacted', version: res.json().version },
          index % 2 ? u.nanningOfficer : u.liuzhouOfficer,
        ),
      ),
    );
    expect(moved.map((res) => res.statusCode)).toEqual(new Array(8).fill(201));
    const funds = await Promise.all(
      [1, 2, 3].map((amount) =>
        post(`/leads/${leads.L1}/funds`, { amount: amount / 10, receivedAt: day('2026-11-01') }, u.nanningOfficer),
      ),
    );
    expect(funds.map((res) => res.statusCode)).toEqual([201, 201, 201]);
    const [{ facts }] = await db.query('SELECT facts FROM analytics_lead_facts WHERE lead_id = ?', [leads.L1]);
    expect((typeof facts === 'string' ? JSON.parse(facts) : facts).f['202611']).toBe(6_000);
    // Received in November 2026, these stay out of every 2025 figure below.
  });

  it('keeps the roll-ups in every change exactly as a rebuild from scratch derives them', async () => {
    const rebuild = t.app.get(AnalyticsRebuild);
    const kept = await cellSnapshot();
    expect(kept.length).toBeGreaterThan(0);
    await rebuild.run(true, async () => undefined);
    expect(await cellSnapshot()).toEqual(kept);

    // Now move the crafted history into 2025 and derive the roll-ups again.
    await rewriteHistory(leads.L1, [
      ['lead', '2025-01-10'],
      ['contacted', '2025-01-12'],
      ['site_visit', '2025-01-15'],
      ['negotiating', '2025-02-01'],
      ['signed', '2025-02-20'],
      ['construction', '2025-04-01'],
    ]);
    await rewriteHistory(leads.L2, [
      ['lead', '2025-01-20'],
      ['contacted', '2025-01-25'],
      ['site_visit', '2025-01-25'],
      ['on_hold', '2025-02-10'],
      ['site_visit', '2025-03-01'],
      ['negotiating', '2025-03-05'],
      ['signed', '2025-03-20'],
    ]);
    await rewriteHistory(leads.L3, [
      ['lead', '2025-02-05'],
      ['contacted', '2025-02-06'],
      ['lost', '2025-03-01'],
    ]);
    await rewriteHistory(leads.L4, [
      ['lead', '2025-02-10'],
      ['on_hold', '2025-02-15'],
    ]);
    await rewriteHistory(leads.L5, [
      ['lead', '2025-04-02'],
      ['contacted', '2025-04-03'],
      ['site_visit', '2025-04-10'],
      ['negotiating', '2025-05-01'],
      ['signed', '2025-06-15'],
      ['construction', '2025-08-01'],
      ['production', '2025-12-01'],
    ]);
    await rewriteHistory(leads.L6, [
      ['lead', '2025-01-11'],
      ['lost', '2025-02-01'],
    ]);
    await db.query('UPDATE leads SET signed_at = ? WHERE id = ?', [new Date(day('2025-02-20')), leads.L1]);
    await db.query('UPDATE leads SET signed_at = ? WHERE id = ?', [new Date(day('2025-03-20')), leads.L2]);
    await db.query('UPDATE leads SET signed_at = ? WHERE id = ?', [new Date(day('2025-06-15')), leads.L5]);
    await rebuild.run(true, async () => undefined);
  });

  it('gives the cohort funnel of a city: counts, amounts, conversion, days to the next stage, losses and holds', async () => {
    const res = await get('/analytics/funnel?from=2025-01&to=2025-03&mode=cohort', u.nanningManager);
    expect(res.statusCode).toBe(200);
    const funnel = res.json();
    expect(funnel).toMatchObject({ mode: 'cohort', from: '2025-01', to: '2025-03', regionCode: '450100' });
    // L1, L2 (now held by 兴宁区, inside 南宁) and L3.
    expect(funnel.stages).toEqual([
      {
        stage: 'lead',
        name: '线索',
        count: 3,
        amount: 35,
        pendingCount: 0,
        pendingAmount: 0,
        conversionFromPrevious: null,
        medianDaysToNext: 2,
        p90DaysToNext: 5,
      },
      {
        stage: 'contacted',
        name: '接洽',
        count: 3,
        amount: 35,
        pendingCount: 0,
        pendingAmount: 0,
        conversionFromPrevious: 1,
        medianDaysToNext: 0,
        p90DaysToNext: 3,
      },
      {
        stage: 'site_visit',
        name: '考察',
        count: 2,
        amount: 15,
        pendingCount: 0,
        pendingAmount: 0,
        conversionFromPrevious: 0.6667,
        medianDaysToNext: 21,
        p90DaysToNext: 60,
      },
      {
        stage: 'negotiating',
        name: '洽谈',
        count: 2,
        amount: 15,
        pendingCount: 0,
        pendingAmount: 0,
        conversionFromPrevious: 1,
        medianDaysToNext: 21,
        p90DaysToNext: 21,
      },
      {
        stage: 'signed',
        name: '签约',
        count: 2,
        amount: 12,
        pendingCount: 0,
        pendingAmount: 0,
        conversionFromPrevious: 1,
        medianDaysToNext: 60,
        p90DaysToNext: 60,
      },
      {
        stage: 'construction',
        name: '开工',
        count: 1,
        amount: 8,
        pendingCount: 0,
        pendingAmount: 0,
        conversionFromPrevious: 0.5,
        medianDaysToNext: null,
        p90DaysToNext: null,
      },
      {
        stage: 'production',
        name: '投产',
        count: 0,
        amount: 0,
        pendingCount: 0,
        pendingAmount: 0,
        conversionFromPrevious: 0,
        medianDaysToNext: null,
        p90DaysToNext: null,
      },
    ]);
    expect(funnel.lost).toEqual({
      count: 1,
      amount: 20,
      byStage: [
        { stage: 'lead', count: 0 },
        { stage: 'contacted', count: 1 },
        { stage: 'site_visit', count: 0 },
        { stage: 'negotiating', count: 0 },
        { stage: 'signed', count: 0 },
        { stage: 'construction', count: 0 },
        { stage: 'on_hold', count: 0 },
      ],
    });
    // L2 was held before it signed: its expected 5亿, resumed, not on hold now.
    expect(funnel.onHold).toEqual({ count: 1, amount: 5, resumed: 1, current: 0 });
  });

  it('gives the flow funnel: what happened in the period, whenever the leads came in', async () => {
    const q2 = (await get('/analytics/funnel?from=2025-04&to=2025-06&mode=flow', u.regionManager)).json();
    // Q2 across Guangxi: L5 came in and signed; L1 started construction. L6, merged, counts nowhere.
    expect(q2.stages.map((s: { count: number }) => s.count)).toEqual([1, 1, 1, 1, 1, 1, 0]);
    expect(q2.stages.map((s: { amount: number }) => s.amount)).toEqual([50, 50, 50, 50, 30, 8, 0]);
    expect(q2.onHold).toEqual({ count: 0, amount: 0, resumed: 0, current: null });
    const q1 = (await get('/analytics/funnel?from=2025-01&to=2025-03&mode=flow', u.regionManager)).json();
    expect(q1.stages.map((s: { count: number }) => s.count)).toEqual([4, 3, 2, 2, 2, 0, 0]);
    expect(q1.onHold).toMatchObject({ count: 2, amount: 8, resumed: 1 });
    expect(q1.lost.count).toBe(1);
  });

  it('applies jurisdiction and every filter, and the per-lead fallback agrees with the roll-ups', async () => {
    const county = (await get('/analytics/funnel?from=2025-01&to=2025-12', u.countyOfficer)).json();
    expect(county.stages.map((s: { count: number }) => s.count)).toEqual([1, 1, 1, 1, 1, 0, 0]);
    expect((await get('/analytics/funnel?regionCode=450100', u.liuzhouManager)).json()).toMatchObject({
      statusCode: 400,
      details: [{ field: 'regionCode', constraint: 'notPermitted' }],
    });
    expect((await get('/analytics/funnel?regionCode=450100', u.countyOfficer)).json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'regionCode' }],
    });
    expect((await get('/analytics/funnel', u.resident)).statusCode).toBe(403);
    const auto = (await get('/analytics/funnel?from=2025-01&to=2025-12&clusterCode=auto', u.regionManager)).json();
    expect(auto.stages[0].count).toBe(3); // L1, L3, L4
    const privateAuto = (
      await get('/analytics/funnel?from=2025-01&to=2025-12&clusterCode=auto&ownership=private', u.regionManager)
    ).json();
    expect(privateAuto.stages.map((s: { count: number }) => s.count)).toEqual([2, 1, 1, 1, 1, 1, 0]); // L1, L4
    const chamber = (
      await get(`/analytics/funnel?from=2025-01&to=2025-12&chamberId=${chamberId}`, u.regionManager)
    ).json();
    expect(chamber.stages[4]).toMatchObject({ count: 1, amount: 8 });
    const team = (
      await get(`/analytics/funnel?from=2025-01&to=2025-12&teamId=${teamId}&mode=flow`, u.regionManager)
    ).json();
    expect(team.stages.map((s: { count: number }) => s.count)).toEqual([1, 1, 1, 1, 1, 1, 1]);

    const engine = t.app.get(AnalyticsEngine);
    const months = { from: 202501, to: 202512 };
    const region = { regionCode: '450000', cityCode: null };
    const nanning = { regionCode: '450100', cityCode: '450100' };
    for (const [unit, filter, grouping] of [
      [region, {}, null],
      [region, { clusterCode: 'auto' }, 'region'],
      [nanning, { sourceKind: 'government' }, 'ownership'],
      [region, { ownership: 'private', sourceKind: 'chamber' }, 'cluster'],
      [region, {}, 'quarter'],
      [nanning, {}, 'month'],
      [region, {}, 'category'],
      [region, { chamberId }, 'region'],
      [nanning, { teamId }, null],
      [region, {}, 'team'],
      [{ regionCode: '450102', cityCode: '450100' }, { clusterCode: 'electronics' }, 'month'],
      [nanning, { clusterCode: 'auto' }, 'region'],
    ] as const) {
      for (const basis of ['cohort', 'flow'] as const) {
        if (grouping === 'category' && basis === 'cohort') continue;
        const fromCells = await engine.totals(basis, months, unit, filter, grouping);
        const fromFacts = await engine.totals(basis, months, unit, filter, grouping, { useFacts: true });
        expect(Object.fromEntries(fromCells)).toEqual(Object.fromEntries(fromFacts));
      }
    }

    const badMonth = await get('/analytics/funnel?from=2025-13', u.regionManager);
    expect(badMonth.statusCode).toBe(400);
    expect(badMonth.json().details[0].field).toBe('from');
    expect((await get('/analytics/funnel?from=2025-06&to=2025-01', u.regionManager)).json().details[0]).toMatchObject({
      field: 'from',
      constraint: 'notAfterTo',
    });
    expect((await get('/analytics/funnel?mode=weekly', u.regionManager)).json().details[0].field).toBe('mode');
    expect((await get('/analytics/funnel?ownership=state', u.regionManager)).json().details[0].field).toBe('ownership');
  });

  it('breaks the measures down by unit (a moved lead counts where it is held), cluster, source, chamber, ownership and team', async () => {
    const byUnit = (
      await get('/analytics/breakdown?dimension=region&from=2025-01&to=2025-03', u.nanningManager)
    ).json();
    expect(byUnit.items).toEqual([
      {
        key: '450100',
        name: '南宁市本级',
        newLeads: 2,
        signedCount: 1,
        signedAmount: 8,
        signedPendingCount: 0,
        signedPendingAmount: 0,
        fundsReceived: 2,
        investmentCompleted: 0,
        constructionStarts: 0,
        productionStarts: 0,
        constructionPendingCount: 0,
        productionPendingCount: 0,
        contactRate: 1,
        siteVisitRate: 0.5,
        negotiationRate: 0.5,
        signingRate: 0.5,
      },
      {
        key: '450102',
        name: '兴宁区',
        newLeads: 1,
        signedCount: 1,
        signedAmount: 4,
        signedPendingCount: 0,
        signedPendingAmount: 0,
        fundsReceived: 0,
        investmentCompleted: 0,
        constructionStarts: 0,
        productionStarts: 0,
        constructionPendingCount: 0,
        productionPendingCount: 0,
        contactRate: 1,
        siteVisitRate: 1,
        negotiationRate: 1,
        signingRate: 1,
      },
    ]);
    const ownCounty = (
      await get('/analytics/breakdown?dimension=region&from=2025-01&to=2025-03', u.countyOfficer)
    ).json();
    expect(ownCounty.items).toEqual([
      expect.objectContaining({ key: '450102', name: '兴宁区', newLeads: 1, signedAmount: 4 }),
    ]);
    const byCity = (await get('/analytics/breakdown?dimension=region&from=2025-01&to=2025-12', u.regionManager)).json();
    expect(
      byCity.items.map((item: { key: string; name: string; newLeads: number; signedAmount: number }) => [
        item.key,
        item.name,
        item.newLeads,
        item.signedAmount,
      ]),
    ).toEqual([
      ['450000', '广西壮族自治区本级', 1, 30],
      ['450100', '南宁市', 3, 12],
      ['450200', '柳州市', 1, 0],
    ]);
    const page = (
      await get('/analytics/breakdown?dimension=region&from=2025-01&to=2025-12&limit=2', u.regionManager)
    ).json();
    expect(page.items).toHaveLength(2);
    const rest = (
      await get(
        `/analytics/breakdown?dimension=region&from=2025-01&to=2025-12&limit=2&cursor=${page.nextCursor}`,
        u.regionManager,
      )
    ).json();
    expect(rest).toMatchObject({ items: [expect.objectContaining({ key: '450200' })], nextCursor: null });

    const byCluster = (
      await get('/analytics/breakdown?dimension=cluster&from=2025-01&to=2025-12', u.regionManager)
    ).json();
    expect(
      byCluster.items.map(
        (item: { key: string; newLeads: number; constructionStarts: number; productionStarts: number }) => [
          item.key,
          item.newLeads,
          item.constructionStarts,
          item.productionStarts,
        ],
      ),
    ).toEqual([
      ['auto', 3, 1, 0],
      ['electronics', 1, 0, 0],
      ['machinery', 1, 1, 1],
    ]);
    const byOwnership = (
      await get('/analytics/breakdown?dimension=ownership&from=2025-01&to=2025-12', u.regionManager)
    ).json();
    expect(
      byOwnership.items.map((item: { key: string; name: string; newLeads: number }) => [
        item.key,
        item.name,
        item.newLeads,
      ]),
    ).toEqual([
      ['central_soe', '央企', 2],
      ['foreign', '外企', 1],
      ['private', '民企', 2],
    ]);
    const bySource = (
      await get('/analytics/breakdown?dimension=source&from=2025-01&to=2025-12', u.regionManager)
    ).json();
    expect(bySource.items.map((item: { key: string; newLeads: number }) => [item.key, item.newLeads])).toEqual([
      ['chamber', 1],
      ['exhibition', 1],
      ['government', 2],
      ['visit', 1],
    ]);
    const byChamber = (
      await get('/analytics/breakdown?dimension=chamber&from=2025-01&to=2025-12', u.nanningManager)
    ).json();
    expect(byChamber.items).toEqual([expect.objectContaining({ key: chamberId, signedCount: 1, fundsReceived: 5 })]);
    const byTeam = (await get('/analytics/breakdown?dimension=team&from=2025-01&to=2025-12', u.regionManager)).json();
    expect(byTeam.items).toEqual([
      expect.objectContaining({ key: teamId, newLeads: 1, signedAmount: 30, productionStarts: 1 }),
    ]);
    expect((await get('/analytics/breakdown?dimension=planet', u.regionManager)).json().details[0].field).toBe(
      'dimension',
    );
  });

  it('breaks the measures down by key industrial county (工业重点县), each marked county shown, zeros included', async () => {
    const mark = (code: string, keyIndustrialCounty: boolean) =>
      t.request({
        method: 'PUT',
        url: `/api/v1/regions/${code}/key-industrial-county`,
        payload: { keyIndustrialCounty },
      });
    expect((await mark('450102', true)).statusCode).toBe(200);
    expect((await mark('450126', true)).statusCode).toBe(200);
    try {
      const byKeyCounty = (
        await get('/analytics/breakdown?dimension=keyCounty&from=2025-01&to=2025-03', u.nanningManager)
      ).json();
      expect(byKeyCounty).toMatchObject({ dimension: 'keyCounty', nextCursor: null });
      expect(byKeyCounty.items).toEqual([
        expect.objectContaining({ key: '450102', name: '兴宁区', newLeads: 1, signedCount: 1, signedAmount: 4 }),
        expect.objectContaining({ key: '450126', name: '宾阳县', newLeads: 0, signedCount: 0, signedAmount: 0 }),
      ]);
      // A county sees only itself; Liuzhou has no key county marked, so nothing.
      expect(
        (await get('/analytics/breakdown?dimension=keyCounty&from=2025-01&to=2025-03', u.countyOfficer)).json().items,
      ).toEqual([expect.objectContaining({ key: '450102', newLeads: 1 })]);
      expect(
        (await get('/analytics/breakdown?dimension=keyCounty&from=2025-01&to=2025-03', u.liuzhouManager)).json().items,
      ).toEqual([]);
    } finally {
      await mark('450102', false);
      await mark('450126', false);
    }
  });
  it('gives the same measures month by month and quarter by quarter', async () => {
    const months = (await get('/analytics/trend?interval=month&from=2025-01&to=2025-06', u.nanningManager)).json();
    expect(
      months.items.map(
        (p: {
          period: string;
          newLeads: number;
          signedCount: number;
          signedAmount: number;
          fundsReceived: number;
          constructionStarts: number;
        }) => [p.period, p.newLeads, p.signedCount, p.signedAmount, p.fundsReceived, p.constructionStarts],
      ),
    ).toEqual([
      ['2025-01', 2, 0, 0, 0, 0],
      ['2025-02', 1, 1, 8, 0, 0],
      ['2025-03', 0, 1, 4, 2, 0],
      ['2025-04', 0, 0, 0, 0, 1],
      ['2025-05', 0, 0, 0, 3, 0],
      ['2025-06', 0, 0, 0, 0, 0],
    ]);
    const quarters = (await get('/analytics/trend?interval=quarter&from=2025-01&to=2025-12', u.regionManager)).json();
    expect(
      quarters.items.map((p: { period: string; newLeads: number; signedAmount: number; productionStarts: number }) => [
        p.period,
        p.newLeads,
        p.signedAmount,
        p.productionStarts,
      ]),
    ).toEqual([
      ['2025Q1', 4, 12, 0],
      ['2025Q2', 1, 30, 0],
      ['2025Q3', 0, 0, 0],
      ['2025Q4', 0, 0, 1],
    ]);
    expect(quarters.items[0].signingRate).toBe(0.5); // of L1–L4, L1 and L2 signed
  });

  it('sets targets by who may, and ranks units against them with the time elapsed (序时进度)', async () => {
    const put = (user: TestUser, items: Array<Record<string, unknown>>) =>
      t.request({ method: 'PUT', url: '/api/v1/targets/2025', payload: { items } }, user.token);
    const byAdmin = await t.request({
      method: 'PUT',
      url: '/api/v1/targets/2025',
      payload: {
        items: [
          { regionCode: '450000', category: 'all', targetCount: 10 },
          { regionCode: '450000', category: 'sbsx_production', targetCount: 2 },
          { regionCode: '450100', category: 'all', targetCount: 4, targetAmount: 20 },
          { regionCode: '450200', category: 'all', targetCount: 2 },
        ],
      },
    });
    expect(byAdmin.json()).toEqual({ year: 2025, saved: 4, removed: 0 });
    expect(
      (
        await put(u.nanningManager, [
          { regionCode: '450102', category: 'all', targetCount: 1 },
          { regionCode: '450103', category: 'all', targetCount: 2 },
        ])
      ).json(),
    ).toMatchObject({ saved: 2 });
    expect(
      (await put(u.nanningManager, [{ regionCode: '450100', category: 'all', targetCount: 9 }])).json(),
    ).toMatchObject({ statusCode: 400, details: [{ field: 'items.0.regionCode', constraint: 'notPermitted' }] });
    expect((await put(u.nanningManager, [{ regionCode: '450202', category: 'all', targetCount: 9 }])).statusCode).toBe(
      400,
    );
    expect((await put(u.nanningOfficer, [{ regionCode: '450102', category: 'all', targetCount: 9 }])).statusCode).toBe(
      403,
    );
    expect(
      (await put(u.regionManager, [{ regionCode: '450100', category: 'five_fifty', targetCount: 1 }])).json().details[0]
        .field,
    ).toBe('items.0.category');
    expect(
      (await put(u.regionManager, [{ regionCode: '450100', category: 'all', targetCount: -1 }])).json().details[0]
        .field,
    ).toBe('items.0.targetCount');
    expect(
      (
        await put(u.regionManager, [
          { regionCode: '450100', category: 'all', targetCount: 1 },
          { regionCode: '450100', category: 'all', targetCount: 2 },
        ])
      ).json().details[0].field,
    ).toBe('items.1');
    expect(
      (await put(u.regionManager, [{ regionCode: '999999', category: 'all', targetCount: 1 }])).json().details[0].field,
    ).toBe('items.0.regionCode');
    expect((await put(u.regionManager, [{ regionCode: '450100', category: 'all' }])).json().details[0]).toMatchObject({
      field: 'items.0',
      constraint: 'hasTarget',
    });
    // Changing a target means having read it; a stale or missing version changes nothing, not even the other items.
    const stale = await put(u.regionManager, [
      { regionCode: '450300', category: 'all', targetCount: 3 },
      { regionCode: '450100', category: 'all', targetCount: 5 },
    ]);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: [{ field: 'items.1.version', currentVersion: 1 }],
    });
    expect((await get('/targets/2025?regionCode=450300', u.regionManager)).json().items).toEqual([]);
    expect(
      (
        await t.request({
          method: 'PUT',
          url: '/api/v1/targets/1999',
          payload: { items: [{ regionCode: '450100', category: 'all', targetCount: 1 }] },
        })
      ).json().details[0].field,
    ).toBe('year');
    const listed = (await get('/targets/2025?regionCode=450100&limit=2&withTotal=true', u.nanningManager)).json();
    expect(listed).toMatchObject({ total: 3, items: [expect.anything(), expect.anything()] });
    expect(
      (
        await get(`/targets/2025?regionCode=450100&withTotal=true&cursor=${listed.nextCursor}`, u.nanningManager)
      ).json(),
    ).toMatchObject({ total: 3, items: [expect.anything()], nextCursor: null });
    const audit = (await t.request({ method: 'GET', url: '/api/v1/audit?entity=target' })).json().items;
    expect(audit.length).toBeGreaterThanOrEqual(6);

    const progress = (await get('/analytics/targets?year=2025', u.regionManager)).json();
    expect(progress).toMatchObject({ year: 2025, regionCode: '450000', timeElapsedRatio: 1 });
    const row = (code: string, category = 'all') =>
      progress.items.find(
        (item: { regionCode: string; category: string }) => item.regionCode === code && item.category === category,
      );
    expect(row('450000')).toMatchObject({
      total: true,
      targetCount: 10,
      actualCount: 3,
      actualAmount: 42,
      fundsReceived: 5,
      completionRatio: 0.3,
      aheadOfSchedule: -0.7,
    });
    expect(row('450100')).toMatchObject({
      total: false,
      regionName: '南宁市',
      targetCount: 4,
      targetAmount: 20,
      actualCount: 2,
      actualAmount: 12,
      completionRatio: 0.5,
      amountCompletionRatio: 0.6,
      rank: 1,
      rankedOf: 2,
    });
    expect(row('450200')).toMatchObject({ targetCount: 2, actualCount: 0, completionRatio: 0, rank: 2, rankedOf: 2 });
    expect(row('450300')).toMatchObject({ targetCount: null, completionRatio: null, rank: null });
    // 年内投产 counts production, not signing.
    expect(row('450000', 'sbsx_production')).toMatchObject({
      targetCount: 2,
      actualCount: 1,
      actualAmount: 30,
      completionRatio: 0.5,
    });

    const cityView = (await get('/analytics/targets?year=2025', u.nanningManager)).json();
    const county = cityView.items.find((item: { regionCode: string }) => item.regionCode === '450102');
    expect(county).toMatchObject({ targetCount: 1, actualCount: 1, completionRatio: 1, rank: 1, rankedOf: 2 });
    // A county sees itself, ranked among its city's counties, and nobody else.
    const own = (await get('/analytics/targets?year=2025', u.countyOfficer)).json();
    expect(own.items).toEqual([
      expect.objectContaining({ regionCode: '450102', category: 'all', rank: 1, rankedOf: 2 }),
    ]);
    expect((await get('/analytics/targets?year=2025&regionCode=450100', u.countyOfficer)).statusCode).toBe(400);

    const neighbour = (await get('/targets/2025?regionCode=450103', u.nanningManager)).json().items[0];
    expect(
      (
        await put(u.nanningManager, [
          { regionCode: '450103', category: 'all', targetCount: null, targetAmount: null, version: neighbour.version },
        ])
      ).json(),
    ).toMatchObject({ saved: 0, removed: 1 });
  });

  it('records 完成投资 by month, and measures targets by what they mean (在建, 完成投资, starts)', async () => {
    const put = (leadId: string, period: string, payload: Record<string, unknown>, user: TestUser) =>
      t.request({ method: 'PUT', url: `/api/v1/leads/${leadId}/investments/${period}`, payload }, user.token);
    // The crafted history: L1 building since 2025-04-01, L5 from 2025-08-01 until production on 2025-12-01.
    await db.query('UPDATE leads SET construction_started_at = ? WHERE id = ?', [
      new Date(day('2025-04-01')),
      leads.L1,
    ]);
    await db.query('UPDATE leads SET construction_started_at = ? WHERE id = ?', [
      new Date(day('2025-08-01')),
      leads.L5,
    ]);

    const first = await put(leads.L1, '2025-05', { amount: 1.5, source: 'company' }, u.nanningOfficer);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ period: '2025-05', amount: 1.5, source: 'company', version: 1 });
    expect((await put(leads.L1, '2025-06', { amount: 2, source: 'statistics' }, u.nanningOfficer)).statusCode).toBe(
      200,
    );
    // A correction names the version it read; the statistics return replaces the company's figure.
    const stale = await put(leads.L1, '2025-05', { amount: 1.25, source: 'statistics' }, u.nanningOfficer);
    expect(stale.json()).toMatchObject({ statusCode: 409, code: 'VERSION_CONFLICT', details: [{ field: 'version' }] });
    expect(
      (await put(leads.L1, '2025-05', { amount: 1.25, source: 'statistics', version: 1 }, u.nanningOfficer)).json(),
    ).toMatchObject({ amount: 1.25, version: 2 });
    for (const [period, amount] of [
      ['2025-09', 10],
      ['2025-12', 5],
    ] as const)
      expect((await put(leads.L5, period, { amount, source: 'statistics' }, u.regionOfficer)).statusCode).toBe(200);

    // Refusals name the field and write nothing.
    const refusals: Array<[string, string, Record<string, unknown>, TestUser, number, string]> = [
      [leads.L1, '2025-03', { amount: 1, source: 'statistics' }, u.nanningOfficer, 400, 'period'],
      [leads.L1, '2099-01', { amount: 1, source: 'statistics' }, u.nanningOfficer, 400, 'period'],
      [leads.L1, '2025-13', { amount: 1, source: 'statistics' }, u.nanningOfficer, 400, 'period'],
      [leads.L1, '2025-07', { amount: -1, source: 'statistics' }, u.nanningOfficer, 400, 'amount'],
      [leads.L1, '2025-07', { amount: 1, source: 'guess' }, u.nanningOfficer, 400, 'source'],
      [leads.L3, '2025-07', { amount: 1, source: 'statistics' }, u.nanningOfficer, 409, 'id'],
    ];
    for (const [leadId, period, payload, user, status, field] of refusals) {
      const res = await put(leadId, period, payload, user);
      expect({ period, status: res.statusCode, field: res.json().details?.[0]?.field }).toEqual({
        period,
        status,
        field,
      });
    }
    expect((await put(leads.L1, '2025-07', { amount: 1, source: 'statistics' }, u.liuzhouOfficer)).statusCode).toBe(
      404,
    );
    expect((await put(leads.L1, '2025-07', { amount: 1, source: 'statistics' }, u.nanningManager)).statusCode).toBe(
      403,
    );

    const listed = (await get(`/leads/${leads.L1}/investments?limit=1`, u.countyOfficer)).statusCode;
    expect(listed).toBe(404); // the city's own project is not the county's
    const page = (await get(`/leads/${leads.L1}/investments?limit=1`, u.nanningManager)).json();
    expect(page).toMatchObject({
      completedTotal: 3.25,
      items: [{ period: '2025-06', amount: 2, source: 'statistics' }],
    });
    const rest = (await get(`/leads/${leads.L1}/investments?cursor=${page.nextCursor}`, u.nanningManager)).json();
    expect(rest).toMatchObject({ nextCursor: null, items: [{ period: '2025-05', amount: 1.25, version: 2 }] });
    expect((await get(`/leads/${leads.L1}`, u.nanningManager)).json().investmentCompletedTotal).toBe(3.25);
    const audit = (await t.request({ method: 'GET', url: '/api/v1/audit?entity=lead_investment' })).json().items;
    expect(audit.length).toBeGreaterThanOrEqual(5);

    // In the roll-ups at their months, and a month removed leaves them.
    const months = (await get('/analytics/trend?interval=month&from=2025-05&to=2025-06', u.nanningManager)).json();
    expect(months.items.map((p: { investmentCompleted: number }) => p.investmentCompleted)).toEqual([1.25, 2]);
    expect((await put(leads.L1, '2025-07', { amount: 0.5, source: 'site_check' }, u.nanningOfficer)).statusCode).toBe(
      200,
    );
    const removed = await t.request(
      { method: 'DELETE', url: `/api/v1/leads/${leads.L1}/investments/2025-07` },
      u.nanningOfficer.token,
    );
    expect(removed.statusCode).toBe(204);
    expect(
      (
        await t.request(
          { method: 'DELETE', url: `/api/v1/leads/${leads.L1}/investments/2025-07` },
          u.nanningOfficer.token,
        )
      ).statusCode,
    ).toBe(404);
    expect((await get(`/leads/${leads.L1}`, u.nanningManager)).json().investmentCompletedTotal).toBe(3.25);
    // A correction of a month removed since it was read is a conflict, not a new record.
    expect(
      (await put(leads.L1, '2025-07', { amount: 0.5, source: 'statistics', version: 1 }, u.nanningOfficer)).json(),
    ).toMatchObject({ statusCode: 409, code: 'VERSION_CONFLICT', details: [{ field: 'version' }] });
    // Two projects recording their first figures at once neither deadlock nor wait on each other's months.
    const together = await Promise.all(
      ['2026-01', '2026-02', '2026-03'].flatMap((period) => [
        put(leads.L1, period, { amount: 0.1, source: 'company' }, u.nanningOfficer),
        put(leads.L5, period, { amount: 0.1, source: 'company' }, u.regionOfficer),
      ]),
    );
    expect(together.map((res) => res.statusCode)).toEqual(new Array(6).fill(200));
    for (const period of ['2026-01', '2026-02', '2026-03'])
      for (const [leadId, user] of [
        [leads.L1, u.nanningOfficer],
        [leads.L5, u.regionOfficer],
      ] as const)
        expect(
          (await t.request({ method: 'DELETE', url: `/api/v1/leads/${leadId}/investments/${period}` }, user.token))
            .statusCode,
        ).toBe(204);

    // Targets name their measure; 5个50 default to projects under construction, amounts have no count.
    const setTargets = (year: number, items: Array<Record<string, unknown>>) =>
      t.request({ method: 'PUT', url: `/api/v1/targets/${year}`, payload: { items } });
    expect(
      (
        await setTargets(2025, [{ regionCode: '450000', category: 'all', measure: 'funds_in_place', targetCount: 3 }])
      ).json().details[0],
    ).toMatchObject({ field: 'items.0.targetCount', constraint: 'isEmpty' });
    expect(
      (await setTargets(2025, [{ regionCode: '450000', category: 'all', measure: 'built', targetCount: 3 }])).json()
        .details[0].field,
    ).toBe('items.0.measure');
    const saved = await setTargets(2025, [
      { regionCode: '450000', category: 'five50_top500', targetCount: 2, targetAmount: 5 },
      { regionCode: '450000', category: 'all', measure: 'under_construction', targetCount: 4 },
      { regionCode: '450000', category: 'all', measure: 'investment_completed', targetAmount: 20 },
      { regionCode: '450000', category: 'sbsx_production', measure: 'under_construction', targetCount: 1 },
      { regionCode: '450100', category: 'all', measure: 'under_construction', targetCount: 2 },
    ]);
    expect(saved.json()).toEqual({ year: 2025, saved: 5, removed: 0 });
    const stored = (await get('/targets/2025?regionCode=450000&limit=200', u.regionManager)).json().items;
    expect(stored.find((x: { category: string }) => x.category === 'five50_top500').measure).toBe('under_construction');

    const progress = (await get('/analytics/targets?year=2025', u.regionManager)).json().items;
    const row = (code: string, category: string, measured: string) =>
      progress.find(
        (item: { regionCode: string; category: string; measure: string }) =>
          item.regionCode === code && item.category === category && item.measure === measured,
      );
    // Building at any time in 2025: L1 (still) and L5 (until December); 完成投资 is the year's.
    expect(row('450000', 'all', 'under_construction')).toMatchObject({
      targetCount: 4,
      actualCount: 2,
      actualAmount: 18.25,
      investmentCompleted: 18.25,
      completionRatio: 0.5,
    });
    expect(row('450100', 'all', 'under_construction')).toMatchObject({ actualCount: 1, completionRatio: 0.5, rank: 1 });
    expect(row('450000', 'five50_top500', 'under_construction')).toMatchObject({
      targetCount: 2,
      actualCount: 1,
      actualAmount: 3.25,
      completionRatio: 0.5,
      amountCompletionRatio: 0.65,
    });
    expect(row('450000', 'all', 'investment_completed')).toMatchObject({
      targetCount: null,
      actualCount: null,
      actualAmount: 18.25,
      amountCompletionRatio: 0.9125,
      aheadOfSchedule: -0.0875,
    });
    // The signing targets set before are still read as signings.
    expect(row('450000', 'all', 'signings')).toMatchObject({ targetCount: 10, actualCount: 3 });
    expect(row('450000', 'sbsx_production', 'production_starts')).toMatchObject({ actualCount: 1 });
    expect(row('450000', 'sbsx_production', 'under_construction')).toMatchObject({ actualCount: 1 });
    // In 2026, L5 is in production since 2025: no longer a project under construction (续建); L1 still is.
    expect(
      (
        await setTargets(2026, [
          { regionCode: '450000', category: 'sbsx_production', measure: 'under_construction', targetCount: 1 },
          { regionCode: '450000', category: 'five50_top500', targetCount: 1 },
        ])
      ).statusCode,
    ).toBe(200);
    const next = (await get('/analytics/targets?year=2026', u.regionManager)).json().items;
    const nextRow = (category: string) =>
      next.find(
        (item: { regionCode: string; category: string; measure: string; total: boolean }) =>
          item.total && item.category === category && item.measure === 'under_construction',
      );
    expect(nextRow('sbsx_production')).toMatchObject({ actualCount: 0, actualAmount: 0 });
    expect(nextRow('five50_top500').actualCount).toBeGreaterThanOrEqual(1);
  });

  it('builds the quarterly bulletin as JSON and as a workbook holding the same numbers', async () => {
    const res = await get('/reports/quarterly?year=2025&quarter=1', u.regionManager);
    expect(res.statusCode).toBe(200);
    const bulletin = res.json();
    expect(bulletin).toMatchObject({ year: 2025, quarter: 1, regionCode: '450000', from: '2025-01', to: '2025-03' });
    // The region's target (10) is for its whole jurisdiction: the total carries it, the region's own row (本级) does not.
    expect(bulletin.totals).toEqual({
      newLeads: 4,
      visits: 0,
      signedCount: 2,
      signedAmount: 12,
      signedPendingCount: 0,
      constructionStarts: 0,
      productionStarts: 0,
      fundsReceived: 2,
      investmentCompleted: 0,
      targetCount: 10,
      yearSignedCount: 2,
      completionRatio: 0.2,
    });
    expect(bulletin.byRegion.find((row: { key: string }) => row.key === '450000')).toMatchObject({
      name: '广西壮族自治区本级',
      targetCount: null,
      completionRatio: null,
    });
    expect(bulletin.byRegion).toHaveLength(15); // 14 cities and the region's own
    expect(bulletin.byRegion[0]).toMatchObject({
      rank: 1,
      key: '450100',
      name: '南宁市',
      newLeads: 3,
      signedCount: 2,
      signedAmount: 12,
      targetCount: 4,
      yearSignedCount: 2,
      completionRatio: 0.5,
    });
    expect(bulletin.byRegion[1]).toMatchObject({ rank: 2, key: '450200', newLeads: 1, signedCount: 0 });
    expect(bulletin.byRegion[2].rank).toBe(3);
    expect(bulletin.byRegion[14].rank).toBe(3);
    expect(bulletin.byCluster.map((row: { key: string; rank: number }) => [row.key, row.rank])).toEqual([
      ['auto', 1],
      ['electronics', 2],
    ]);
    expect(
      bulletin.notableSignings.map((s: { leadId: string; signedAmount: number }) => [s.leadId, s.signedAmount]),
    ).toEqual([
      [leads.L1, 8],
      [leads.L2, 4],
    ]);

    const xlsx = await get('/reports/quarterly?year=2025&quarter=1&format=xlsx', u.regionManager);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '概览',
      '按地区',
      '按产业集群',
      '按工作小组',
      '重点签约项目',
    ]);
    const regions = workbook.getWorksheet('按地区')!;
    expect(regions.getRow(1).values).toEqual([
      undefined,
      '排名',
      '代码',
      '名称',
      '新增线索',
      '走访次数',
      '签约项目数',
      '签约投资额（亿元）',
      '另有待确认签约',
      '开工项目数',
      '投产项目数',
      '到资（亿元）',
      '完成投资（亿元）',
      '年度签约目标',
      '年内累计签约',
      '目标完成率',
    ]);
    expect(regions.getRow(2).values).toEqual([undefined, 1, '450100', '南宁市', 3, 0, 2, 12, 0, 0, 0, 2, 0, 4, 2, 0.5]);
    const summary = workbook.getWorksheet('概览')!;
    expect(summary.getRow(6).values).toEqual([undefined, '签约投资额（亿元）', bulletin.totals.signedAmount]);

    const city = (await get('/reports/quarterly?year=2025&quarter=1', u.nanningManager)).json();
    expect(city.byRegion.find((row: { key: string }) => row.key === '450102')).toMatchObject({
      newLeads: 1,
      signedAmount: 4,
    });
    expect((await get('/reports/quarterly?year=2025&quarter=5', u.regionManager)).json().details[0].field).toBe(
      'quarter',
    );
    expect((await get('/reports/quarterly?year=2099&quarter=1', u.regionManager)).json().details[0]).toMatchObject({
      field: 'quarter',
      constraint: 'hasStarted',
    });
  });

  it('stores and announces the bulletin from the first working day after the quarter, once, on a BullMQ schedule', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Analytics));
    const scheduler = await queue.getJobScheduler('quarterly-bulletin');
    expect(scheduler).toMatchObject({ pattern: '0 9 * * *', tz: 'Asia/Shanghai' });

    const reports = t.app.get(QuarterlyReportsService);
    const progress: Array<[number, number]> = [];
    const track = async (built: number, total: number) => progress.push([built, total]);
    // 2025 Q4 ended on 12-31; 2026-01-01 to 01-03 are the New Year holiday and Sunday 01-04 is worked instead.
    expect(await reports.runScheduled(new Date('2026-01-02T02:00:00Z'), track)).toBe(0);
    expect(await reports.runScheduled(new Date('2026-01-04T01:00:00Z'), track)).toBe(15);
    expect(progress[progress.length - 1]).toEqual([15, 15]);
    expect(await reports.runScheduled(new Date('2026-01-05T01:00:00Z'), track)).toBe(0);
    const notices = (await get('/notifications?limit=200', u.regionManager)).json().items;
    const q4 = (n: { kind: string; title: string }) =>
      n.kind === 'quarterly_bulletin' && n.title.includes('2025年第4季度');
    expect(notices.filter(q4)).toEqual([
      expect.objectContaining({ title: '广西壮族自治区2025年第4季度招商工作通报已生成' }),
    ]);
    expect((await get('/notifications?limit=200', u.nanningManager)).json().items.filter(q4)).toHaveLength(1);
    // The stored bulletin is what the API answers from now on: L5's production in December.
    expect(
      (await t.request({ method: 'GET', url: '/api/v1/audit?entity=quarterly_report' })).json().items,
    ).toHaveLength(15);
    const stored = (await get('/reports/quarterly?year=2025&quarter=4', u.regionManager)).json();
    expect(stored.totals.productionStarts).toBe(1);
  });

  it('rebuilds everything on an administrator’s request, as a job with progress, to the same figures', async () => {
    const before = (await get('/analytics/funnel?from=2025-01&to=2025-12&mode=flow', u.regionManager)).json();
    expect((await post('/admin/analytics/rebuild', {}, u.regionManager)).statusCode).toBe(403);
    const accepted = await t.request({ method: 'POST', url: '/api/v1/admin/analytics/rebuild' });
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json()).toEqual({ queued: true, jobId: 'analytics-rebuild' });
    expect((await t.request({ method: 'GET', url: '/api/v1/audit?entity=analytics_rebuild' })).json().items).toEqual([
      expect.objectContaining({ action: 'create' }),
    ]);
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Analytics));
    const deadline = Date.now() + 20_000;
    let job = await queue.getJob('analytics-rebuild');
    while (job && !(await job.isCompleted()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = await queue.getJob('analytics-rebuild');
    }
    expect(await job!.isCompleted()).toBe(true);
    expect(job!.progress).toEqual({ done: expect.any(Number), total: expect.any(Number) });
    expect((await get('/analytics/funnel?from=2025-01&to=2025-12&mode=flow', u.regionManager)).json()).toEqual(before);
  });
});
