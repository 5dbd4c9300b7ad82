import { createLead } from '../../utils/records';
import { startTestApp, TestApp } from '../../utils/test-app';
import { createSignedInUser, TestUser } from '../../utils/users';

// 甄别确认 (docs/domain.md "Signing confirmation"): a county's signing is a claim the city confirms or sends back.
describe('signing confirmation (甄别确认)', () => {
  let t: TestApp;
  let countyOfficer: TestUser; // 兴宁区, holds the projects
  let cityManager: TestUser; // 南宁市, confirms them
  let cityOfficer: TestUser;
  let siblingCityManager: TestUser; // 柳州市
  let siblingCountyManager: TestUser; // 青秀区
  let regionManager: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    countyOfficer = await createSignedInUser(t, 'officer', '450102');
    cityManager = await createSignedInUser(t, 'manager', '450100');
    cityOfficer = await createSignedInUser(t, 'officer', '450100');
    siblingCityManager = await createSignedInUser(t, 'manager', '450200');
    siblingCountyManager = await createSignedInUser(t, 'manager', '450103');
    regionManager = await createSignedInUser(t, 'manager', '450000');
  });
  afterAll(() => t.close());

  const signing = { signedAt: '2026-11-20T10:00:00+08:00', signedAmount: 6.5, parkName: '南宁高新区' };
  const get = (url: string, user: TestUser) => t.request({ method: 'GET', url: `/api/v1${url}` }, user.token);
  const post = (url: string, payload: unknown, user: TestUser) =>
    t.request({ method: 'POST', url: `/api/v1${url}`, payload: payload as Record<string, unknown> }, user.token);
  const leadOf = async (id: string) => (await get(`/leads/${id}`, countyOfficer)).json();
  const claimOf = async (id: string) => (await get(`/claims/${id}`, cityManager)).json();

  /** A 兴宁区 project moved to 洽谈 and then claimed as signed. */
  async function claimedSigning(overrides: Record<string, unknown> = {}) {
    const lead = await createLead(t, { regionCode: '450102', ...overrides }, countyOfficer.token);
    const negotiating = await post(
      `/leads/${lead.id}/transitions`,
      { version: lead.version, to: 'negotiating' },
      countyOfficer,
    );
    expect(negotiating.statusCode).toBe(201);
    const signed = await post(
      `/leads/${lead.id}/transitions`,
      { version: negotiating.json().version, to: 'signed', ...signing },
      countyOfficer,
    );
    expect(signed.statusCode).toBe(201);
    return signed.json();
  }

  const funnelSigned = async (user: TestUser, regionCode: string) => {
    const funnel = (
      await get(`/analytics/funnel?mode=flow&from=2026-11&to=2026-12&regionCode=${regionCode}`, user)
    ).json();
    const stage = funnel.stages.find((s: { stage: string }) => s.stage === 'signed');
    return { count: stage.count, pending: stage.pendingCount, pendingAmount: stage.pendingAmount };
  };

  it('makes a signing a claim the city confirms; it counts only then, at its signing date', async () => {
    const before = await funnelSigned(cityManager, '450102');
    const lead = await claimedSigning();
    expect(lead).toMatchObject({ stage: 'signed', pendingClaimId: expect.any(String) });
    const claim = await claimOf(lead.pendingClaimId);
    expect(claim).toMatchObject({
      leadId: lead.id,
      status: 'pending',
      stages: ['signed'],
      fromStage: 'negotiating',
      regionCode: '450102',
      confirmerRegionCode: '450100',
      confirmerName: '南宁市',
      claimedBy: countyOfficer.id,
      missing: [],
      canRule: true,
    });
    expect(Date.parse(claim.dueAt)).toBeGreaterThan(Date.now());
    expect(await funnelSigned(cityManager, '450102')).toEqual({
      count: before.count,
      pending: before.pending + 1,
      pendingAmount: before.pendingAmount + 6.5,
    });
    // The city's inbox lists it; the county sees it among its own, without the right to rule.
    const inbox = (await get('/claims?ruledBy=mine&status=pending&limit=200', cityManager)).json();
    expect(inbox.items.map((item: { id: string }) => item.id)).toContain(claim.id);
    expect((await get(`/claims/${claim.id}`, countyOfficer)).json()).toMatchObject({ canRule: false });

    const confirmed = await post(
      `/claims/${claim.id}/confirm`,
      { version: claim.version, note: '协议已核' },
      cityManager,
    );
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'confirmed',
      ruledBy: cityManager.id,
      ruledByName: expect.any(String),
      ruling: '协议已核',
      canRule: false,
    });
    expect((await leadOf(lead.id)).pendingClaimId).toBeNull();
    expect(await funnelSigned(cityManager, '450102')).toEqual({
      count: before.count + 1,
      pending: before.pending,
      pendingAmount: before.pendingAmount,
    });
    // Ruled once: a second ruling is a conflict.
    const again = await post(`/claims/${claim.id}/confirm`, { version: claim.version }, cityManager);
    expect(again.statusCode).toBe(409);
    // The holder is told, the timeline says so, the audit trail has it.
    const notes = (await get('/notifications?limit=200', countyOfficer)).json().items;
    expect(notes.map((n: { kind: string; subjectId: string }) => `${n.kind}:${n.subjectId}`)).toContain(
      `claim_confirmed:${claim.id}`,
    );
    const timeline = (await get(`/leads/${lead.id}/timeline?limit=50`, countyOfficer)).json().items;
    expect(timeline.map((entry: { data: { event?: string } }) => entry.data.event)).toContain('claim_confirmed');
    const audit = (
      await t.request({ method: 'GET', url: `/api/v1/audit?entity=lead_claim&entityId=${claim.id}` })
    ).json().items;
    expect(audit.map((entry: { action: string }) => entry.action)).toContain('update');
    // The next stage is a claim of its own.
    const started = await post(
      `/leads/${lead.id}/transitions`,
      {
        version: (await leadOf(lead.id)).version,
        to: 'construction',
        constructionStartedAt: '2026-11-25T09:00:00+08:00',
      },
      countyOfficer,
    );
    expect(started.statusCode).toBe(201);
    expect((await claimOf(started.json().pendingClaimId)).stages).toEqual(['construction']);
  });

  it('lets only a manager of the unit above rule: others 403, outside the jurisdiction 404, nothing written', async () => {
    const lead = await claimedSigning();
    const claim = await claimOf(lead.pendingClaimId);
    const body = { version: claim.version };
    for (const [user, status] of [
      [countyOfficer, 403],
      [cityOfficer, 403],
      [regionManager, 403],
      [siblingCityManager, 404],
      [siblingCountyManager, 404],
    ] as const) {
      const res = await post(`/claims/${claim.id}/confirm`, body, user);
      expect({ user: user.username, status: res.statusCode }).toEqual({ user: user.username, status });
      expect(res.json()).toMatchObject({ code: status === 403 ? 'FORBIDDEN' : 'NOT_FOUND' });
      const back = await post(`/claims/${claim.id}/return`, { ...body, reason: '材料不全' }, user);
      expect(back.statusCode).toBe(status);
    }
    expect(await claimOf(claim.id)).toMatchObject({ status: 'pending', version: claim.version });
    expect((await get(`/claims/${claim.id}`, siblingCityManager)).statusCode).toBe(404);
    const listed = (await get('/claims?limit=200', siblingCityManager)).json().items;
    expect(listed.map((item: { id: string }) => item.id)).not.toContain(claim.id);
    // A stale version is a version conflict.
    const stale = await post(`/claims/${claim.id}/confirm`, { version: claim.version + 1 }, cityManager);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
  });

  it('sends a claim back with a reason: the lead returns to 洽谈, the holder is told, it never counted', async () => {
    const before = await funnelSigned(cityManager, '450102');
    const lead = await claimedSigning();
    const claim = await claimOf(lead.pendingClaimId);
    const noReason = await post(`/claims/${claim.id}/return`, { version: claim.version }, cityManager);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details.map((d: { field: string }) => d.field)).toContain('reason');

    const returned = await post(
      `/claims/${claim.id}/return`,
      { version: claim.version, reason: '未见正式签约协议' },
      cityManager,
    );
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', ruling: '未见正式签约协议' });
    expect(await leadOf(lead.id)).toMatchObject({ stage: 'negotiating', pendingClaimId: null });
    expect(await funnelSigned(cityManager, '450102')).toEqual(before);
    const timeline = (await get(`/leads/${lead.id}/timeline?limit=50`, countyOfficer)).json().items;
    const back = timeline.find((entry: { kind: string; data: { toStage?: string } }) => entry.kind === 'stage');
    expect(back.data).toMatchObject({ fromStage: 'signed', toStage: 'negotiating', reason: '未见正式签约协议' });
    const notes = (await get('/notifications?limit=200', countyOfficer)).json().items;
    expect(notes.map((n: { kind: string; subjectId: string }) => `${n.kind}:${n.subjectId}`)).toContain(
      `claim_returned:${claim.id}`,
    );
    // The history keeps it; a new claim can be made.
    const history = (await get(`/leads/${lead.id}/claims`, countyOfficer)).json().items;
    expect(history.map((item: { status: string }) => item.status)).toEqual(['returned']);
    const resigned = await post(
      `/leads/${lead.id}/transitions`,
      { version: (await leadOf(lead.id)).version, to: 'signed' },
      countyOfficer,
    );
    expect(resigned.statusCode).toBe(201);
    expect(resigned.json().pendingClaimId).not.toBe(claim.id);
  });

  it('undoes a whole move sent back: the stages it skipped through count no more', async () => {
    const negotiatingCount = async () => {
      const funnel = (
        await get('/analytics/funnel?mode=flow&from=2026-11&to=2026-12&regionCode=450102', cityManager)
      ).json();
      return funnel.stages.find((s: { stage: string }) => s.stage === 'negotiating').count;
    };
    const before = await negotiatingCount();
    const lead = await createLead(t, { regionCode: '450102' }, countyOfficer.token);
    const claimed = await post(
      `/leads/${lead.id}/transitions`,
      { version: lead.version, to: 'signed', ...signing },
      countyOfficer,
    );
    expect(claimed.statusCode).toBe(201);
    expect(await negotiatingCount()).toBe(before + 1);
    const claim = await claimOf(claimed.json().pendingClaimId);
    expect(claim).toMatchObject({ fromStage: 'lead', stages: ['signed'] });
    const back = await post(
      `/claims/${claim.id}/return`,
      { version: claim.version, reason: '未实质洽谈' },
      cityManager,
    );
    expect(back.statusCode).toBe(200);
    expect((await leadOf(lead.id)).stage).toBe('lead');
    expect(await negotiatingCount()).toBe(before);
  });

  it('holds the lead while its claim waits: no other move, no dispatch; and no claim while a dispatch waits', async () => {
    const lead = await claimedSigning();
    const move = await post(
      `/leads/${lead.id}/transitions`,
      { version: lead.version, to: 'on_hold', reason: '企业暂缓' },
      countyOfficer,
    );
    expect(move.statusCode).toBe(409);
    expect(move.json().details[0]).toMatchObject({ constraint: 'noPendingClaim', pendingClaimId: lead.pendingClaimId });
    const dispatch = await post(
      `/leads/${lead.id}/dispatches`,
      { toRegionCode: '450100', reason: '需市级协调' },
      countyOfficer,
    );
    expect(dispatch.statusCode).toBe(409);
    expect((await leadOf(lead.id)).pendingDispatchId).toBeNull();

    // A lead waiting for a dispatch cannot be claimed as signed.
    const waiting = await createLead(t, { regionCode: '450102' }, countyOfficer.token);
    const sent = await post(
      `/leads/${waiting.id}/dispatches`,
      { toRegionCode: '450100', reason: '需市级协调' },
      countyOfficer,
    );
    expect(sent.statusCode).toBe(201);
    const claimed = await post(
      `/leads/${waiting.id}/transitions`,
      { version: (await leadOf(waiting.id)).version, to: 'signed', ...signing },
      countyOfficer,
    );
    expect(claimed.statusCode).toBe(409);
    expect(claimed.json().details[0]).toMatchObject({ constraint: 'noPendingDispatch' });
    expect(await leadOf(waiting.id)).toMatchObject({ stage: 'lead', pendingClaimId: null });
  });

  it('refuses a confirmation the rules are not met for, naming what is missing, and writes nothing', async () => {
    const signedRule = async () =>
      (await t.request({ method: 'GET', url: '/api/v1/confirmation-rules' }))
        .json()
        .items.find((rule: { stage: string }) => rule.stage === 'signed');
    const original = await signedRule();
    const put = async (requirements: unknown) =>
      t.request({
        method: 'PUT',
        url: '/api/v1/confirmation-rules/signed',
        payload: { requirements, version: (await signedRule()).version },
      });
    const unknown = await put(['signedAt', 'plan']);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details[0].field).toMatch(/^requirements/);
    // Administrators only; a stale version is a conflict.
    expect(
      (
        await t.request(
          {
            method: 'PUT',
            url: '/api/v1/confirmation-rules/signed',
            payload: { requirements: [], version: original.version },
          },
          cityManager.token,
        )
      ).statusCode,
    ).toBe(403);
    const stale = await t.request({
      method: 'PUT',
      url: '/api/v1/confirmation-rules/signed',
      payload: { requirements: [], version: original.version + 5 },
    });
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const saved = await put(['signedAt', 'signedAmount', 'site', 'expectedInvestment']);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ isDefault: false, version: original.version + 1 });
    try {
      const lead = await claimedSigning({ expectedInvestment: undefined });
      const claim = await claimOf(lead.pendingClaimId);
      expect(claim.missing).toEqual(['expectedInvestment']);
      const refused = await post(`/claims/${claim.id}/confirm`, { version: claim.version }, cityManager);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().details.map((d: { field: string }) => d.field)).toEqual(['expectedInvestment']);
      expect(await claimOf(claim.id)).toMatchObject({ status: 'pending', version: claim.version });
      // Completed by the holder, it is confirmed.
      const current = await leadOf(lead.id);
      const patched = await t.request(
        {
          method: 'PATCH',
          url: `/api/v1/leads/${lead.id}`,
          payload: { version: current.version, expectedInvestment: 8 },
        },
        countyOfficer.token,
      );
      expect(patched.statusCode).toBe(200);
      expect((await post(`/claims/${claim.id}/confirm`, { version: claim.version }, cityManager)).statusCode).toBe(200);
    } finally {
      expect((await put(original.requirements)).statusCode).toBe(200);
    }
  });
});
