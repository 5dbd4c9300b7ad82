import { startTestApp, TestApp } from '../../utils/test-app';
import { createCompany, createLead } from '../../utils/records';
import { createSignedInUser, TestUser } from '../../utils/users';

/** Region → city → county linkage through the API: dispatch, return, accept, co-handle, escalate, 撞单. */
describe('three-level linkage', () => {
  let t: TestApp;
  const u = {} as Record<
    | 'regionOfficer'
    | 'regionManager'
    | 'cityOfficer'
    | 'cityManager'
    | 'countyOfficer'
    | 'countyManager'
    | 'neighbourOfficer'
    | 'neighbourManager'
    | 'liuzhouOfficer'
    | 'liuzhouManager'
    | 'resident',
    TestUser
  >;

  beforeAll(async () => {
    t = await startTestApp();
    u.regionOfficer = await createSignedInUser(t, 'officer', '450000');
    u.regionManager = await createSignedInUser(t, 'manager', '450000');
    u.cityOfficer = await createSignedInUser(t, 'officer', '450100'); // 南宁市
    u.cityManager = await createSignedInUser(t, 'manager', '450100');
    u.countyOfficer = await createSignedInUser(t, 'officer', '450102'); // 兴宁区
    u.countyManager = await createSignedInUser(t, 'manager', '450102');
    u.neighbourOfficer = await createSignedInUser(t, 'officer', '450103'); // 青秀区
    u.neighbourManager = await createSignedInUser(t, 'manager', '450103');
    u.liuzhouOfficer = await createSignedInUser(t, 'officer', '450200');
    u.liuzhouManager = await createSignedInUser(t, 'manager', '450200');
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
  const notificationsOf = async (user: TestUser) =>
    (await as(user).get('/notifications?limit=200')).json().items as Array<{
      kind: string;
      leadId: string;
      subjectId: string;
      title: string;
    }>;
  const linkageEvents = async (leadId: string) =>
    (
      (await t.request({ method: 'GET', url: `/api/v1/leads/${leadId}/timeline?limit=200` })).json().items as Array<{
        kind: string;
        data: { event?: string; reason?: string };
      }>
    )
      .filter((entry) => entry.kind === 'linkage')
      .map((entry) => entry.data);
  const nameOf = async (user: TestUser): Promise<string> =>
    (await t.request({ method: 'GET', url: `/api/v1/users/${user.id}` })).json().displayName;
  const auditOf = async (entity: string, entityId: string) =>
    (
      await t.request({ method: 'GET', url: `/api/v1/audit?entity=${entity}&entityId=${encodeURIComponent(entityId)}` })
    ).json().items as Array<{ action: string; changes: Record<string, unknown> }>;

  it('moves a lead from the region to a city and on to a county, with a return on the way', async () => {
    const lead = await createLead(t, {}, u.regionOfficer.token);
    expect(lead.regionCode).toBe('450000');

    // The region dispatches to Nanning; the lead shows it waits for acceptance, and one dispatch at a time.
    const toCity = await as(u.regionOfficer).post(`/leads/${lead.id}/dispatches`, {
      toRegionCode: '450100',
      note: '企业有意落户南宁',
    });
    expect(toCity.statusCode).toBe(201);
    expect(toCity.json()).toMatchObject({
      leadId: lead.id,
      fromRegionCode: '450000',
      toRegionCode: '450100',
      direction: 'down',
      status: 'pending',
      overdueLevel: 0,
    });
    const dispatch = toCity.json();
    // Names beside the ids: the sender now, the responder once it answers.
    expect(dispatch).toMatchObject({ sentBy: u.regionOfficer.id, sentByName: await nameOf(u.regionOfficer) });
    expect(dispatch.respondedByName).toBeNull();
    expect((await as(u.regionOfficer).get(`/leads/${lead.id}`)).json().pendingDispatchId).toBe(dispatch.id);
    const second = await as(u.regionOfficer).post(`/leads/${lead.id}/dispatches`, { toRegionCode: '450200' });
    expect(second.statusCode).toBe(409);
    expect(second.json().details[0]).toMatchObject({
      constraint: 'onePendingDispatch',
      pendingDispatchId: dispatch.id,
    });

    // The receiver sees it in its inbox and may read the lead, not change it; a county below sees nothing yet.
    const inbox = (await as(u.cityOfficer).get('/linkage/inbox')).json();
    expect(inbox.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'dispatch', id: dispatch.id, leadId: lead.id })]),
    );
    const counted = (await as(u.cityOfficer).get('/linkage/inbox?withTotal=true&limit=1')).json();
    expect(counted.total).toBe(inbox.items.length);
    expect(counted.items).toHaveLength(1);
    expect((await as(u.cityOfficer).get('/linkage/inbox')).json().total).toBeUndefined();
    expect((await as(u.cityOfficer).get(`/leads/${lead.id}`)).statusCode).toBe(200);
    expect(
      (await as(u.cityOfficer).patch(`/leads/${lead.id}`, { version: lead.version, title: '改名' })).statusCode,
    ).toBe(403);
    expect((await as(u.countyOfficer).get(`/leads/${lead.id}`)).statusCode).toBe(404);
    expect(
      (await as(u.regionOfficer).get('/linkage/outbox')).json().items.map((item: { id: string }) => item.id),
    ).toContain(dispatch.id);
    expect((await notificationsOf(u.cityOfficer)).map((n) => n.kind)).toContain('dispatch_received');

    // Only the receiving unit answers; another city gets 404, the sender 403.
    expect((await as(u.liuzhouOfficer).post(`/dispatches/${dispatch.id}/accept`)).statusCode).toBe(404);
    expect((await as(u.regionOfficer).post(`/dispatches/${dispatch.id}/accept`)).statusCode).toBe(403);
    const accepted = await as(u.cityOfficer).post(`/dispatches/${dispatch.id}/accept`, { version: dispatch.version });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      status: 'accepted',
      respondedBy: u.cityOfficer.id,
      respondedByName: await nameOf(u.cityOfficer),
      sentByName: await nameOf(u.regionOfficer),
    });
    expect((await as(u.cityOfficer).get(`/leads/${lead.id}/dispatches`)).json().items).toEqual([
      expect.objectContaining({
        id: dispatch.id,
        sentByName: await nameOf(u.regionOfficer),
        respondedByName: await nameOf(u.cityOfficer),
      }),
    ]);
    const held = (await as(u.cityOfficer).get(`/leads/${lead.id}`)).json();
    expect(held).toMatchObject({
      regionCode: '450100',
      ownerUserId: u.cityOfficer.id,
      ownerName: await nameOf(u.cityOfficer),
      pendingDispatchId: null,
    });
    expect((await as(u.cityOfficer).post(`/dispatches/${dispatch.id}/return`, { reason: '晚了' })).statusCode).toBe(
      409,
    );
    expect((await notificationsOf(u.regionOfficer)).map((n) => n.kind)).toContain('dispatch_accepted');
    // The sender keeps read access.
    expect((await as(u.regionOfficer).get(`/leads/${lead.id}`)).statusCode).toBe(200);

    // The city sends it to 兴宁区, which returns it with a reason: the lead stays with the city.
    const toCounty = (
      await as(u.cityOfficer).post(`/leads/${lead.id}/dispatches`, { toRegionCode: '450102', acceptWithinDays: 2 })
    ).json();
    const noReason = await as(u.countyOfficer).post(`/dispatches/${toCounty.id}/return`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details[0].field).toBe('reason');
    const returned = await as(u.countyOfficer).post(`/dispatches/${toCounty.id}/return`, {
      reason: '本区无符合条件的工业用地',
    });
    expect(returned.json()).toMatchObject({ status: 'returned', returnReason: '本区无符合条件的工业用地' });
    expect((await as(u.cityOfficer).get(`/leads/${lead.id}`)).json()).toMatchObject({
      regionCode: '450100',
      pendingDispatchId: null,
    });
    expect(
      (await notificationsOf(u.cityOfficer)).find((n) => n.kind === 'dispatch_returned' && n.subjectId === toCounty.id),
    ).toBeDefined();

    // Sent again, accepted, with an owner the county picks.
    const again = (await as(u.cityOfficer).post(`/leads/${lead.id}/dispatches`, { toRegionCode: '450102' })).json();
    const byManager = await as(u.countyManager).post(`/dispatches/${again.id}/accept`, {});
    expect(byManager.statusCode).toBe(400);
    expect(byManager.json().details[0].field).toBe('ownerUserId');
    const outsider = await as(u.countyManager).post(`/dispatches/${again.id}/accept`, {
      ownerUserId: u.liuzhouOfficer.id,
    });
    expect(outsider.json().details[0]).toMatchObject({ field: 'ownerUserId', constraint: 'isAssignable' });
    expect(
      (await as(u.countyManager).post(`/dispatches/${again.id}/accept`, { ownerUserId: u.countyOfficer.id }))
        .statusCode,
    ).toBe(200);
    expect((await as(u.countyOfficer).get(`/leads/${lead.id}`)).json()).toMatchObject({
      regionCode: '450102',
      ownerUserId: u.countyOfficer.id,
    });

    // The journey is on the lead's timeline and in the audit trail; one lead, counted once.
    expect((await linkageEvents(lead.id)).map((event) => event.event)).toEqual([
      'accepted',
      'dispatched',
      'returned',
      'dispatched',
      'accepted',
      'dispatched',
    ]);
    expect((await auditOf('lead_dispatch', toCounty.id)).map((entry) => entry.action).sort()).toEqual([
      'create',
      'update',
    ]);
    expect(
      (await auditOf('lead', lead.id)).some(
        (entry) => JSON.stringify(entry.changes.regionCode) === JSON.stringify(['450100', '450102']),
      ),
    ).toBe(true);
    const dispatches = (await as(u.countyOfficer).get(`/leads/${lead.id}/dispatches`)).json().items;
    expect(dispatches.map((d: { status: string }) => d.status)).toEqual(['accepted', 'returned', 'accepted']);
    const firstPage = (await as(u.countyOfficer).get(`/leads/${lead.id}/dispatches?limit=2`)).json();
    expect(firstPage.items).toHaveLength(2);
    const secondPage = (
      await as(u.countyOfficer).get(`/leads/${lead.id}/dispatches?limit=2&cursor=${firstPage.nextCursor}`)
    ).json();
    expect(secondPage).toMatchObject({ items: [expect.objectContaining({ id: dispatch.id })], nextCursor: null });
  });

  it('sends a lead up only to the parent and only with a reason, and refuses units outside the chain', async () => {
    const lead = await createLead(t, { regionCode: '450102' }, u.countyOfficer.token);
    const noReason = await as(u.countyOfficer).post(`/leads/${lead.id}/dispatches`, { toRegionCode: '450100' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details[0].field).toBe('reason');
    const sideways = await as(u.countyOfficer).post(`/leads/${lead.id}/dispatches`, { toRegionCode: '450103' });
    expect(sideways.json().details[0]).toMatchObject({ field: 'toRegionCode', constraint: 'isBelowOrParent' });
    const skipping = await as(u.countyOfficer).post(`/leads/${lead.id}/dispatches`, {
      toRegionCode: '450000',
      reason: '需自治区协调',
    });
    expect(skipping.json().details[0].field).toBe('toRegionCode');
    const notAUnit = await as(u.countyOfficer).post(`/leads/${lead.id}/dispatches`, {
      toRegionCode: '440300',
      extra: 1,
    });
    expect(notAUnit.statusCode).toBe(400);
    expect((await as(u.cityOfficer).post(`/leads/${lead.id}/dispatches`, { toRegionCode: '450103' })).statusCode).toBe(
      403,
    );
    expect(
      (await as(u.liuzhouOfficer).post(`/leads/${lead.id}/dispatches`, { toRegionCode: '450100' })).statusCode,
    ).toBe(404);

    const up = await as(u.countyOfficer).post(`/leads/${lead.id}/dispatches`, {
      toRegionCode: '450100',
      reason: '项目用地超出本区能力',
    });
    expect(up.json()).toMatchObject({ direction: 'up', reason: '项目用地超出本区能力' });
    // The sender withdraws it; the county keeps the lead.
    expect((await as(u.cityOfficer).post(`/dispatches/${up.json().id}/withdraw`)).statusCode).toBe(403);
    expect(
      (await as(u.countyOfficer).post(`/dispatches/${up.json().id}/withdraw`, { reason: '企业改变计划' })).json()
        .status,
    ).toBe('withdrawn');
    expect((await as(u.countyOfficer).get(`/leads/${lead.id}`)).json().pendingDispatchId).toBeNull();
  });

  it('lets a collaborating unit see the lead and add notes, but not move its stage', async () => {
    const lead = await createLead(t, { regionCode: '450102' }, u.countyOfficer.token);
    expect((await as(u.neighbourOfficer).get(`/leads/${lead.id}`)).statusCode).toBe(404);
    expect(
      (await as(u.countyOfficer).post(`/leads/${lead.id}/collaborators`, { regionCode: '450102' })).json().details[0]
        .constraint,
    ).toBe('notHolder');
    expect(
      (await as(u.countyOfficer).post(`/leads/${lead.id}/collaborators`, { regionCode: '999999' })).statusCode,
    ).toBe(400);
    const added = await as(u.countyOfficer).post(`/leads/${lead.id}/collaborators`, {
      regionCode: '450103',
      note: '青秀区协助对接总部',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({
      leadId: lead.id,
      regionCode: '450103',
      note: '青秀区协助对接总部',
      addedBy: u.countyOfficer.id,
      addedByName: await nameOf(u.countyOfficer),
    });
    expect((await as(u.neighbourOfficer).get(`/leads/${lead.id}/collaborators`)).json().items).toEqual([
      expect.objectContaining({ regionCode: '450103', addedByName: await nameOf(u.countyOfficer) }),
    ]);

    expect((await as(u.neighbourOfficer).get(`/leads/${lead.id}`)).statusCode).toBe(200);
    expect(
      (await as(u.neighbourOfficer).get('/leads?limit=200')).json().items.map((l: { id: string }) => l.id),
    ).toContain(lead.id);
    expect(
      (await as(u.neighbourOfficer).post(`/leads/${lead.id}/notes`, { body: '已约企业总部下周会谈' })).statusCode,
    ).toBe(201);
    const move = await as(u.neighbourOfficer).post(`/leads/${lead.id}/transitions`, {
      version: lead.version,
      to: 'contacted',
    });
    expect(move.statusCode).toBe(403);
    expect(move.json().code).toBe('FORBIDDEN');
    expect(
      (await as(u.neighbourOfficer).post(`/leads/${lead.id}/collaborators`, { regionCode: '450100' })).statusCode,
    ).toBe(403);
    expect((await notificationsOf(u.neighbourOfficer)).map((n) => n.kind)).toContain('collaborator_added');

    expect((await as(u.countyOfficer).delete(`/leads/${lead.id}/collaborators/450103`)).statusCode).toBe(204);
    expect((await as(u.countyOfficer).delete(`/leads/${lead.id}/collaborators/450103`)).statusCode).toBe(404);
    expect((await as(u.neighbourOfficer).get(`/leads/${lead.id}`)).statusCode).toBe(404);
    expect((await linkageEvents(lead.id)).map((event) => event.event)).toEqual([
      'collaborator_removed',
      'collaborator_added',
    ]);
    expect((await auditOf('lead_collaborator', `${lead.id}-450103`)).map((entry) => entry.action).sort()).toEqual([
      'create',
      'delete',
    ]);
  });

  it('escalates to the parent’s managers, who grant it, or forward it one level up', async () => {
    const lead = await createLead(t, { regionCode: '450102' }, u.countyOfficer.token);
    const bad = await as(u.countyOfficer).post(`/leads/${lead.id}/escalations`, { need: 'money', detail: '' });
    expect(
      bad
        .json()
        .details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['detail', 'need']);
    expect(
      (await as(u.neighbourOfficer).post(`/leads/${lead.id}/escalations`, { need: 'policy', detail: '越权' }))
        .statusCode,
    ).toBe(404);

    const quota = await as(u.countyOfficer).post(`/leads/${lead.id}/escalations`, {
      need: 'land_quota',
      detail: '项目需新增用地指标 300 亩',
    });
    expect(quota.statusCode).toBe(201);
    expect(quota.json()).toMatchObject({
      fromRegionCode: '450102',
      toRegionCode: '450100',
      status: 'pending',
      need: 'land_quota',
      raisedBy: u.countyOfficer.id,
      raisedByName: await nameOf(u.countyOfficer),
      answeredByName: null,
    });
    const escalation = quota.json();
    expect((await as(u.cityManager).get('/linkage/inbox')).json().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'escalation', id: escalation.id })]),
    );
    expect((await notificationsOf(u.cityManager)).map((n) => n.kind)).toContain('escalation_received');
    expect(
      (await as(u.cityOfficer).post(`/escalations/${escalation.id}/answer`, { decision: 'granted' })).statusCode,
    ).toBe(403);
    expect(
      (await as(u.countyManager).post(`/escalations/${escalation.id}/answer`, { decision: 'granted' })).statusCode,
    ).toBe(403);
    expect(
      (await as(u.liuzhouManager).post(`/escalations/${escalation.id}/answer`, { decision: 'granted' })).statusCode,
    ).toBe(404);
    expect(
      (await as(u.cityManager).post(`/escalations/${escalation.id}/answer`, { decision: 'declined' })).json().details[0]
        .field,
    ).toBe('note');
    const stale = await as(u.cityManager).post(`/escalations/${escalation.id}/answer`, {
      decision: 'granted',
      version: 9,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const granted = await as(u.cityManager).post(`/escalations/${escalation.id}/answer`, {
      decision: 'granted',
      note: '市里统筹解决 300 亩指标',
    });
    expect(granted.json()).toMatchObject({
      status: 'granted',
      answeredBy: u.cityManager.id,
      answeredByName: await nameOf(u.cityManager),
      raisedByName: await nameOf(u.countyOfficer),
      answerNote: '市里统筹解决 300 亩指标',
    });
    expect((await as(u.countyOfficer).get(`/leads/${lead.id}/escalations`)).json().items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: escalation.id, answeredByName: await nameOf(u.cityManager) }),
      ]),
    );
    expect(
      (await as(u.cityManager).post(`/escalations/${escalation.id}/answer`, { decision: 'declined', note: '改主意' }))
        .statusCode,
    ).toBe(409);
    expect(
      (await notificationsOf(u.countyOfficer)).find(
        (n) => n.kind === 'escalation_answered' && n.subjectId === escalation.id,
      ),
    ).toBeDefined();

    const terms = (
      await as(u.countyOfficer).post(`/leads/${lead.id}/escalations`, {
        need: 'one_case_negotiation',
        detail: '一事一议：税收返还条款',
      })
    ).json();
    const forwarded = await as(u.cityManager).post(`/escalations/${terms.id}/answer`, {
      decision: 'forwarded',
      note: '超出市级权限',
    });
    expect(forwarded.json()).toMatchObject({ status: 'pending', toRegionCode: '450000', forwardCount: 1 });
    expect((await as(u.cityManager).post(`/escalations/${terms.id}/answer`, { decision: 'granted' })).statusCode).toBe(
      403,
    );
    expect(
      (await notificationsOf(u.regionManager)).find(
        (n) => n.kind === 'escalation_received' && n.subjectId === terms.id,
      ),
    ).toBeDefined();
    expect(
      (await as(u.regionManager).post(`/escalations/${terms.id}/answer`, { decision: 'forwarded' })).json().details[0]
        .field,
    ).toBe('decision');
    expect(
      (
        await as(u.regionManager).post(`/escalations/${terms.id}/answer`, {
          decision: 'declined',
          note: '不符合自治区政策',
        })
      ).json().status,
    ).toBe('declined');

    expect((await linkageEvents(lead.id)).map((event) => event.event)).toEqual([
      'escalation_answered',
      'escalation_forwarded',
      'escalated',
      'escalation_answered',
      'escalated',
    ]);
    expect((await as(u.countyOfficer).get(`/leads/${lead.id}/escalations`)).json().items).toHaveLength(2);
    expect((await auditOf('lead_escalation', terms.id)).map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['create', 'update']),
    );
    // The region has no superior to escalate to.
    const regionLead = await createLead(t, {}, u.regionOfficer.token);
    expect(
      (await as(u.regionOfficer).post(`/leads/${regionLead.id}/escalations`, { need: 'policy', detail: '无上级' }))
        .statusCode,
    ).toBe(409);
  });

  it('detects 撞单 between two counties and lets their city rule, suggesting the first registration', async () => {
    const company = await createCompany(t);
    const first = await createLead(
      t,
      { companyId: company.id, regionCode: '450102', title: '兴宁新材料项目' },
      u.countyOfficer.token,
    );
    expect(first.inConflict).toBe(false);
    const secondLead = await createLead(
      t,
      { companyId: company.id, regionCode: '450103', title: '青秀新材料项目' },
      u.neighbourOfficer.token,
    );
    expect((await as(u.neighbourOfficer).get(`/leads/${secondLead.id}`)).json().inConflict).toBe(true);
    expect((await as(u.countyOfficer).get(`/leads/${first.id}`)).json().inConflict).toBe(true);

    const board = (await as(u.cityManager).get('/linkage/conflicts?status=open')).json().items;
    const conflict = board.find((c: { first: { leadId: string } }) => c.first.leadId === first.id);
    expect(conflict).toMatchObject({
      first: { leadId: first.id, leadTitle: '兴宁新材料项目' },
      second: { leadId: secondLead.id, leadTitle: '青秀新材料项目', regionCode: '450103' },
      resolvedByName: null,
      arbiterRegionCode: '450100',
      suggestedWinnerLeadId: first.id,
      status: 'open',
      detectedOn: 'created',
    });
    expect(Date.parse(conflict.first.registeredAt)).toBeLessThanOrEqual(Date.parse(conflict.second.registeredAt));
    for (const manager of [u.cityManager, u.countyManager, u.neighbourManager]) {
      expect(
        (await notificationsOf(manager)).find((n) => n.kind === 'conflict_opened' && n.subjectId === conflict.id),
      ).toBeDefined();
    }
    expect((await as(u.liuzhouManager).get(`/conflicts/${conflict.id}`)).statusCode).toBe(404);
    expect(
      (await as(u.liuzhouManager).get('/conflicts?status=open')).json().items.map((c: { id: string }) => c.id),
    ).not.toContain(conflict.id);

    // A lead's own conflicts, with the total, for its 联动 tab; another unit's lead id finds nothing.
    const ofLead = (await as(u.countyOfficer).get(`/conflicts?leadId=${first.id}&withTotal=true`)).json();
    expect(ofLead.items.map((c: { id: string }) => c.id)).toEqual([conflict.id]);
    expect(ofLead.total).toBe(1);
    expect((await as(u.liuzhouManager).get(`/conflicts?leadId=${first.id}&withTotal=true`)).json()).toMatchObject({
      items: [],
      total: 0,
    });
    const badLead = await as(u.cityManager).get('/conflicts?leadId=abc');
    expect(badLead.statusCode).toBe(400);
    expect(badLead.json().details[0].field).toBe('leadId');

    // The arbiter sees both leads with their timelines; a party sees only its own.
    const detail = (await as(u.cityManager).get(`/conflicts/${conflict.id}`)).json();
    expect(detail.sides.map((side: { lead: { id: string } }) => side.lead.id)).toEqual([first.id, secondLead.id]);
    expect(detail.sides[0].timeline.length).toBeGreaterThan(0);
    const partyView = (await as(u.countyManager).get(`/conflicts/${conflict.id}`)).json();
    expect(partyView.sides[1]).toMatchObject({ lead: null, timeline: [] });
    // Each lead's timeline names the other lead of the 撞单 beside its id.
    const openedEntry = (await as(u.countyOfficer).get(`/leads/${first.id}/timeline?kind=linkage`))
      .json()
      .items.find((entry: { data: { otherLeadId?: string } }) => entry.data.otherLeadId === secondLead.id);
    expect(openedEntry.data.otherLeadName).toBe('青秀新材料项目');

    // Only the common superior rules; the winner must be a party.
    expect(
      (
        await as(u.countyManager).post(`/conflicts/${conflict.id}/resolve`, {
          winnerLeadId: first.id,
          outcome: 'winner_takes',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await as(u.cityOfficer).post(`/conflicts/${conflict.id}/resolve`, {
          winnerLeadId: first.id,
          outcome: 'winner_takes',
        })
      ).statusCode,
    ).toBe(403);
    const stranger = await as(u.cityManager).post(`/conflicts/${conflict.id}/resolve`, {
      winnerLeadId: '999999999',
      outcome: 'winner_takes',
    });
    expect(stranger.json().details[0]).toMatchObject({ field: 'winnerLeadId', constraint: 'isParty' });
    expect(
      (
        await as(u.cityManager).post(`/conflicts/${conflict.id}/resolve`, { winnerLeadId: first.id, outcome: 'split' })
      ).json().details[0].field,
    ).toBe('outcome');

    const resolved = await as(u.cityManager).post(`/conflicts/${conflict.id}/resolve`, {
      winnerLeadId: first.id,
      outcome: 'co_handle',
      note: '首报首谈，青秀区协同',
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({
      status: 'resolved',
      winnerLeadId: first.id,
      outcome: 'co_handle',
      resolvedBy: u.cityManager.id,
      resolvedByName: await nameOf(u.cityManager),
    });
    expect(
      (
        await as(u.cityManager).post(`/conflicts/${conflict.id}/resolve`, {
          winnerLeadId: first.id,
          outcome: 'co_handle',
        })
      ).statusCode,
    ).toBe(409);

    const loser = (await as(u.cityManager).get(`/leads/${secondLead.id}`)).json();
    expect(loser).toMatchObject({
      stage: 'lost',
      lostReason: 'conflict',
      mergedIntoLeadId: first.id,
      inConflict: false,
    });
    expect((await as(u.cityManager).get(`/leads/${first.id}`)).json()).toMatchObject({
      inConflict: false,
      mergedIntoLeadId: null,
    });
    expect(
      (await as(u.neighbourOfficer).get(`/leads/${first.id}/collaborators`))
        .json()
        .items.map((c: { regionCode: string }) => c.regionCode),
    ).toEqual(['450103']);
    expect((await linkageEvents(first.id)).map((event) => event.event)).toEqual([
      'conflict_resolved',
      'collaborator_added',
      'conflict_opened',
    ]);
    expect((await auditOf('lead_conflict', conflict.id)).map((entry) => entry.action).sort()).toEqual([
      'create',
      'update',
    ]);

    // A third unit's lead for the same company conflicts only with the lead still open.
    const third = await createLead(t, { companyId: company.id, regionCode: '450200' }, u.liuzhouOfficer.token);
    const opened = (await as(u.regionManager).get('/conflicts?status=open&limit=200'))
      .json()
      .items.filter((c: { second: { leadId: string } }) => c.second.leadId === third.id);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ first: { leadId: first.id }, arbiterRegionCode: '450000' });
  });

  it('rules two leads of one company distinct projects: both stay open, the reason is recorded, never flagged again', async () => {
    const company = await createCompany(t);
    const plant = await createLead(
      t,
      { companyId: company.id, regionCode: '450102', title: '兴宁生产基地' },
      u.countyOfficer.token,
    );
    const hq = await createLead(
      t,
      { companyId: company.id, regionCode: '450103', title: '青秀区域总部' },
      u.neighbourOfficer.token,
    );
    const [conflict] = (await as(u.cityManager).get(`/conflicts?leadId=${plant.id}&status=open`)).json().items;
    expect(conflict).toMatchObject({ second: { leadId: hq.id } });

    // No winner for distinct projects, and the reason is required.
    const withWinner = await as(u.cityManager).post(`/conflicts/${conflict.id}/resolve`, {
      winnerLeadId: plant.id,
      outcome: 'distinct_projects',
      note: '两个项目',
    });
    expect(withWinner.json().details[0]).toMatchObject({ field: 'winnerLeadId', constraint: 'notPermitted' });
    const withoutReason = await as(u.cityManager).post(`/conflicts/${conflict.id}/resolve`, {
      outcome: 'distinct_projects',
    });
    expect(withoutReason.json().details[0]).toMatchObject({ field: 'note', constraint: 'isDefined' });
    const noWinner = await as(u.cityManager).post(`/conflicts/${conflict.id}/resolve`, { outcome: 'winner_takes' });
    expect(noWinner.json().details[0]).toMatchObject({ field: 'winnerLeadId', constraint: 'isDefined' });
    expect((await as(u.cityManager).get(`/conflicts/${conflict.id}`)).json().status).toBe('open');

    const ruled = await as(u.cityManager).post(`/conflicts/${conflict.id}/resolve`, {
      outcome: 'distinct_projects',
      note: '同一集团：兴宁为生产基地，青秀为区域总部，两个独立投资项目',
      version: conflict.version,
    });
    expect(ruled.statusCode).toBe(200);
    expect(ruled.json()).toMatchObject({ status: 'resolved', outcome: 'distinct_projects', winnerLeadId: null });
    for (const lead of [plant, hq]) {
      expect((await as(u.cityManager).get(`/leads/${lead.id}`)).json()).toMatchObject({
        stage: 'lead',
        inConflict: false,
        mergedIntoLeadId: null,
      });
      expect((await linkageEvents(lead.id))[0]).toMatchObject({ event: 'conflict_resolved' });
    }
    expect(
      (await auditOf('lead_conflict', conflict.id)).find((entry) => entry.action === 'update')?.changes,
    ).toMatchObject({ outcome: [null, 'distinct_projects'] });

    // Editing either lead later does not bring the pair back as a 撞单.
    const current = (await as(u.countyOfficer).get(`/leads/${plant.id}`)).json();
    expect(
      (await as(u.countyOfficer).patch(`/leads/${plant.id}`, { version: current.version, expectedInvestment: 12 }))
        .statusCode,
    ).toBe(200);
    expect((await as(u.cityManager).get(`/conflicts?leadId=${plant.id}&status=open`)).json().items).toEqual([]);
  });

  it('names a confidential party of a 撞单 by its code name outside its chain', async () => {
    const company = await createCompany(t);
    const open = await createLead(
      t,
      { companyId: company.id, regionCode: '450102', title: '兴宁总部项目' },
      u.countyOfficer.token,
    );
    const secret = await createLead(
      t,
      { companyId: company.id, regionCode: '450103', title: '青秀保密项目', confidential: true, codeName: '邕江一号' },
      u.neighbourOfficer.token,
    );
    const partiesAs = async (user: TestUser) => {
      const [conflict] = (await as(user).get(`/conflicts?leadId=${open.id}`)).json().items;
      return [conflict.first, conflict.second].map((party: { leadId: string; leadTitle: string }) => [
        party.leadId,
        party.leadTitle,
      ]);
    };
    // 兴宁区 is outside 青秀区's chain: it reads the code name; 青秀区 and their city read the title.
    expect(await partiesAs(u.countyOfficer)).toEqual([
      [open.id, '兴宁总部项目'],
      [secret.id, '邕江一号'],
    ]);
    for (const user of [u.neighbourOfficer, u.cityManager]) {
      expect(await partiesAs(user)).toEqual([
        [open.id, '兴宁总部项目'],
        [secret.id, '青秀保密项目'],
      ]);
    }
  });

  it('opens a conflict when an accepted dispatch lands a lead where the company is already chased', async () => {
    const company = await createCompany(t);
    await createLead(t, { companyId: company.id, regionCode: '450102' }, u.countyOfficer.token);
    const cityLead = await createLead(t, { companyId: company.id, regionCode: '450100' }, u.cityOfficer.token);
    const before = (await as(u.cityManager).get('/conflicts?status=open&limit=200'))
      .json()
      .items.filter((c: { second: { leadId: string } }) => c.second.leadId === cityLead.id);
    expect(before).toHaveLength(1);
    expect(before[0].arbiterRegionCode).toBe('450000');
    const toNeighbour = (
      await as(u.cityOfficer).post(`/leads/${cityLead.id}/dispatches`, { toRegionCode: '450103' })
    ).json();
    await as(u.neighbourOfficer).post(`/dispatches/${toNeighbour.id}/accept`);
    const conflicts = (await as(u.cityManager).get('/conflicts?limit=200'))
      .json()
      .items.filter((c: { detectedOn: string; second: { leadId: string } }) => c.detectedOn === 'dispatch');
    expect(
      conflicts.some((c: { first: { leadId: string }; second: { leadId: string } }) =>
        [c.first.leadId, c.second.leadId].includes(cityLead.id),
      ),
    ).toBe(false);
  });

  it('moves the arbiter when a lead in conflict changes hands, so no unit rules on its own lead', async () => {
    const company = await createCompany(t);
    const mine = await createLead(t, { companyId: company.id, regionCode: '450102' }, u.countyOfficer.token);
    const theirs = await createLead(t, { companyId: company.id, regionCode: '450103' }, u.neighbourOfficer.token);
    const conflict = (await as(u.cityManager).get('/conflicts?status=open&limit=200'))
      .json()
      .items.find((c: { second: { leadId: string } }) => c.second.leadId === theirs.id);
    expect(conflict.arbiterRegionCode).toBe('450100');
    const up = (
      await as(u.countyOfficer).post(`/leads/${mine.id}/dispatches`, { toRegionCode: '450100', reason: '需市级统筹' })
    ).json();
    expect((await as(u.cityOfficer).post(`/dispatches/${up.id}/accept`)).statusCode).toBe(200);
    const moved = (await as(u.regionManager).get(`/conflicts/${conflict.id}`)).json();
    expect(moved).toMatchObject({ first: { leadId: mine.id, regionCode: '450100' }, arbiterRegionCode: '450000' });
    expect(
      (
        await as(u.cityManager).post(`/conflicts/${conflict.id}/resolve`, {
          winnerLeadId: mine.id,
          outcome: 'winner_takes',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await notificationsOf(u.regionManager)).find((n) => n.kind === 'conflict_opened' && n.subjectId === conflict.id),
    ).toBeDefined();
    // The county that sent it up still reads it.
    expect((await as(u.countyOfficer).get(`/leads/${mine.id}`)).statusCode).toBe(200);
  });

  it('passes a closed lead’s other conflicts to the winner, and never lets a closed lead win', async () => {
    const company = await createCompany(t);
    const a = await createLead(t, { companyId: company.id, regionCode: '450102' }, u.countyOfficer.token);
    const b = await createLead(t, { companyId: company.id, regionCode: '450103' }, u.neighbourOfficer.token);
    const c = await createLead(t, { companyId: company.id, regionCode: '450200' }, u.liuzhouOfficer.token);
    const open = async () =>
      (await as(u.regionManager).get('/conflicts?status=open&limit=200'))
        .json()
        .items.filter((x: { companyId: string }) => x.companyId === company.id);
    expect(await open()).toHaveLength(3);
    const ab = (await open()).find(
      (x: { first: { leadId: string }; second: { leadId: string } }) =>
        x.first.leadId === a.id && x.second.leadId === b.id,
    );
    expect(
      (await as(u.cityManager).post(`/conflicts/${ab.id}/resolve`, { winnerLeadId: a.id, outcome: 'winner_takes' }))
        .statusCode,
    ).toBe(200);
    // (b, c) closed with b; (a, c) was already open and stays the one to settle.
    const left = await open();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ first: { leadId: a.id }, second: { leadId: c.id }, arbiterRegionCode: '450000' });
    const bc = (await as(u.regionManager).get('/conflicts?status=resolved&limit=200'))
      .json()
      .items.find(
        (x: { first: { leadId: string }; second: { leadId: string } }) =>
          x.first.leadId === b.id && x.second.leadId === c.id,
      );
    expect(bc).toMatchObject({ status: 'resolved', winnerLeadId: null, outcome: null });
    expect((await as(u.regionManager).get(`/leads/${b.id}`)).json()).toMatchObject({
      mergedIntoLeadId: a.id,
      inConflict: false,
    });
    const closedWins = await as(u.regionManager).post(`/conflicts/${bc.id}/resolve`, {
      winnerLeadId: b.id,
      outcome: 'winner_takes',
    });
    expect(closedWins.statusCode).toBe(409);
  });

  it('keeps residents to the leads they reach, and cuts long messages to fit instead of failing', async () => {
    const resident = await createSignedInUser(t, 'resident', '450102');
    expect((await as(resident).get('/linkage/inbox')).statusCode).toBe(403);
    expect((await as(resident).get('/conflicts')).statusCode).toBe(403);
    const lead = await createLead(t, { regionCode: '450100', title: '项'.repeat(200) }, u.cityOfficer.token);
    const long = await as(u.cityOfficer).post(`/leads/${lead.id}/dispatches`, {
      toRegionCode: '450102',
      note: '注'.repeat(1000),
    });
    expect(long.statusCode).toBe(201);
    const received = (await notificationsOf(u.countyOfficer)).find((n) => n.subjectId === long.json().id)!;
    expect([...received.title].length).toBeLessThanOrEqual(200);
  });
});
