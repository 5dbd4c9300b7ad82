import { startTestApp, TestApp } from '../../utils/test-app';
import { confirmClaim, createLead } from '../../utils/records';

describe('lead stage transitions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const move = (lead: { id: string; version: number }, body: Record<string, unknown>) =>
    t.request({
      method: 'POST',
      url: `/api/v1/leads/${lead.id}/transitions`,
      payload: { version: lead.version, ...body },
    });
  const events = async (id: string) =>
    (await t.request({ method: 'GET', url: `/api/v1/leads/${id}/timeline?limit=200` }))
      .json()
      .items.filter((e: { kind: string }) => e.kind === 'stage')
      .reverse();
  const signing = { signedAt: '2026-11-20T10:00:00+08:00', signedAmount: 12.5, parkName: '钦州石化产业园区' };

  it('walks the whole pipeline with each stage’s fields, recording one event per stage', async () => {
    let lead = await createLead(t);
    const steps: Array<Record<string, unknown>> = [
      { to: 'contacted' },
      { to: 'site_visit', siteVisitAt: '2026-11-10T09:00:00+08:00' },
      { to: 'negotiating', note: '第二轮洽谈' },
      { to: 'signed', ...signing },
      { to: 'construction', constructionStartedAt: '2026-11-25T09:00:00+08:00' },
      { to: 'production', producedAt: '2026-11-26T09:00:00+08:00' },
    ];
    for (const step of steps) {
      const res = await move(lead, step);
      expect({ to: step.to, status: res.statusCode }).toEqual({ to: step.to, status: 201 });
      lead = res.json();
      expect(lead.stage).toBe(step.to);
      // 签约, 开工 and 投产 are claims the unit above confirms before the project moves on (甄别确认).
      expect(lead.pendingClaimId !== null).toBe(['signed', 'construction', 'production'].includes(String(step.to)));
      lead = await confirmClaim(t, lead);
    }
    expect(lead).toMatchObject({
      signedAmount: 12.5,
      parkName: '钦州石化产业园区',
      producedAt: '2026-11-26T01:00:00.000Z',
      pendingClaimId: null,
      version: 10,
    });
    expect((await events(lead.id)).map((e: { data: { toStage: string } }) => e.data.toStage)).toEqual([
      'lead',
      'contacted',
      'site_visit',
      'negotiating',
      'signed',
      'construction',
      'production',
    ]);
  });

  it('records skipped stages as passed at the same time, and needs the contract when skipping past signing', async () => {
    const lead = await createLead(t);
    const missing = await move(lead, { to: 'construction', constructionStartedAt: '2026-11-25T09:00:00+08:00' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().details.map((d: { field: string }) => d.field)).toEqual([
      'signedAt',
      'signedAmount',
      'parkId',
    ]);
    const res = await move(lead, {
      to: 'construction',
      constructionStartedAt: '2026-11-25T09:00:00+08:00',
      ...signing,
    });
    expect(res.statusCode).toBe(201);
    const stageEvents = await events(lead.id);
    expect(stageEvents.slice(1).map((e: { data: { toStage: string } }) => e.data.toStage)).toEqual([
      'contacted',
      'site_visit',
      'negotiating',
      'signed',
      'construction',
    ]);
    expect(new Set(stageEvents.slice(1).map((e: { at: string }) => e.at))).toEqual(
      new Set([res.json().stageEnteredAt]),
    );
  });

  it('requires each stage’s own fields', async () => {
    const lead = await createLead(t);
    for (const [to, field] of [
      ['site_visit', 'siteVisitAt'],
      ['signed', 'signedAt'],
      ['production', 'producedAt'],
    ]) {
      const res = await move(lead, { to });
      expect(res.statusCode).toBe(400);
      expect(res.json().details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const foreign = await move(lead, { to: 'contacted', signedAmount: 3 });
    expect(foreign.json().details[0]).toMatchObject({ field: 'signedAmount', constraint: 'notPermitted' });
  });

  it('goes back one stage only and with a reason; holds and loses with a reason; resumes where it left', async () => {
    let lead = await createLead(t);
    lead = (await move(lead, { to: 'negotiating' })).json();
    expect((await move(lead, { to: 'site_visit' })).json().details[0].field).toBe('reason');
    const twoBack = await move(lead, { to: 'contacted', reason: '企业改变计划' });
    expect(twoBack.statusCode).toBe(409);
    expect(twoBack.json().details[0]).toMatchObject({
      field: 'to',
      allowed: ['site_visit', 'signed', 'construction', 'production', 'on_hold', 'lost'],
    });
    lead = (await move(lead, { to: 'site_visit', reason: '需再次考察' })).json();
    expect(lead.stage).toBe('site_visit');

    expect((await move(lead, { to: 'on_hold' })).json().details[0].field).toBe('reason');
    lead = (await move(lead, { to: 'on_hold', reason: '企业资金紧张' })).json();
    expect(lead).toMatchObject({ stage: 'on_hold', stageBeforeHold: 'site_visit' });
    const wrongResume = await move(lead, { to: 'negotiating' });
    expect(wrongResume.statusCode).toBe(409);
    expect(wrongResume.json().details[0].allowed).toEqual(['site_visit', 'lost']);
    lead = (await move(lead, { to: 'site_visit' })).json();
    expect(lead).toMatchObject({ stage: 'site_visit', stageBeforeHold: null });

    lead = (await move(lead, { to: 'lost', reason: '落户外省' })).json();
    expect(lead).toMatchObject({ stage: 'lost', lostReason: '落户外省' });
    const fromLost = await move(lead, { to: 'lead' });
    expect(fromLost.statusCode).toBe(409);
    expect(fromLost.json().details[0].allowed).toEqual([]);
  });

  it('answers a stale version with 409 VERSION_CONFLICT and writes nothing', async () => {
    const lead = await createLead(t);
    expect((await move(lead, { to: 'contacted' })).statusCode).toBe(201);
    const stale = await move(lead, { to: 'negotiating' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', details: [{ currentVersion: 2 }] });
    expect((await events(lead.id)).length).toBe(2);
  });

  it('lets exactly one of 50 simultaneous transitions with the same version win; the other 49 get 409 and write nothing', async () => {
    const lead = await createLead(t);
    // Different targets, so a loser would leave a trace of its own if it wrote anything.
    const targets = ['contacted', 'on_hold', 'lost'];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        move(lead, { to: targets[index % 3], ...(targets[index % 3] === 'contacted' ? {} : { reason: '并发测试' }) }),
      ),
    );
    expect(
      results
        .map((res) => `${res.statusCode} ${res.statusCode === 201 || res.statusCode === 409 ? '' : res.body}`.trim())
        .sort(),
    ).toEqual(['201', ...Array(49).fill('409')]);
    expect(results.filter((res) => res.statusCode === 409).every((res) => res.json().code === 'VERSION_CONFLICT')).toBe(
      true,
    );
    const winner = results.find((res) => res.statusCode === 201)!.json();
    expect(winner.version).toBe(lead.version + 1);
    expect((await events(lead.id)).map((e: { data: { toStage: string } }) => e.data.toStage)).toEqual([
      'lead',
      winner.stage,
    ]);
    const audit = (
      await t.request({ method: 'GET', url: `/api/v1/audit?entity=lead&entityId=${lead.id}&limit=100` })
    ).json();
    expect(audit.items.filter((entry: { action: string }) => entry.action === 'transition')).toHaveLength(1);
  });

  it('refuses a time in the future or before the current stage began', async () => {
    const lead = await createLead(t);
    expect((await move(lead, { to: 'contacted', at: '2099-01-01T00:00:00+08:00' })).json().details[0]).toMatchObject({
      field: 'at',
      constraint: 'notInFuture',
    });
    expect((await move(lead, { to: 'contacted', at: '2020-01-01T00:00:00+08:00' })).json().details[0]).toMatchObject({
      field: 'at',
      constraint: 'afterCurrentStage',
    });
  });

  it('records funds for signed projects only, with the total and share', async () => {
    const lead = await createLead(t);
    const early = await t.request({
      method: 'POST',
      url: `/api/v1/leads/${lead.id}/funds`,
      payload: { amount: 1, receivedAt: '2026-11-21T00:00:00+08:00' },
    });
    expect(early.statusCode).toBe(409);
    const signed = (await move(lead, { to: 'signed', ...signing })).json();
    for (const amount of [2.5, 1.25]) {
      const res = await t.request({
        method: 'POST',
        url: `/api/v1/leads/${signed.id}/funds`,
        payload: { amount, receivedAt: '2026-11-22T00:00:00+08:00', note: '首期到资' },
      });
      expect(res.statusCode).toBe(201);
    }
    const after = (await t.request({ method: 'GET', url: `/api/v1/leads/${signed.id}` })).json();
    expect(after).toMatchObject({ fundsReceivedTotal: 3.75, fundsReceivedShare: 0.3, version: signed.version });
    const bad = await t.request({
      method: 'POST',
      url: `/api/v1/leads/${signed.id}/funds`,
      payload: { amount: -1, receivedAt: '2026-11-22' },
    });
    expect(
      bad
        .json()
        .details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['amount', 'receivedAt']);
  });

  it('merges stage events, notes and funds in the timeline, newest first, paging', async () => {
    const lead = await createLead(t);
    await t.request({ method: 'POST', url: `/api/v1/leads/${lead.id}/notes`, payload: { body: '企业下月来桂考察' } });
    await t.request({ method: 'POST', url: `/api/v1/leads/${lead.id}/notes`, payload: { body: '已发送园区资料' } });
    const first = (await t.request({ method: 'GET', url: `/api/v1/leads/${lead.id}/timeline?limit=2` })).json();
    expect(first.items.map((e: { kind: string }) => e.kind)).toEqual(['note', 'note']);
    expect(first.items[0].data.body).toBe('已发送园区资料');
    const second = (
      await t.request({ method: 'GET', url: `/api/v1/leads/${lead.id}/timeline?limit=2&cursor=${first.nextCursor}` })
    ).json();
    expect(second.items.map((e: { kind: string }) => e.kind)).toEqual(['stage']);
    expect(second.nextCursor).toBeNull();
  });

  it('filters the timeline by kind, pages within it, names each author, and refuses an unknown kind', async () => {
    const lead = await createLead(t);
    for (const body of ['第一条', '第二条', '第三条']) {
      await t.request({ method: 'POST', url: `/api/v1/leads/${lead.id}/notes`, payload: { body } });
    }
    const url = `/api/v1/leads/${lead.id}/timeline`;
    const first = (await t.request({ method: 'GET', url: `${url}?kind=note&limit=2` })).json();
    expect(first.items.map((e: { data: { body: string } }) => e.data.body)).toEqual(['第三条', '第二条']);
    const second = (
      await t.request({ method: 'GET', url: `${url}?kind=note&limit=2&cursor=${first.nextCursor}` })
    ).json();
    expect(second.items.map((e: { data: { body: string } }) => e.data.body)).toEqual(['第一条']);
    expect(second.nextCursor).toBeNull();

    const stages = (await t.request({ method: 'GET', url: `${url}?kind=stage` })).json();
    expect(stages.items.map((e: { kind: string }) => e.kind)).toEqual(['stage']);
    expect((await t.request({ method: 'GET', url: `${url}?kind=funds` })).json().items).toEqual([]);
    const everything = (await t.request({ method: 'GET', url })).json();
    for (const entry of everything.items) {
      expect(typeof entry.userName).toBe('string');
      expect(entry.userName.length).toBeGreaterThan(0);
    }

    const bad = await t.request({ method: 'GET', url: `${url}?kind=gossip` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field)).toEqual(['kind']);
  });
});
