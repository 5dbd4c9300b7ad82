import { startTestApp, TestApp } from '../../utils/test-app';
import { createSignedInUser, TestUser } from '../../utils/users';

// Units: the region, two cities, and two counties of the first city.
const UNITS = {
  region: '450000',
  nanning: '450100',
  liuzhou: '450200',
  xingning: '450102',
  qingxiu: '450103',
} as const;
type Unit = keyof typeof UNITS;

/** Whether a caller at `caller` may see and change a record held by `target`: at or below the caller's unit. */
const EXPECTED_ACCESS: Record<Unit, Unit[]> = {
  region: ['region', 'nanning', 'liuzhou', 'xingning', 'qingxiu'],
  nanning: ['nanning', 'xingning', 'qingxiu'],
  liuzhou: ['liuzhou'],
  xingning: ['xingning'],
  qingxiu: ['qingxiu'],
};

/** Whose colleagues a caller sees in GET /people: their jurisdiction and the units above their own. */
const EXPECTED_PEOPLE: Record<Unit, Unit[]> = {
  region: ['region', 'nanning', 'liuzhou', 'xingning', 'qingxiu'],
  nanning: ['region', 'nanning', 'xingning', 'qingxiu'],
  liuzhou: ['region', 'liuzhou'],
  xingning: ['region', 'nanning', 'xingning'],
  qingxiu: ['region', 'nanning', 'qingxiu'],
};

describe('jurisdiction over users', () => {
  let t: TestApp;
  const managers = {} as Record<Unit, TestUser>;
  const officers = {} as Record<Unit, TestUser>;

  beforeAll(async () => {
    t = await startTestApp();
    for (const unit of Object.keys(UNITS) as Unit[]) {
      managers[unit] = await createSignedInUser(t, 'manager', UNITS[unit], `mgr-${unit}`);
      officers[unit] = await createSignedInUser(t, 'officer', UNITS[unit], `off-${unit}`);
    }
  });
  afterAll(() => t.close());

  const units = Object.keys(UNITS) as Unit[];
  const matrix = units.flatMap((caller) => units.map((target) => [caller, target] as const));

  it.each(matrix)('a %s manager reading and editing a %s officer', async (caller, target) => {
    const allowed = EXPECTED_ACCESS[caller].includes(target);
    const token = managers[caller].token;
    const officer = officers[target];

    const read = await t.request({ method: 'GET', url: `/api/v1/users/${officer.id}` }, token);
    expect(read.statusCode).toBe(allowed ? 200 : 404);
    if (!allowed) expect(read.json().code).toBe('NOT_FOUND');

    const current = (await t.request({ method: 'GET', url: `/api/v1/users/${officer.id}` })).json();
    const write = await t.request(
      {
        method: 'PATCH',
        url: `/api/v1/users/${officer.id}`,
        payload: { version: current.version, displayName: `由${caller}修改` },
      },
      token,
    );
    expect(write.statusCode).toBe(allowed ? 200 : 404);
    const after = (await t.request({ method: 'GET', url: `/api/v1/users/${officer.id}` })).json();
    expect(after.displayName === `由${caller}修改`).toBe(allowed);
  });

  it.each(units)('a %s manager lists only the users at or below their unit, and counts only those', async (caller) => {
    const visible = new Set<string>();
    let cursor: string | null = null;
    let total: number | undefined;
    do {
      const url: string = `/api/v1/users?limit=200&withTotal=true${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.request({ method: 'GET', url }, managers[caller].token)).json();
      total ??= page.total;
      for (const user of page.items) visible.add(user.id);
      cursor = page.nextCursor;
    } while (cursor);
    for (const target of units) {
      const allowed = EXPECTED_ACCESS[caller].includes(target);
      expect(visible.has(officers[target].id)).toBe(allowed);
      expect(visible.has(managers[target].id)).toBe(allowed);
    }
    expect(total).toBe(visible.size);
  });

  it.each(units)('a %s manager creates users only inside their jurisdiction', async (caller) => {
    for (const target of units) {
      const res = await t.request(
        {
          method: 'POST',
          url: '/api/v1/users',
          payload: {
            username: `new-${caller}-${target}-${Date.now() % 100000}`,
            displayName: '新用户',
            password: 'new-user-password-1',
            role: 'officer',
            regionCode: UNITS[target],
          },
        },
        managers[caller].token,
      );
      const allowed = EXPECTED_ACCESS[caller].includes(target);
      expect(res.statusCode).toBe(allowed ? 201 : 400);
      if (!allowed)
        expect(res.json().details).toEqual([
          expect.objectContaining({ field: 'regionCode', constraint: 'notPermitted' }),
        ]);
    }
  });

  it('keeps officers and residents away from user management', async () => {
    for (const user of [officers.region, await createSignedInUser(t, 'resident', UNITS.nanning)]) {
      const res = await t.request({ method: 'GET', url: '/api/v1/users' }, user.token);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
      expect((await t.request({ method: 'GET', url: `/api/v1/users/${user.id}` }, user.token)).statusCode).toBe(403);
    }
  });

  it.each(matrix)('a %s officer looking up a %s colleague in the directory', async (caller, target) => {
    const allowed = EXPECTED_PEOPLE[caller].includes(target);
    const token = officers[caller].token;
    const colleague = officers[target];
    const one = await t.request({ method: 'GET', url: `/api/v1/people/${colleague.id}` }, token);
    expect(one.statusCode).toBe(allowed ? 200 : 404);
    if (allowed) {
      // Name, unit, role and team: nothing a colleague need not know (no username, email or version).
      expect(Object.keys(one.json()).sort()).toEqual(
        ['displayName', 'id', 'regionCode', 'regionName', 'role', 'teamId', 'teamName'].sort(),
      );
      expect(one.json()).toMatchObject({ id: colleague.id, role: 'officer', regionCode: UNITS[target] });
      expect(typeof one.json().regionName).toBe('string');
    } else {
      expect(one.json().code).toBe('NOT_FOUND');
    }
  });

  it('lists the directory by name, paged by cursor, searchable, and within reach for every role', async () => {
    const resident = await createSignedInUser(t, 'resident', UNITS.xingning, 'directory-resident');
    const seen: Array<{ id: string; displayName: string; regionCode: string }> = [];
    let cursor: string | null = null;
    let total: number | undefined;
    do {
      const url: string = `/api/v1/people?limit=3&withTotal=true${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.request({ method: 'GET', url }, resident.token)).json();
      seen.push(...page.items);
      total = page.total;
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total!);
    expect(new Set(seen.map((person) => person.id)).size).toBe(seen.length);
    const names = seen.map((person) => person.displayName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const reachable = EXPECTED_PEOPLE.xingning.map((unit) => UNITS[unit]);
    expect(seen.every((person) => reachable.includes(person.regionCode as (typeof reachable)[number]))).toBe(true);
    expect(seen.map((person) => person.id)).toEqual(expect.arrayContaining([officers.region.id, officers.nanning.id]));
    expect(seen.map((person) => person.id)).not.toContain(officers.qingxiu.id);

    const found = (
      await t.request(
        { method: 'GET', url: `/api/v1/people?q=${encodeURIComponent('directory-resident')}` },
        resident.token,
      )
    ).json();
    expect(found.items.map((person: { id: string }) => person.id)).toEqual([resident.id]);
    const none = (await t.request({ method: 'GET', url: '/api/v1/people?q=%25' }, resident.token)).json();
    expect(none.items).toEqual([]);
    const bad = await t.request({ method: 'GET', url: '/api/v1/people?cursor=garbage' }, resident.token);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('cursor');
  });
});
