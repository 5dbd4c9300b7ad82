import { startTestApp, TestApp } from '../../utils/test-app';
import { confirmClaim, createCompany, createLead } from '../../utils/records';
import { createSignedInUser, TestUser } from '../../utils/users';

describe('resident teams and visits', () => {
  let t: TestApp;
  let regionManager: TestUser;
  let regionOfficer: TestUser;
  let resident: TestUser;
  let nanningManager: TestUser;
  let nanningOfficer: TestUser;
  let liuzhouOfficer: TestUser;
  let shenzhenTeam: Record<string, any>;
  let nanningTeam: Record<string, any>;
  let liuzhouTeam: Record<string, any>;

  const createTeam = async (token: string, payload: Record<string, unknown>) => {
    const res = await t.request({ method: 'POST', url: '/api/v1/teams', payload }, token);
    if (res.statusCode !== 201) throw new Error(`team: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const logVisit = (token: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.request({ method: 'POST', url: '/api/v1/visits', payload, headers }, token);

  beforeAll(async () => {
    t = await startTestApp();
    regionManager = await createSignedInUser(t, 'manager', '450000');
    regionOfficer = await createSignedInUser(t, 'officer', '450000');
    resident = await createSignedInUser(t, 'resident', '450000');
    nanningManager = await createSignedInUser(t, 'manager', '450100');
    nanningOfficer = await createSignedInUser(t, 'officer', '450100');
    liuzhouOfficer = await createSignedInUser(t, 'officer', '450200');
    shenzhenTeam = await createTeam(regionManager.token, {
      name: '电子信息产业驻深圳招商工作小组',
      clusterCode: 'electronics',
      baseRegionCode: '440300',
      leaderUserId: regionOfficer.id,
      memberUserIds: [regionOfficer.id, resident.id],
    });
    nanningTeam = await createTeam(nanningManager.token, {
      name: '南宁市电子信息对接工作小组',
      clusterCode: 'electronics',
      memberUserIds: [nanningOfficer.id],
    });
    liuzhouTeam = await createTeam(t.adminToken, {
      name: '柳州市汽车对接工作小组',
      clusterCode: 'auto',
      regionCode: '450200',
      memberUserIds: [liuzhouOfficer.id],
    });
    resident = { ...resident, token: (await t.login(resident.username, 'officer-password-123')).accessToken };
  });
  afterAll(() => t.close());

  it('forms teams with members inside the unit and refuses outsiders', async () => {
    expect(shenzhenTeam).toMatchObject({
      regionCode: '450000',
      baseRegionCode: '440300',
      leaderUserId: regionOfficer.id,
    });
    expect(shenzhenTeam.members.map((m: { id: string }) => m.id).sort()).toEqual(
      [regionOfficer.id, resident.id].sort(),
    );
    const outsider = await t.request(
      {
        method: 'POST',
        url: '/api/v1/teams',
        payload: { name: '越权小组', clusterCode: 'auto', memberUserIds: [liuzhouOfficer.id] },
      },
      nanningManager.token,
    );
    expect(outsider.json().details[0]).toMatchObject({ field: 'memberUserIds', constraint: 'isTeamUser' });
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/teams/${liuzhouTeam.id}` }, nanningManager.token)).statusCode,
    ).toBe(404);
    expect(
      (
        await t.request(
          { method: 'POST', url: '/api/v1/teams', payload: { name: 'x小组', clusterCode: 'auto' } },
          nanningOfficer.token,
        )
      ).statusCode,
    ).toBe(403);
  });

  it('logs a whole visit without a lead, and with createLead opens a lead whose source is the visit', async () => {
    const company = await createCompany(t);
    const plain = await logVisit(resident.token, {
      teamId: shenzhenTeam.id,
      visitedAt: '2026-11-20T15:00:00+08:00',
      kind: 'company',
      companyId: company.id,
      location: '深圳市南山区',
      ourAttendees: [resident.id, regionOfficer.id],
      theirAttendees: [{ name: '陈总', title: '副总裁' }],
      summary: '企业有意在华南新建基地',
      intelligence: {
        intentLevel: 'medium',
        expansionPlan: '新建第二基地',
        expectedInvestment: 15,
        timeframe: '2027年',
      },
      nextSteps: [{ title: '发送园区资料', dueAt: '2026-12-01T18:00:00+08:00', assigneeId: resident.id }],
    });
    expect(plain.statusCode).toBe(201);
    expect(plain.json()).toMatchObject({
      status: 'done',
      leadId: null,
      regionCode: '450000',
      intelligence: { intentLevel: 'medium' },
      warnings: [],
    });
    // Its next step is now the assignee's task, reminded the working day before.
    const steps = (
      await t.request({ method: 'GET', url: '/api/v1/tasks?assignee=me&status=open&limit=200' }, resident.token)
    ).json().items;
    expect(steps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          title: '发送园区资料',
          visitId: plain.json().id,
          source: 'visit',
          dueAt: '2026-12-01T10:00:00.000Z',
          remindAt: '2026-11-30T01:00:00.000Z',
        }),
      ]),
    );

    const withLead = await logVisit(resident.token, {
      teamId: shenzhenTeam.id,
      visitedAt: '2026-11-21T10:00:00+08:00',
      kind: 'company',
      companyId: company.id,
      summary: '确定投资意向',
      intelligence: { intentLevel: 'high' },
      createLead: { title: '华南第二生产基地项目', clusterCode: 'electronics', expectedInvestment: 15 },
    });
    expect(withLead.statusCode).toBe(201);
    const visit = withLead.json();
    expect(visit.leadId).toEqual(expect.any(String));
    const lead = (await t.request({ method: 'GET', url: `/api/v1/leads/${visit.leadId}` }, resident.token)).json();
    expect(lead).toMatchObject({
      source: { kind: 'visit', visitId: visit.id },
      companyId: company.id,
      title: '华南第二生产基地项目',
    });
    const timeline = (
      await t.request({ method: 'GET', url: `/api/v1/leads/${visit.leadId}/timeline` }, resident.token)
    ).json();
    expect(timeline.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'visit',
          id: visit.id,
          data: expect.objectContaining({ summary: '确定投资意向', status: 'done' }),
        }),
      ]),
    );
    // The visit list names the lead it opened beside its id.
    const listed = (
      await t.request({ method: 'GET', url: `/api/v1/visits?companyId=${company.id}&limit=200` }, resident.token)
    ).json();
    expect(listed.items.find((item: { id: string }) => item.id === visit.id)).toMatchObject({
      leadId: visit.leadId,
      leadTitle: '华南第二生产基地项目',
    });
    expect(listed.items.find((item: { leadId: string | null }) => item.leadId === null)).toMatchObject({
      leadTitle: null,
    });

    // A teammate's lead is the team's record: the resident sees it; another team's resident does not.
    const teammates = (
      await logVisit(regionOfficer.token, {
        teamId: shenzhenTeam.id,
        visitedAt: '2026-11-21T16:00:00+08:00',
        kind: 'company',
        companyId: company.id,
        createLead: { title: '队友发现的项目', clusterCode: 'electronics' },
      })
    ).json();
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/leads/${teammates.leadId}` }, resident.token)).statusCode,
    ).toBe(200);
    const stranger = await createSignedInUser(t, 'resident', '450000');
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/leads/${teammates.leadId}` }, stranger.token)).statusCode,
    ).toBe(404);
  });

  it('returns the first visit for a retried POST with the same Idempotency-Key', async () => {
    const company = await createCompany(t);
    const payload = {
      teamId: shenzhenTeam.id,
      visitedAt: '2026-11-22T10:00:00+08:00',
      kind: 'company',
      companyId: company.id,
      summary: '弱网重试',
    };
    const key = `retry-${Date.now()}-abc`;
    const [first, second] = [
      await logVisit(resident.token, payload, { 'idempotency-key': key }),
      await logVisit(resident.token, payload, { 'idempotency-key': key }),
    ];
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    const parallel = await Promise.all(
      [1, 2, 3].map(() =>
        logVisit(resident.token, { ...payload, summary: '并发重试' }, { 'idempotency-key': `${key}-p` }),
      ),
    );
    expect(new Set(parallel.map((res) => res.json().id)).size).toBe(1);
    const listed = (
      await t.request({ method: 'GET', url: `/api/v1/visits?companyId=${company.id}` }, resident.token)
    ).json();
    expect(listed.items).toHaveLength(2);
    // A page of visits carries the names the list shows, so the phone needs no lookups per row.
    expect(listed.items[0]).toMatchObject({
      companyName: company.name,
      teamName: expect.any(String),
      chamberName: null,
    });
    const otherCase = await logVisit(
      resident.token,
      { ...payload, summary: '大小写不同的键' },
      { 'idempotency-key': key.toUpperCase() },
    );
    expect(otherCase.json().id).not.toBe(first.json().id);
    const reused = await logVisit(resident.token, { ...payload, summary: '另一次拜访' }, { 'idempotency-key': key });
    expect(reused.statusCode).toBe(409);
    expect((await logVisit(resident.token, payload, { 'idempotency-key': 'short' })).json().details[0].field).toBe(
      'Idempotency-Key',
    );
  });

  it('warns when another team visited or plans to visit the same company within 30 days', async () => {
    const company = await createCompany(t);
    await logVisit(nanningOfficer.token, {
      teamId: nanningTeam.id,
      visitedAt: '2026-11-10T10:00:00+08:00',
      kind: 'company',
      companyId: company.id,
      summary: '南宁先行拜访',
    });
    await logVisit(liuzhouOfficer.token, {
      teamId: liuzhouTeam.id,
      visitedAt: '2026-12-05T10:00:00+08:00',
      kind: 'company',
      companyId: company.id,
      status: 'planned',
      summary: '柳州计划拜访',
    });
    const longAgo = await logVisit(liuzhouOfficer.token, {
      teamId: liuzhouTeam.id,
      visitedAt: '2026-09-01T10:00:00+08:00',
      kind: 'company',
      companyId: company.id,
      summary: '很久以前',
    });
    const res = await logVisit(nanningOfficer.token, {
      teamId: nanningTeam.id,
      visitedAt: '2026-11-20T10:00:00+08:00',
      kind: 'company',
      companyId: company.id,
    });
    // Its own team's earlier visit does not count; the other team's plan does, with its summary hidden outside Nanning.
    expect(res.json().warnings).toEqual([
      {
        code: 'VISIT_OVERLAP',
        message: expect.stringContaining('30 days'),
        visits: [
          {
            id: null,
            teamName: '柳州市汽车对接工作小组',
            visitedAt: '2026-12-05T02:00:00.000Z',
            status: 'planned',
            summary: null,
          },
        ],
      },
    ]);
    const asRegion = await logVisit(regionOfficer.token, {
      teamId: shenzhenTeam.id,
      visitedAt: '2026-11-25T10:00:00+08:00',
      kind: 'company',
      companyId: company.id,
      status: 'done',
    });
    expect(
      asRegion
        .json()
        .warnings[0].visits.map((v: { summary: string | null }) => v.summary)
        .sort(),
    ).toEqual(['南宁先行拜访', '柳州计划拜访', null].sort());

    // The other side hears of it too: each earlier team once per visit, naming the newcomer and the nearest own visit.
    const overlapNotices = async (user: TestUser) =>
      (await t.request({ method: 'GET', url: '/api/v1/notifications?limit=100' }, user.token))
        .json()
        .items.filter(
          (n: { kind: string; title: string }) => n.kind === 'visit_overlap' && n.title.includes(company.name),
        );
    await t.request(
      {
        method: 'PATCH',
        url: `/api/v1/visits/${res.json().id}`,
        payload: { version: res.json().version, summary: '补充纪要' },
      },
      nanningOfficer.token,
    );
    const toLiuzhou = await overlapNotices(liuzhouOfficer);
    expect(toLiuzhou.map((n: { title: string }) => n.title).sort()).toEqual(
      [
        `南宁市电子信息对接工作小组已于 2026-11-20 拜访「${company.name}」`,
        `电子信息产业驻深圳招商工作小组已于 2026-11-25 拜访「${company.name}」`,
      ].sort(),
    );
    expect(toLiuzhou[0]).toMatchObject({ subjectKind: 'visit', body: expect.stringContaining('2026-12-05') });
    // Nanning heard of Liuzhou's plan (25 days after its own visit) and of the region's visit; never of its own.
    const toNanning = await overlapNotices(nanningOfficer);
    expect(toNanning.map((n: { title: string }) => n.title).sort()).toEqual(
      [
        `柳州市汽车对接工作小组计划于 2026-12-05 拜访「${company.name}」`,
        `电子信息产业驻深圳招商工作小组已于 2026-11-25 拜访「${company.name}」`,
      ].sort(),
    );
    // The region's team came last and saw the warning itself; an edit of Nanning's notes does not tell it again.
    expect(await overlapNotices(regionOfficer)).toEqual([]);
    // A visit moved into the window tells the teams it now comes near.
    await t.request(
      {
        method: 'PATCH',
        url: `/api/v1/visits/${longAgo.json().id}`,
        payload: { version: longAgo.json().version, visitedAt: '2026-11-26T10:00:00+08:00' },
      },
      liuzhouOfficer.token,
    );
    expect((await overlapNotices(regionOfficer)).map((n: { title: string }) => n.title)).toEqual([
      `柳州市汽车对接工作小组已于 2026-11-26 拜访「${company.name}」`,
    ]);
  });

  it('shows the calendar across teams: details inside the jurisdiction, dates and team names outside', async () => {
    const company = await createCompany(t);
    await logVisit(nanningOfficer.token, {
      teamId: nanningTeam.id,
      visitedAt: '2026-10-10T10:00:00+08:00',
      kind: 'company',
      companyId: company.id,
      summary: '南宁拜访',
    });
    await logVisit(liuzhouOfficer.token, {
      teamId: liuzhouTeam.id,
      visitedAt: '2026-10-12T10:00:00+08:00',
      kind: 'company',
      companyId: company.id,
      summary: '柳州拜访',
    });
    const calendar = (
      await t.request(
        {
          method: 'GET',
          url: `/api/v1/visits/calendar?from=2026-10-01T00:00:00%2B08:00&to=2026-11-01T00:00:00%2B08:00&companyId=${company.id}`,
        },
        nanningOfficer.token,
      )
    ).json();
    expect(calendar.items).toEqual([
      expect.objectContaining({
        teamName: '南宁市电子信息对接工作小组',
        detailed: true,
        summary: '南宁拜访',
        id: expect.any(String),
        // The overlap mark: another team visits the same company two days later.
        overlapTeamNames: ['柳州市汽车对接工作小组'],
      }),
      {
        id: null,
        visitedAt: '2026-10-12T02:00:00.000Z',
        status: 'done',
        teamName: '柳州市汽车对接工作小组',
        detailed: false,
        kind: null,
        companyName: null,
        summary: null,
        overlapTeamNames: [],
      },
    ]);
    const own = (
      await t.request(
        {
          method: 'GET',
          url: '/api/v1/visits/calendar?from=2026-10-01T00:00:00%2B08:00&to=2026-11-01T00:00:00%2B08:00',
        },
        nanningOfficer.token,
      )
    ).json();
    expect(own.items.every((entry: { detailed: boolean }) => entry.detailed)).toBe(true);
    expect(
      (
        await t.request(
          { method: 'GET', url: '/api/v1/visits/calendar?from=2026-01-01T00:00:00Z&to=2027-06-01T00:00:00Z' },
          nanningOfficer.token,
        )
      ).json().details[0].field,
    ).toBe('to');
  });

  it('refuses bad visits, naming the field', async () => {
    const base = { teamId: shenzhenTeam.id, visitedAt: '2026-11-20T10:00:00+08:00', kind: 'company' };
    const company = await createCompany(t);
    const field = async (payload: Record<string, unknown>, token = regionOfficer.token) =>
      (await logVisit(token, payload)).json().details?.[0]?.field;
    expect(await field({ ...base, companyId: company.id, visitedAt: '2099-01-01T00:00:00+08:00' })).toBe('visitedAt');
    expect(await field(base)).toBe('companyId');
    expect(await field({ ...base, kind: 'chamber' })).toBe('chamberId');
    // The Nanning team's attendees and assignees come from Nanning and its counties.
    const nanning = { ...base, teamId: nanningTeam.id, companyId: company.id };
    expect(await field({ ...nanning, ourAttendees: [liuzhouOfficer.id] }, nanningOfficer.token)).toBe('ourAttendees');
    expect(
      await field(
        {
          ...nanning,
          nextSteps: [{ title: '跟进', dueAt: '2026-12-01T00:00:00+08:00', assigneeId: liuzhouOfficer.id }],
        },
        nanningOfficer.token,
      ),
    ).toBe('nextSteps');
    expect(await field({ ...base, teamId: liuzhouTeam.id, companyId: company.id }, nanningOfficer.token)).toBe(
      'teamId',
    );
    expect(await field({ ...base, teamId: nanningTeam.id, companyId: company.id }, resident.token)).toBe('teamId');
    expect(await field({ ...base, kind: 'government', createLead: { title: '无企业项目', clusterCode: 'auto' } })).toBe(
      'companyId',
    );
    expect(
      (
        await logVisit(regionOfficer.token, {
          ...base,
          kind: 'government',
          visitedAt: '2099-01-01T00:00:00+08:00',
          status: 'planned',
        })
      ).statusCode,
    ).toBe(201);
  });

  it('sums a team’s visits, companies, signals, leads, advances and signings for a period', async () => {
    const team = await createTeam(t.adminToken, {
      name: `统计小组${Date.now()}`,
      clusterCode: 'metals',
      regionCode: '450000',
      memberUserIds: [regionOfficer.id],
    });
    const [a, b] = [await createCompany(t), await createCompany(t)];
    // Times relative to now: leads are opened and signed now, so the window must hold the present.
    const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
    const visit = (payload: Record<string, unknown>) =>
      logVisit(regionOfficer.token, { teamId: team.id, kind: 'company', ...payload });
    await visit({ visitedAt: daysAgo(5), companyId: a.id, intelligence: { intentLevel: 'high' } });
    await visit({ visitedAt: daysAgo(4), companyId: a.id, intelligence: { intentLevel: 'low' } });
    const opened = (
      await visit({
        visitedAt: daysAgo(3),
        companyId: b.id,
        intelligence: { intentLevel: 'high' },
        createLead: { title: '统计项目', clusterCode: 'metals' },
      })
    ).json();
    await visit({ visitedAt: daysAgo(-20), companyId: b.id, status: 'planned' });
    await visit({ visitedAt: daysAgo(40), companyId: b.id });
    const lead = (
      await t.request({ method: 'GET', url: `/api/v1/leads/${opened.leadId}` }, regionOfficer.token)
    ).json();
    const signed = (
      await t.request(
        {
          method: 'POST',
          url: `/api/v1/leads/${lead.id}/transitions`,
          payload: { version: lead.version, to: 'signed', signedAt: daysAgo(1), signedAmount: 8.5, parkName: '某园区' },
        },
        regionOfficer.token,
      )
    ).json();
    // Back and signed again: still one signing of 8.5.
    const back = (
      await t.request(
        {
          method: 'POST',
          url: `/api/v1/leads/${lead.id}/transitions`,
          payload: { version: (await confirmClaim(t, signed)).version, to: 'negotiating', reason: '合同条款调整' },
        },
        regionOfficer.token,
      )
    ).json();
    const resigned = await t.request(
      { method: 'POST', url: `/api/v1/leads/${lead.id}/transitions`, payload: { version: back.version, to: 'signed' } },
      regionOfficer.token,
    );
    await confirmClaim(t, resigned.json());
    const other = await createLead(t, {}, regionOfficer.token);
    await visit({ visitedAt: daysAgo(2), companyId: a.id, leadId: other.id });

    const from = encodeURIComponent(daysAgo(10));
    const to = encodeURIComponent(daysAgo(-1));
    const summary = (
      await t.request(
        { method: 'GET', url: `/api/v1/teams/${team.id}/summary?from=${from}&to=${to}` },
        regionManager.token,
      )
    ).json();
    expect(summary).toEqual({
      visits: 4,
      companiesTouched: 2,
      highIntentSignals: 2,
      leadsOpened: 1,
      leadsAdvanced: 1,
      signings: 1,
      signedAmount: 8.5,
    });

    const feed = (
      await t.request(
        { method: 'GET', url: '/api/v1/intelligence?clusterCode=metals&intentLevel=high' },
        regionManager.token,
      )
    ).json();
    expect(feed.items.filter((entry: { teamName: string }) => entry.teamName === team.name)).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({ companyName: expect.any(String), intelligence: { intentLevel: 'high' } });
    expect((await t.request({ method: 'GET', url: '/api/v1/intelligence' }, regionOfficer.token)).statusCode).toBe(403);
  });

  it('lets a resident from a county log and see the visits of the region-level team they belong to', async () => {
    const countyResident = await createSignedInUser(t, 'resident', '450102');
    const team = (await t.request({ method: 'GET', url: `/api/v1/teams/${shenzhenTeam.id}` })).json();
    const joined = await t.request(
      {
        method: 'PATCH',
        url: `/api/v1/teams/${team.id}`,
        payload: {
          version: team.version,
          memberUserIds: [...team.members.map((m: { id: string }) => m.id), countyResident.id],
        },
      },
      regionManager.token,
    );
    expect(joined.statusCode).toBe(200);
    const token = (await t.login(countyResident.username, 'officer-password-123')).accessToken;
    const company = await createCompany(t);
    const logged = await logVisit(token, {
      teamId: team.id,
      visitedAt: '2026-11-23T10:00:00+08:00',
      kind: 'company',
      companyId: company.id,
      summary: '县里队员的拜访',
    });
    expect(logged.statusCode).toBe(201);
    const teamVisits = (
      await t.request({ method: 'GET', url: `/api/v1/visits?teamId=${team.id}&limit=200` }, token)
    ).json();
    expect(teamVisits.items.length).toBeGreaterThan(1);
    expect(teamVisits.items.every((visit: { teamId: string }) => visit.teamId === team.id)).toBe(true);
  });

  it('refuses arrays where objects belong, and a member taken from a team the caller cannot see', async () => {
    const company = await createCompany(t);
    const base = {
      teamId: shenzhenTeam.id,
      visitedAt: '2026-11-20T10:00:00+08:00',
      kind: 'company',
      companyId: company.id,
    };
    expect((await logVisit(regionOfficer.token, { ...base, createLead: [] })).json().details[0].field).toBe(
      'createLead',
    );
    expect(
      (await logVisit(regionOfficer.token, { ...base, intelligence: [{ intentLevel: 'high' }] })).json().details[0]
        .field,
    ).toBe('intelligence');
    const poach = await t.request(
      {
        method: 'PATCH',
        url: `/api/v1/teams/${nanningTeam.id}`,
        payload: { version: nanningTeam.version, memberUserIds: [nanningOfficer.id, regionOfficer.id] },
      },
      nanningManager.token,
    );
    expect(poach.statusCode).toBe(400);
    expect(poach.json().details[0].field).toBe('memberUserIds');
  });

  it('completes a planned visit and refuses stale versions', async () => {
    const company = await createCompany(t);
    const planned = (
      await logVisit(regionOfficer.token, {
        teamId: shenzhenTeam.id,
        visitedAt: '2026-11-26T10:00:00+08:00',
        kind: 'company',
        companyId: company.id,
        status: 'planned',
      })
    ).json();
    const done = await t.request(
      {
        method: 'PATCH',
        url: `/api/v1/visits/${planned.id}`,
        payload: { version: planned.version, status: 'done', summary: '已完成' },
      },
      regionOfficer.token,
    );
    expect(done.json()).toMatchObject({ status: 'done', summary: '已完成', version: planned.version + 1 });
    const stale = await t.request(
      { method: 'PATCH', url: `/api/v1/visits/${planned.id}`, payload: { version: planned.version, summary: 'x' } },
      regionOfficer.token,
    );
    expect(stale.statusCode).toBe(409);
    const audit = (await t.request({ method: 'GET', url: `/api/v1/audit?entity=visit&entityId=${planned.id}` })).json();
    expect(audit.items.map((entry: { action: string }) => entry.action)).toEqual(['update', 'create']);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/visits/${planned.id}` }, liuzhouOfficer.token)).statusCode,
    ).toBe(404);
  });
});
