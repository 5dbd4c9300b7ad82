import { startTestApp, TestApp } from '../../utils/test-app';
import { createSignedInUser, TestUser } from '../../utils/users';

describe('user management rules', () => {
  let t: TestApp;
  let cityManager: TestUser;
  let regionManager: TestUser;
  let officer: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    cityManager = await createSignedInUser(t, 'manager', '450500');
    regionManager = await createSignedInUser(t, 'manager', '450000');
    officer = await createSignedInUser(t, 'officer', '450502');
  });
  afterAll(() => t.close());

  const body = (overrides: Record<string, unknown> = {}) => ({
    username: `u${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    displayName: '张伟',
    password: 'a-good-password-1',
    role: 'officer',
    regionCode: '450502',
    ...overrides,
  });

  it('never lets a manager grant admin', async () => {
    const created = await t.request(
      { method: 'POST', url: '/api/v1/users', payload: body({ role: 'admin' }) },
      cityManager.token,
    );
    expect(created.statusCode).toBe(400);
    expect(created.json().details[0]).toMatchObject({ field: 'role', constraint: 'notPermitted' });

    const promoted = await t.request(
      { method: 'PATCH', url: `/api/v1/users/${officer.id}`, payload: { version: officer.version, role: 'admin' } },
      cityManager.token,
    );
    expect(promoted.statusCode).toBe(400);
    expect(promoted.json().details[0].field).toBe('role');
  });

  it('keeps administrators out of managers’ reach', async () => {
    const admin = (await t.request({ method: 'GET', url: '/api/v1/auth/me' })).json();
    const res = await t.request(
      { method: 'PATCH', url: `/api/v1/users/${admin.id}`, payload: { version: admin.version, displayName: 'x' } },
      regionManager.token,
    );
    expect(res.statusCode).toBe(403);
  });

  it('rejects fields nobody sets through the body (mass assignment), naming each', async () => {
    for (const extra of [
      { id: '1' },
      { version: 3 },
      { createdBy: '1' },
      { passwordHash: 'x' },
      { cityCode: '450100' },
    ]) {
      const res = await t.request({ method: 'POST', url: '/api/v1/users', payload: body(extra) });
      expect(res.statusCode).toBe(400);
      expect(res.json().details).toEqual([
        expect.objectContaining({ field: Object.keys(extra)[0], constraint: 'whitelistValidation' }),
      ]);
    }
    const patch = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${officer.id}`,
      payload: { version: 1, createdBy: '1', username: 'renamed' },
    });
    expect(patch.statusCode).toBe(400);
    expect(
      patch
        .json()
        .details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['createdBy', 'username']);
  });

  it('refuses to change one’s own role, unit, active flag or password through PATCH', async () => {
    const self = (await t.request({ method: 'GET', url: '/api/v1/auth/me' })).json();
    for (const change of [
      { role: 'officer' },
      { regionCode: '450502' },
      { active: false },
      { password: 'a-new-password-123' },
    ]) {
      const res = await t.request({
        method: 'PATCH',
        url: `/api/v1/users/${self.id}`,
        payload: { version: self.version, ...change },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0]).toMatchObject({ field: Object.keys(change)[0], constraint: 'notPermitted' });
    }
  });

  it('lets managers manage officers and residents only', async () => {
    const asManager = await t.request(
      { method: 'POST', url: '/api/v1/users', payload: body({ role: 'manager' }) },
      cityManager.token,
    );
    expect(asManager.statusCode).toBe(400);
    expect(asManager.json().details[0]).toMatchObject({ field: 'role', constraint: 'notPermitted' });
    const peer = await createSignedInUser(t, 'manager', '450502');
    const takeover = await t.request(
      {
        method: 'PATCH',
        url: `/api/v1/users/${peer.id}`,
        payload: { version: peer.version, password: 'hijacked-password-1' },
      },
      cityManager.token,
    );
    expect(takeover.statusCode).toBe(403);
    const resident = await t.request(
      { method: 'POST', url: '/api/v1/users', payload: body({ role: 'resident' }) },
      cityManager.token,
    );
    expect(resident.statusCode).toBe(201);
  });

  it('creates one user when the same username arrives twice at once', async () => {
    const payload = body();
    const results = await Promise.all(
      [1, 2, 3].map(() => t.request({ method: 'POST', url: '/api/v1/users', payload })),
    );
    expect(results.map((res) => res.statusCode).sort()).toEqual([201, 409, 409]);
    expect(results.every((res) => res.statusCode === 201 || res.json().code === 'DUPLICATE')).toBe(true);
  });

  it('answers a stale version with 409 VERSION_CONFLICT and the current version, writing nothing', async () => {
    const user = (await t.request({ method: 'POST', url: '/api/v1/users', payload: body() })).json();
    const first = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      payload: { version: user.version, displayName: '第一次' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(user.version + 1);
    const stale = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      payload: { version: user.version, displayName: '第二次' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: [{ field: 'version', currentVersion: user.version + 1 }],
    });
    expect((await t.request({ method: 'GET', url: `/api/v1/users/${user.id}` })).json().displayName).toBe('第一次');
  });

  it('answers a taken username with 409 DUPLICATE and bad fields with 400 naming them', async () => {
    const payload = body();
    expect((await t.request({ method: 'POST', url: '/api/v1/users', payload })).statusCode).toBe(201);
    const duplicate = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: { ...payload, displayName: '另一人' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'DUPLICATE', details: [{ field: 'username' }] });

    const invalid = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: body({ password: 'short', regionCode: '440300', role: 'boss' }),
    });
    expect(invalid.statusCode).toBe(400);
    expect(
      invalid
        .json()
        .details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['password', 'role']);
    const outside = await t.request({ method: 'POST', url: '/api/v1/users', payload: body({ regionCode: '440300' }) });
    expect(outside.json().details[0]).toMatchObject({ field: 'regionCode', constraint: 'isGuangxiUnit' });
  });

  it('filters the list by role, unit, active and name prefix', async () => {
    const page = (
      await t.request({ method: 'GET', url: '/api/v1/users?role=officer&regionCode=450502&active=true&q=off' })
    ).json();
    expect(page.items.map((u: { id: string }) => u.id)).toContain(officer.id);
    expect(
      page.items.every((u: { role: string; regionCode: string }) => u.role === 'officer' && u.regionCode === '450502'),
    ).toBe(true);
    const none = (await t.request({ method: 'GET', url: '/api/v1/users?q=%25' })).json();
    expect(none.items).toEqual([]);
  });
});
