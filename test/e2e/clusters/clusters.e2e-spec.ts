import { startTestApp, TestApp } from '../../utils/test-app';

const CLUSTER_CODES = ['chem', 'electronics', 'machinery', 'auto', 'metals', 'calcium', 'furniture', 'biomed', 'light'];

describe('GET /api/v1/clusters', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lists the nine clusters in the plan order, each with its chain segments and focus cities', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/clusters' });
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((cluster: { code: string }) => cluster.code)).toEqual(CLUSTER_CODES);
    for (const cluster of page.items) {
      expect(cluster.segments.length).toBeGreaterThan(0);
      for (const segment of cluster.segments) {
        expect(segment.code.startsWith(`${cluster.code}.`)).toBe(true);
        expect(['upstream', 'midstream', 'downstream']).toContain(segment.position);
      }
    }
    const electronics = page.items[1];
    expect(electronics).toMatchObject({ name: '电子信息', leadUnit: '自治区工业和信息化厅' });
    expect(electronics.focusRegions.map((f: { regionName: string }) => f.regionName)).toEqual([
      '南宁市',
      '桂林市',
      '北海市',
    ]);
  });

  it('pages with a cursor', async () => {
    const first = (await t.request({ method: 'GET', url: '/api/v1/clusters?limit=4&withTotal=true' })).json();
    expect(first.total).toBe(9);
    const second = (
      await t.request({ method: 'GET', url: `/api/v1/clusters?limit=4&cursor=${first.nextCursor}` })
    ).json();
    const third = (
      await t.request({ method: 'GET', url: `/api/v1/clusters?limit=4&cursor=${second.nextCursor}` })
    ).json();
    expect([...first.items, ...second.items, ...third.items].map((c: { code: string }) => c.code)).toEqual(
      CLUSTER_CODES,
    );
    expect(third.nextCursor).toBeNull();
  });

  it('shows one cluster with segments upstream to downstream', async () => {
    const calcium = (await t.request({ method: 'GET', url: '/api/v1/clusters/calcium' })).json();
    expect(calcium).toMatchObject({ code: 'calcium', name: '精品碳酸钙' });
    expect(calcium.segments[0]).toMatchObject({ code: 'calcium.mining', position: 'upstream' });
    expect(calcium.focusRegions.map((f: { regionCode: string }) => f.regionCode)).toEqual(['451100', '451300']);
  });

  it('answers 404 for an unknown cluster and 400 for a malformed code', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/clusters/textiles' })).statusCode).toBe(404);
    const malformed = await t.request({ method: 'GET', url: '/api/v1/clusters/Chem%3B' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().details[0].field).toBe('code');
  });
});
