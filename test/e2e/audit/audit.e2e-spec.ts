import { startTestApp, TestApp } from '../../utils/test-app';
import { createSignedInUser, TestUser } from '../../utils/users';
import { createLead } from '../../utils/records';

describe('audit trail', () => {
  let t: TestApp;
  let guilinManager: TestUser;
  let beihaiManager: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    guilinManager = await createSignedInUser(t, 'manager', '450300');
    beihaiManager = await createSignedInUser(t, 'manager', '450500');
  });
  afterAll(() => t.close());

  const trailOf = async (entityId: string, token = t.adminToken) =>
    (await t.request({ method: 'GET', url: `/api/v1/audit?entity=user&entityId=${entityId}&limit=200` }, token)).json();

  it('records who created and changed a user, what changed, and the request id; never the password', async () => {
    const created = await t.request(
      {
        method: 'POST',
        url: '/api/v1/users',
        payload: {
          username: `audited-${Date.now()}`,
          displayName: '审计对象',
          password: 'secret-password-99',
          role: 'officer',
          regionCode: '450321',
        },
        headers: { 'x-request-id': 'audit-create-1' },
      },
      guilinManager.token,
    );
    expect(created.statusCode).toBe(201);
    const user = created.json();
    await t.request(
      {
        method: 'PATCH',
        url: `/api/v1/users/${user.id}`,
        payload: { version: user.version, role: 'resident', password: 'another-secret-77' },
        headers: { 'x-request-id': 'audit-update-1' },
      },
      guilinManager.token,
    );

    const trail = await trailOf(user.id);
    expect(trail.items).toHaveLength(2);
    const [update, create] = trail.items;
    expect(create).toMatchObject({
      action: 'create',
      entity: 'user',
      entityId: user.id,
      userId: guilinManager.id,
      requestId: 'audit-create-1',
      regionCode: '450321',
    });
    expect(create.changes).toMatchObject({
      role: [null, 'officer'],
      displayName: [null, '审计对象'],
      regionCode: [null, '450321'],
    });
    expect(update).toMatchObject({
      action: 'update',
      requestId: 'audit-update-1',
      changes: { role: ['officer', 'resident'], passwordHash: ['[redacted]', '[redacted]'] },
    });
    expect(Date.parse(update.at)).toBeGreaterThanOrEqual(Date.parse(create.at));
    // The actor is named beside the id, so the trail page needs no user look-ups.
    expect(create.userName).toBe('测试manager');
    expect(create.userNames).toEqual({});
    expect(create.entityName).toBe('审计对象');
    const text = JSON.stringify(trail);
    expect(text).not.toContain('secret-password-99');
    expect(text).not.toContain('another-secret-77');
    expect(text).not.toContain('argon2');
  });

  it('writes nothing for a rejected write', async () => {
    const user = (
      await t.request({
        method: 'POST',
        url: '/api/v1/users',
        payload: {
          username: `stale-${Date.now()}`,
          displayName: '甲',
          password: 'secret-password-99',
          role: 'officer',
          regionCode: '450300',
        },
      })
    ).json();
    const before = (await trailOf(user.id)).items.length;
    const stale = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      payload: { version: user.version + 5, displayName: '乙' },
    });
    expect(stale.statusCode).toBe(409);
    const invalid = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      payload: { version: user.version, displayName: '' },
    });
    expect(invalid.statusCode).toBe(400);
    expect((await trailOf(user.id)).items).toHaveLength(before);
  });

  it('shows managers the trail of their jurisdiction only, and officers none', async () => {
    const guilinOfficer = await createSignedInUser(t, 'officer', '450302');
    expect((await trailOf(guilinOfficer.id, guilinManager.token)).items.length).toBeGreaterThan(0);
    expect((await trailOf(guilinOfficer.id, beihaiManager.token)).items).toEqual([]);
    const all = (
      await t.request({ method: 'GET', url: '/api/v1/audit?limit=200&withTotal=true' }, beihaiManager.token)
    ).json();
    expect(all.items.every((entry: { regionCode: string | null }) => entry.regionCode?.startsWith('4505'))).toBe(true);
    expect(all.total).toBe(all.items.length);
    expect((await t.request({ method: 'GET', url: '/api/v1/audit' }, guilinOfficer.token)).statusCode).toBe(403);
  });

  it('filters by user and time, pages newest first, and validates its filters', async () => {
    const page1 = (await t.request({ method: 'GET', url: `/api/v1/audit?userId=${guilinManager.id}&limit=1` })).json();
    expect(page1.items).toHaveLength(1);
    const page2 = (
      await t.request({
        method: 'GET',
        url: `/api/v1/audit?userId=${guilinManager.id}&limit=1&cursor=${page1.nextCursor}`,
      })
    ).json();
    expect(Number(page2.items[0].id)).toBeLessThan(Number(page1.items[0].id));
    const future = (await t.request({ method: 'GET', url: '/api/v1/audit?from=2099-01-01T00:00:00%2B08:00' })).json();
    expect(future.items).toEqual([]);
    const bad = await t.request({ method: 'GET', url: '/api/v1/audit?from=yesterday&userId=abc' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['from', 'userId']);
    const reversed = await t.request({
      method: 'GET',
      url: '/api/v1/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    });
    expect(reversed.json().details[0].field).toBe('to');
  });

  it('records sign-in and sign-out', async () => {
    const user = await createSignedInUser(t, 'resident', '450303');
    await t.request({ method: 'POST', url: '/api/v1/auth/logout' }, user.token);
    const sessions = (await t.request({ method: 'GET', url: `/api/v1/audit?entity=session&userId=${user.id}` })).json();
    expect(sessions.items.map((entry: { action: string }) => entry.action)).toEqual(['logout', 'login']);
  });

  it('names the users a change names (a lead owner) beside their ids', async () => {
    const creator = await createSignedInUser(t, 'officer', '450300', 'audit-creator');
    const owner = await createSignedInUser(t, 'officer', '450300', 'audit-owner');
    const lead = await createLead(t, { regionCode: '450300' }, creator.token);
    const changed = await t.request(
      { method: 'PATCH', url: `/api/v1/leads/${lead.id}`, payload: { version: lead.version, ownerUserId: owner.id } },
      creator.token,
    );
    expect(changed.statusCode).toBe(200);
    const trail = (await t.request({ method: 'GET', url: `/api/v1/audit?entity=lead&entityId=${lead.id}` })).json();
    const ownerChange = trail.items.find((entry: { changes: Record<string, unknown> }) => entry.changes.ownerUserId);
    expect(ownerChange.changes.ownerUserId[1]).toBe(owner.id);
    expect(ownerChange.userNames[owner.id]).toBe('测试audit-owner');
    expect(ownerChange.userName).toBe('测试audit-creator');
    expect(ownerChange.entityName).toBe(lead.title);
    // Sign-ins have no name; the trail says what they are without a number.
    const signIns = (await t.request({ method: 'GET', url: `/api/v1/audit?entity=session&userId=${owner.id}` })).json();
    expect(signIns.items[0]).toMatchObject({ entity: 'session', entityName: null });
  });

  it('names every kind of record on one mixed page (one names statement for the page)', async () => {
    const officer = await createSignedInUser(t, 'officer', '450300', 'audit-mixed');
    const lead = await createLead(t, { regionCode: '450300' }, officer.token);
    const note = await t.request(
      { method: 'POST', url: `/api/v1/leads/${lead.id}/notes`, payload: { body: '审计混合页' } },
      officer.token,
    );
    expect(note.statusCode).toBe(201);
    // The officer's own entries (lead, company, note) and the account's, on one page: other suites write too.
    const own = (await t.request({ method: 'GET', url: `/api/v1/audit?userId=${officer.id}&limit=100` })).json();
    const account = (
      await t.request({ method: 'GET', url: `/api/v1/audit?entity=user&entityId=${officer.id}&limit=100` })
    ).json();
    const company = (
      await t.request({ method: 'GET', url: `/api/v1/audit?entity=company&entityId=${lead.companyId}&limit=100` })
    ).json();
    const page = { items: [...own.items, ...account.items, ...company.items] };
    const byEntity = (entity: string) =>
      page.items.filter((entry: { entity: string; userId: string | null }) => entry.entity === entity);
    // The lead, its company, its note and the officer's account, each named.
    expect(byEntity('lead').find((entry: { entityId: string }) => entry.entityId === lead.id).entityName).toBe(
      lead.title,
    );
    expect(byEntity('lead_note')[0].entityName).toBe(lead.title);
    expect(byEntity('company')[0].entityName).toEqual(expect.any(String));
    expect(byEntity('user').find((entry: { entityId: string }) => entry.entityId === officer.id).entityName).toBe(
      '测试audit-mixed',
    );
    for (const entry of page.items.filter((item: { userId: string | null }) => item.userId === officer.id))
      expect(entry.userName).toBe('测试audit-mixed');
  });
});
