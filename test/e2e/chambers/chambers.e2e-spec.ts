import { parseDeadlineSpec, planDeadline } from '../../../src/core/common/deadline-calendar';
import { startTestApp, TestApp } from '../../utils/test-app';
import { createCompany, createLead } from '../../utils/records';
import { createSignedInUser, TestUser } from '../../utils/users';

describe('chambers', () => {
  let t: TestApp;
  let nanning: TestUser;
  let liuzhou: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    nanning = await createSignedInUser(t, 'officer', '450100');
    liuzhou = await createSignedInUser(t, 'officer', '450200');
  });
  afterAll(() => t.close());

  const createChamber = async (overrides: Record<string, unknown> = {}) => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/chambers',
      payload: {
        name: `深圳市广西商会${Date.now()}`,
        kind: 'guangxi_chamber',
        regionCode: '440300',
        clusterCodes: ['electronics'],
        agreementSignedAt: '2026-03-01',
        ...overrides,
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json();
  };

  it('registers, lists and edits chambers, validating references', async () => {
    const chamber = await createChamber();
    expect(chamber).toMatchObject({
      kind: 'guangxi_chamber',
      regionCode: '440300',
      agreementSignedAt: '2026-03-01',
      version: 1,
    });
    const listed = (
      await t.request({ method: 'GET', url: `/api/v1/chambers?q=${encodeURIComponent('广西商会')}&regionCode=440300` })
    ).json();
    expect(listed.items.map((c: { id: string }) => c.id)).toContain(chamber.id);
    const edited = await t.request({
      method: 'PATCH',
      url: `/api/v1/chambers/${chamber.id}`,
      payload: { version: 1, notes: '每季度会商一次' },
    });
    expect(edited.json()).toMatchObject({ notes: '每季度会商一次', version: 2 });
    const bad = await t.request({
      method: 'POST',
      url: '/api/v1/chambers',
      payload: {
        name: '错误商会',
        kind: 'club',
        regionCode: '999999',
        clusterCodes: ['mining'],
        agreementSignedAt: '2026-13-01',
      },
    });
    expect(
      bad
        .json()
        .details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['agreementSignedAt', 'kind']);
    const unknownPlace = await t.request({
      method: 'POST',
      url: '/api/v1/chambers',
      payload: { name: '错误商会', kind: 'chamber', regionCode: '999999' },
    });
    expect(unknownPlace.json().details[0].field).toBe('regionCode');
    const unknownCluster = await t.request({
      method: 'POST',
      url: '/api/v1/chambers',
      payload: { name: '错误商会', kind: 'chamber', regionCode: '440300', clusterCodes: ['mining'] },
    });
    expect(unknownCluster.json().details[0].field).toBe('clusterCodes');
  });

  it('shows the leads it introduced inside the caller’s jurisdiction, how far they got, and the feedback owed', async () => {
    const chamber = await createChamber();
    const a = await createLead(t, { source: { kind: 'chamber', chamberId: chamber.id } }, nanning.token);
    await createLead(t, { source: { kind: 'chamber', chamberId: chamber.id } }, nanning.token);
    await createLead(t, { source: { kind: 'chamber', chamberId: chamber.id } }, liuzhou.token);
    await t.request(
      { method: 'POST', url: `/api/v1/leads/${a.id}/transitions`, payload: { version: a.version, to: 'contacted' } },
      nanning.token,
    );
    expect(a.chamberFeedbackDueAt).toEqual(expect.any(String));
    // Five working days in Asia/Shanghai (CHAMBER_FEEDBACK_DEADLINE), ending at midnight
    expect(a.chamberFeedbackDueAt).toBe(
      planDeadline(new Date(a.stageEnteredAt), parseDeadlineSpec('5wd')).dueAt.toISOString(),
    );

    const asNanning = (await t.request({ method: 'GET', url: `/api/v1/chambers/${chamber.id}` }, nanning.token)).json();
    expect(asNanning.leads).toHaveLength(2);
    expect(asNanning.stageCounts).toEqual({ lead: 1, contacted: 1 });
    expect(asNanning.feedbackOverdue).toBe(0);
    const asRegion = (await t.request({ method: 'GET', url: `/api/v1/chambers/${chamber.id}` })).json();
    expect(asRegion.leads).toHaveLength(3);

    const current = (await t.request({ method: 'GET', url: `/api/v1/leads/${a.id}` }, nanning.token)).json();
    const feedback = await t.request(
      {
        method: 'PATCH',
        url: `/api/v1/leads/${a.id}`,
        payload: { version: current.version, chamberFeedbackGivenAt: '2026-11-27T10:00:00+08:00' },
      },
      nanning.token,
    );
    expect(feedback.json().chamberFeedbackGivenAt).toBe('2026-11-27T02:00:00.000Z');
  });

  it('requires the chamber for a chamber-sourced lead and refuses it otherwise', async () => {
    const chamber = await createChamber();
    const company = await createCompany(t);
    const missing = await t.request({
      method: 'POST',
      url: '/api/v1/leads',
      payload: { companyId: company.id, title: '缺商会', clusterCode: 'auto', source: { kind: 'chamber' } },
    });
    expect(missing.json().details[0].field).toBe('source.chamberId');
    const unknown = await t.request({
      method: 'POST',
      url: '/api/v1/leads',
      payload: {
        companyId: company.id,
        title: '未知商会',
        clusterCode: 'auto',
        source: { kind: 'chamber', chamberId: '99999999' },
      },
    });
    expect(unknown.json().details[0]).toMatchObject({ field: 'source.chamberId', constraint: 'exists' });
    const lead = await createLead(t, { source: { kind: 'exhibition', chamberId: chamber.id } }).catch(
      (error: Error) => error.message,
    );
    expect(String(lead)).toContain('source.chamberId');
  });
});
