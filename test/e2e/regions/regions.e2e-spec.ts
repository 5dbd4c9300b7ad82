import { startTestApp, TestApp } from '../../utils/test-app';
import { createSignedInUser } from '../../utils/users';

describe('GET /api/v1/regions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('shows Guangxi with its 14 cities, each with its counties (111 in all)', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/regions/450000' });
    expect(res.statusCode).toBe(200);
    const guangxi = res.json();
    expect(guangxi).toMatchObject({ code: '450000', name: '广西壮族自治区', level: 'province', parentCode: null });
    expect(guangxi.children).toHaveLength(14);
    expect(guangxi.children[0]).toMatchObject({ code: '450100', name: '南宁市', level: 'city', parentCode: '450000' });
    const counties = guangxi.children.flatMap((city: { children: unknown[] }) => city.children);
    expect(counties).toHaveLength(111);
    expect(guangxi.children[0].children.map((c: { name: string }) => c.name)).toContain('青秀区');
  });

  it('shows a city with its counties and a county with none', async () => {
    const liuzhou = (await t.request({ method: 'GET', url: '/api/v1/regions/450200' })).json();
    expect(liuzhou.children).toHaveLength(10);
    expect(
      liuzhou.children.every(
        (county: { cityCode: string; children: unknown[] }) =>
          county.cityCode === '450200' && county.children.length === 0,
      ),
    ).toBe(true);
    const county = (await t.request({ method: 'GET', url: '/api/v1/regions/450512' })).json();
    expect(county).toMatchObject({ name: '铁山港区', level: 'county', cityCode: '450500', children: [] });
  });

  it('pages the children of a division with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/regions?parentCode=450000&limit=5&withTotal=true${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.request({ method: 'GET', url })).json();
      expect(page.total).toBe(14);
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((item: { code: string }) => item.code));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(14);
    expect(new Set(seen).size).toBe(14);
    expect([...seen].sort()).toEqual(seen);
  });

  it('filters by level and lists origins outside Guangxi', async () => {
    const provinces = (await t.request({ method: 'GET', url: '/api/v1/regions?level=province&limit=200' })).json();
    expect(provinces.items).toHaveLength(34);
    expect(provinces.nextCursor).toBeNull();
    const guangdong = (await t.request({ method: 'GET', url: '/api/v1/regions?parentCode=440000&limit=200' })).json();
    expect(guangdong.items.map((city: { name: string }) => city.name)).toEqual(
      expect.arrayContaining(['广州市', '深圳市', '东莞市', '佛山市']),
    );
    const defaults = (await t.request({ method: 'GET', url: '/api/v1/regions' })).json();
    expect(defaults.items).toHaveLength(50);
    expect(defaults.nextCursor).toEqual(expect.any(String));
  });

  it('answers 404 for an unknown code and 400 naming the field for a malformed one', async () => {
    const missing = await t.request({ method: 'GET', url: '/api/v1/regions/459999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND', message: 'Region 459999 was not found' });

    const malformed = await t.request({ method: 'GET', url: '/api/v1/regions/45%27%20OR%201' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().details[0]).toMatchObject({ field: 'code', constraint: 'matches' });

    const badParent = await t.request({ method: 'GET', url: '/api/v1/regions?parentCode=4501' });
    expect(badParent.json().details[0]).toMatchObject({ field: 'parentCode' });

    const badCursor = await t.request({ method: 'GET', url: '/api/v1/regions?cursor=garbage' });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().details[0]).toMatchObject({ field: 'cursor' });

    const badTotal = await t.request({ method: 'GET', url: '/api/v1/regions?withTotal=yes' });
    expect(badTotal.json().details[0]).toMatchObject({ field: 'withTotal' });
  });

  it('lets an administrator mark the key industrial counties, audited, and lists them', async () => {
    const manager = await createSignedInUser(t, 'manager', '450000');
    const mark = (code: string, payload: Record<string, unknown>, token?: string) =>
      t.request({ method: 'PUT', url: `/api/v1/regions/${code}/key-industrial-county`, payload }, token);
    const marked = await mark('450722', { keyIndustrialCounty: true });
    expect(marked.statusCode).toBe(200);
    expect(marked.json()).toMatchObject({ code: '450722', name: '浦北县', isKeyIndustrialCounty: true });
    try {
      const listed = (
        await t.request({ method: 'GET', url: '/api/v1/regions?level=county&keyIndustrialCounty=true&limit=200' })
      ).json();
      expect(listed.items.map((region: { code: string }) => region.code)).toContain('450722');
      expect(listed.items.every((region: { isKeyIndustrialCounty: boolean }) => region.isKeyIndustrialCounty)).toBe(
        true,
      );
      const trail = (
        await t.request({ method: 'GET', url: '/api/v1/audit?entity=region&entityId=450722&limit=10' })
      ).json();
      expect(trail.items[0]).toMatchObject({
        action: 'update',
        entityName: '浦北县',
        changes: { isKeyIndustrialCounty: [false, true] },
      });
      // Marking it again changes nothing and writes no second entry.
      await mark('450722', { keyIndustrialCounty: true });
      expect(
        (await t.request({ method: 'GET', url: '/api/v1/audit?entity=region&entityId=450722&limit=10' })).json().items,
      ).toHaveLength(trail.items.length);
    } finally {
      await mark('450722', { keyIndustrialCounty: false });
    }
    // Only counties, only administrators, and the body names its field.
    expect((await mark('450700', { keyIndustrialCounty: true })).json().details[0]).toMatchObject({
      field: 'code',
      constraint: 'isCounty',
    });
    expect((await mark('459999', { keyIndustrialCounty: true })).statusCode).toBe(404);
    expect((await mark('450722', { keyIndustrialCounty: 'yes' })).json().details[0].field).toBe('keyIndustrialCounty');
    expect((await mark('450722', { keyIndustrialCounty: true }, manager.token)).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/regions/450722' })).json().isKeyIndustrialCounty).toBe(
      false,
    );
  });
});
