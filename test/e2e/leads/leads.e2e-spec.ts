import { startTestApp, TestApp } from '../../utils/test-app';
import { createCompany, createLead } from '../../utils/records';
import { createSignedInUser, TestUser } from '../../utils/users';

describe('leads: jurisdiction, lists and confidentiality', () => {
  let t: TestApp;
  const users = {} as Record<'region' | 'nanning' | 'liuzhou' | 'xingning' | 'qingxiu' | 'resident', TestUser>;
  const leads = {} as Record<'nanning' | 'liuzhou' | 'xingning' | 'qingxiu', { id: string; version: number }>;

  beforeAll(async () => {
    t = await startTestApp();
    users.region = await createSignedInUser(t, 'officer', '450000');
    users.nanning = await createSignedInUser(t, 'officer', '450100');
    users.liuzhou = await createSignedInUser(t, 'officer', '450200');
    users.xingning = await createSignedInUser(t, 'officer', '450102');
    users.qingxiu = await createSignedInUser(t, 'officer', '450103');
    users.resident = await createSignedInUser(t, 'resident', '450100');
    for (const unit of ['nanning', 'liuzhou', 'xingning', 'qingxiu'] as const) {
      leads[unit] = await createLead(t, { title: `${unit}项目` }, users[unit].token);
    }
  });
  afterAll(() => t.close());

  // Who may reach which lead: at or below the caller's unit.
  const VISIBLE: Record<string, string[]> = {
    region: ['nanning', 'liuzhou', 'xingning', 'qingxiu'],
    nanning: ['nanning', 'xingning', 'qingxiu'],
    liuzhou: ['liuzhou'],
    xingning: ['xingning'],
    qingxiu: ['qingxiu'],
  };

  it.each(Object.keys(VISIBLE))(
    'a %s officer reaches exactly the leads at or below their unit, on every lead route',
    async (caller) => {
      const token = users[caller as keyof typeof users].token;
      for (const [unit, lead] of Object.entries(leads)) {
        const allowed = VISIBLE[caller].includes(unit);
        const expected = allowed ? [200, 200, 201, 400, 400, 409] : [404, 404, 404, 404, 404, 404];
        const current = (await t.request({ method: 'GET', url: `/api/v1/leads/${lead.id}` })).json();
        const statuses = [
          (await t.request({ method: 'GET', url: `/api/v1/leads/${lead.id}` }, token)).statusCode,
          (await t.request({ method: 'GET', url: `/api/v1/leads/${lead.id}/timeline` }, token)).statusCode,
          (
            await t.request(
              { method: 'POST', url: `/api/v1/leads/${lead.id}/notes`, payload: { body: `${caller}的备注` } },
              token,
            )
          ).statusCode,
          // A valid move that fails only on its own rules tells the lead was reached.
          (
            await t.request(
              {
                method: 'POST',
                url: `/api/v1/leads/${lead.id}/transitions`,
                payload: { version: current.version, to: 'site_visit' },
              },
              token,
            )
          ).statusCode,
          (
            await t.request(
              {
                method: 'PATCH',
                url: `/api/v1/leads/${lead.id}`,
                payload: { version: current.version, ownerUserId: '999999999' },
              },
              token,
            )
          ).statusCode,
          (
            await t.request(
              {
                method: 'POST',
                url: `/api/v1/leads/${lead.id}/funds`,
                payload: { amount: 1, receivedAt: '2026-11-01T00:00:00+08:00' },
              },
              token,
            )
          ).statusCode,
        ];
        expect({ caller, unit, statuses }).toEqual({ caller, unit, statuses: expected });
      }
      // Every page of the list (other suites share this run's database), and a total that counts exactly those.
      const ids = new Set<string>();
      let total: number | undefined;
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/leads?limit=200&withTotal=true${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await t.request({ method: 'GET', url }, token)).json();
        total ??= page.total;
        for (const item of page.items as Array<{ id: string }>) ids.add(item.id);
        cursor = page.nextCursor;
      } while (cursor);
      for (const [unit, lead] of Object.entries(leads)) expect(ids.has(lead.id)).toBe(VISIBLE[caller].includes(unit));
      expect(total).toBe(ids.size);
    },
  );

  it('holds new leads in the creator’s unit by default and refuses units outside it', async () => {
    const lead = await createLead(t, {}, users.xingning.token);
    expect(lead.regionCode).toBe('450102');
    const outside = await t.request(
      {
        method: 'POST',
        url: '/api/v1/leads',
        payload: {
          companyId: lead.companyId,
          title: '越权项目',
          clusterCode: 'auto',
          source: { kind: 'other' },
          regionCode: '450200',
        },
      },
      users.nanning.token,
    );
    expect(outside.statusCode).toBe(400);
    expect(outside.json().details[0]).toMatchObject({ field: 'regionCode', constraint: 'notPermitted' });
  });

  it('shows residents only the leads they created, and managers read without writing', async () => {
    const own = await createLead(t, { title: '驻点发现项目', source: { kind: 'visit' } }, users.resident.token);
    const list = (await t.request({ method: 'GET', url: '/api/v1/leads?limit=200' }, users.resident.token)).json();
    expect(list.items.map((lead: { id: string }) => lead.id)).toEqual([own.id]);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/leads/${leads.nanning.id}` }, users.resident.token)).statusCode,
    ).toBe(404);
    const manager = await createSignedInUser(t, 'manager', '450100');
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/leads/${leads.nanning.id}` }, manager.token)).statusCode,
    ).toBe(200);
    expect(
      (
        await t.request(
          { method: 'POST', url: `/api/v1/leads/${leads.nanning.id}/notes`, payload: { body: 'x' } },
          manager.token,
        )
      ).statusCode,
    ).toBe(403);
  });

  it('filters and pages through more than one page without gaps', async () => {
    const company = await createCompany(t, {
      name: `筛选测试${Date.now()}`,
      flags: ['fortune_global_500'],
      ownership: 'foreign',
      creditCode: undefined,
    });
    const created: string[] = [];
    for (let i = 0; i < 7; i++) {
      const lead = await createLead(
        t,
        {
          companyId: company.id,
          title: `筛选项目${i}`,
          clusterCode: 'calcium',
          expectedInvestment: i + 1,
          categories: i % 2 ? ['five50_top500'] : [],
        },
        users.liuzhou.token,
      );
      created.push(lead.id);
    }
    const collect = async (query: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        // Other suites share the database: keep to this officer's own leads.
        const url: string = `/api/v1/leads?ownerUserId=${users.liuzhou.id}&${query}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await t.request({ method: 'GET', url }, users.liuzhou.token)).json();
        if (!page.items) throw new Error(JSON.stringify(page));
        ids.push(...page.items.map((lead: { id: string }) => lead.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      return { ids, pages };
    };
    const byCluster = await collect('clusterCode=calcium');
    expect(byCluster.pages).toBe(3);
    expect(byCluster.ids.sort()).toEqual([...created].sort());
    const byAmount = await collect('clusterCode=calcium&sort=expectedInvestment');
    expect(byAmount.ids).toEqual([...created].reverse());
    expect((await collect('flag=fortune_global_500&ownership=foreign')).ids.sort()).toEqual([...created].sort());
    expect((await collect('category=five50_top500&clusterCode=calcium')).ids).toHaveLength(3);
    expect((await collect('clusterCode=calcium&minInvestment=3&maxInvestment=5')).ids).toHaveLength(3);
    expect((await collect(`q=${encodeURIComponent('筛选项目')}`)).ids).toHaveLength(7);
    expect((await collect('clusterCode=calcium&staleDays=1')).ids).toHaveLength(0);
    expect((await collect('clusterCode=calcium&stage=lead,contacted')).ids).toHaveLength(7);
    expect((await collect('clusterCode=calcium&sort=nextFollowUpAt')).ids).toHaveLength(7);
    const scoped = (
      await t.request({ method: 'GET', url: '/api/v1/leads?regionCode=450100&limit=200' }, users.region.token)
    ).json();
    expect(scoped.items.every((lead: { regionCode: string }) => lead.regionCode.startsWith('4501'))).toBe(true);
    const bad = await t.request({ method: 'GET', url: '/api/v1/leads?stage=won&sort=name&minInvestment=-1' });
    expect(
      bad
        .json()
        .details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['minInvestment', 'sort', 'stage']);
  });

  it('requires a code name for a confidential lead and shows the company to the holding unit’s chain', async () => {
    const company = await createCompany(t, { name: `保密企业${Date.now()}` });
    const missingCodeName = await t.request(
      {
        method: 'POST',
        url: '/api/v1/leads',
        payload: {
          companyId: company.id,
          title: '保密项目',
          clusterCode: 'auto',
          source: { kind: 'other' },
          confidential: true,
        },
      },
      users.xingning.token,
    );
    expect(missingCodeName.json().details[0].field).toBe('codeName');
    const lead = await createLead(
      t,
      { companyId: company.id, confidential: true, codeName: '北部湾一号' },
      users.xingning.token,
    );
    // The chain (the county, its city, the region) sees the company.
    for (const user of [users.xingning, users.nanning, users.region]) {
      const seen = (await t.request({ method: 'GET', url: `/api/v1/leads/${lead.id}` }, user.token)).json();
      expect(seen).toMatchObject({ masked: false, companyName: company.name, codeName: '北部湾一号' });
    }
  });
});
