import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';
import { companyNamePinyin } from '../../../src/shared/company-name';
import { startTestApp, TestApp } from '../../utils/test-app';
import { createCompany, createLead } from '../../utils/records';
import { createSignedInUser, TestUser } from '../../utils/users';

interface Hit {
  kind: 'lead' | 'company' | 'chamber' | 'park' | 'person';
  id: string;
  title: string;
  subtitle: string | null;
  rank: number;
}

/** GET /search: every kind, ranked across kinds, inside the caller's reach and naming confidential leads safely. */
describe('search everywhere', () => {
  let t: TestApp;
  const users = {} as Record<'nanning' | 'xingning' | 'qingxiu' | 'resident', TestUser>;
  const stamp = String(Date.now()).slice(-6);
  const mark = `琥珀${stamp}`;

  const search = async (user: TestUser, q: string, limit?: number): Promise<Hit[]> => {
    const query = new URLSearchParams({ q, ...(limit ? { limit: String(limit) } : {}) });
    const res = await t.request({ method: 'GET', url: `/api/v1/search?${query}` }, user.token);
    expect(res.statusCode).toBe(200);
    return res.json().items;
  };
  const post = async (url: string, payload: Record<string, unknown>, token?: string) => {
    const res = await t.request({ method: 'POST', url: `/api/v1${url}`, payload }, token);
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  beforeAll(async () => {
    t = await startTestApp();
    users.nanning = await createSignedInUser(t, 'officer', '450100');
    users.xingning = await createSignedInUser(t, 'officer', '450102');
    users.qingxiu = await createSignedInUser(t, 'officer', '450103');
    users.resident = await createSignedInUser(t, 'resident', '450100');
  });
  afterAll(() => t.close());

  it('finds each kind, with a subtitle, ranked best first', async () => {
    const company = await createCompany(t, { name: `${mark}新能源科技有限公司` });
    const lead = await createLead(t, { companyId: company.id, title: `${mark}电池基地项目` }, users.nanning.token);
    const chamber = await post('/chambers', {
      name: `深圳市${mark}商会`,
      kind: 'chamber',
      regionCode: '440300',
      clusterCodes: ['electronics'],
    });
    const park = await post('/parks', { name: `${mark}产业园`, regionCode: '450102' }, users.xingning.token);
    const person = await post('/users', {
      username: `search.${stamp}`,
      displayName: `${mark}`,
      password: 'officer-password-123',
      role: 'officer',
      regionCode: '450100',
    });

    const hits = await search(users.nanning, mark, 30);
    const found = (kind: Hit['kind'], id: string) => hits.find((hit) => hit.kind === kind && hit.id === String(id));
    expect(found('lead', lead.id)).toMatchObject({
      title: `${mark}电池基地项目`,
      subtitle: `${company.name} · 线索`,
      rank: 2,
    });
    expect(found('company', company.id)).toMatchObject({ title: company.name, rank: 2 });
    expect(found('company', company.id)!.subtitle).toContain('民企');
    expect(found('chamber', chamber.id)).toMatchObject({ title: `深圳市${mark}商会`, rank: 4 });
    expect(found('chamber', chamber.id)!.subtitle).toContain('商会');
    expect(found('park', park.id)).toMatchObject({ title: `${mark}产业园`, subtitle: '兴宁区', rank: 2 });
    expect(found('person', person.id)).toMatchObject({ title: mark, subtitle: '南宁市', rank: 1 });
    // Best first across kinds: exact, then prefix, then contains.
    expect(hits.map((hit) => hit.rank)).toEqual([...hits.map((hit) => hit.rank)].sort((a, b) => a - b));
    expect(hits[0]).toMatchObject({ kind: 'person', rank: 1 });

    // Companies by credit code, initials and pinyin; the limit holds overall.
    const full = (await t.request({ method: 'GET', url: `/api/v1/companies/${company.id}` })).json();
    expect((await search(users.nanning, full.creditCode))[0]).toMatchObject({
      kind: 'company',
      id: company.id,
      rank: 0,
    });
    const { initials } = companyNamePinyin(company.name);
    const byInitials = await search(users.nanning, initials.slice(0, 6).toUpperCase());
    expect(byInitials.find((hit) => hit.kind === 'company' && hit.id === company.id)).toMatchObject({ rank: 3 });
    expect(byInitials.find((hit) => hit.kind === 'lead' && hit.id === lead.id)).toMatchObject({ rank: 3 });
    expect(await search(users.nanning, mark, 2)).toHaveLength(2);
  });

  it('ranks an exact name over a prefix over a contains, and trims q', async () => {
    const exact = `翡翠${stamp}`;
    const names = [`南宁${exact}协会`, `${exact}商会`, exact];
    const ids: string[] = [];
    for (const name of names) {
      ids.push((await post('/chambers', { name, kind: 'association', regionCode: '450100', clusterCodes: [] })).id);
    }
    const hits = (await search(users.qingxiu, `  ${exact} `)).filter((hit) => hit.kind === 'chamber');
    expect(hits.map((hit) => [hit.id, hit.rank])).toEqual([
      [ids[2], 1],
      [ids[1], 2],
      [ids[0], 4],
    ]);
  });

  it('finds no lead of a sibling county, and the city above finds it', async () => {
    const lead = await createLead(t, { title: `${mark}兴宁专属项目` }, users.xingning.token);
    const leadHits = async (user: TestUser) =>
      (await search(user, `${mark}兴宁专属`)).filter((hit) => hit.kind === 'lead').map((hit) => hit.id);
    expect(await leadHits(users.qingxiu)).toEqual([]);
    expect(await leadHits(users.xingning)).toEqual([lead.id]);
    expect(await leadHits(users.nanning)).toEqual([lead.id]);
  });

  it('finds a confidential lead of another chain by its code name only, and names it so', async () => {
    const secretCompany = await createCompany(t, { name: `隐秘${stamp}材料有限公司` });
    const secretTitle = `绝密${stamp}新材料项目`;
    const codeName = `玄武${stamp}计划`;
    const lead = await createLead(
      t,
      { companyId: secretCompany.id, title: secretTitle, confidential: true, codeName },
      users.xingning.token,
    );
    // Qingxiu supports the lead, so lists it (GET /leads) although it sits outside Xingning's chain.
    await post(`/leads/${lead.id}/collaborators`, { regionCode: '450103' }, users.xingning.token);
    const listed = (await t.request({ method: 'GET', url: '/api/v1/leads?limit=200' }, users.qingxiu.token)).json();
    expect(listed.items.map((item: { id: string }) => item.id)).toContain(lead.id);

    const leadHits = async (user: TestUser, q: string) =>
      (await search(user, q)).filter((hit) => hit.kind === 'lead' && hit.id === lead.id);
    expect(await leadHits(users.qingxiu, secretTitle)).toEqual([]);
    expect(await leadHits(users.qingxiu, secretCompany.name)).toEqual([]);
    expect(await leadHits(users.qingxiu, `绝密${stamp}`)).toEqual([]);
    const [byCode] = await leadHits(users.qingxiu, `玄武${stamp}`);
    expect(byCode).toMatchObject({ title: codeName, rank: 2 });
    expect(JSON.stringify(byCode)).not.toContain(secretTitle);
    expect(JSON.stringify(byCode)).not.toContain(secretCompany.name);
    // The holding chain finds it by title and sees it in full.
    const [inChain] = await leadHits(users.nanning, secretTitle);
    expect(inChain).toMatchObject({ title: secretTitle, subtitle: `${secretCompany.name} · 线索`, rank: 1 });
  });

  it('asks the database one statement per kind', async () => {
    const spy = jest.spyOn(MysqlQueryRunner.prototype, 'query');
    try {
      await search(users.nanning, 'abc');
      const statements = spy.mock.calls.map(([sql]) => String(sql)).filter((sql) => /\bLIKE\b/.test(sql));
      expect(statements).toHaveLength(5);
      for (const table of ['leads', 'companies', 'chambers', 'parks', 'users'])
        expect(statements.filter((sql) => new RegExp(`FROM \`${table}\``).test(sql))).not.toHaveLength(0);
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses a missing, blank or overlong q and a limit out of range, naming the field', async () => {
    for (const [query, field] of [
      ['', 'q'],
      ['q=', 'q'],
      ['q=%20%20', 'q'],
      [`q=${'x'.repeat(65)}`, 'q'],
      ['q=abc&limit=31', 'limit'],
      ['q=abc&limit=0', 'limit'],
    ]) {
      const res = await t.request({ method: 'GET', url: `/api/v1/search?${query}` }, users.nanning.token);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(res.json().details.map((detail: { field: string }) => detail.field)).toContain(field);
    }
  });

  it('gives a resident only what their list endpoints show', async () => {
    const other = await createLead(t, { title: `${mark}驻点可见性项目` }, users.nanning.token);
    const hits = await search(users.resident, mark, 30);
    const leadIds = hits.filter((hit) => hit.kind === 'lead').map((hit) => hit.id);
    expect(leadIds).not.toContain(other.id);
    const listed = (
      await t.request(
        { method: 'GET', url: `/api/v1/leads?q=${encodeURIComponent(mark)}&limit=200` },
        users.resident.token,
      )
    ).json();
    expect(leadIds.every((id) => listed.items.some((item: { id: string }) => item.id === id))).toBe(true);
    const people = (
      await t.request(
        { method: 'GET', url: `/api/v1/people?q=${encodeURIComponent(mark)}&limit=200` },
        users.resident.token,
      )
    ).json();
    const personIds = hits.filter((hit) => hit.kind === 'person').map((hit) => hit.id);
    expect(personIds.every((id) => people.items.some((item: { id: string }) => item.id === id))).toBe(true);
    // Companies, chambers and parks are shared reference records every role lists.
    expect(hits.some((hit) => hit.kind === 'company')).toBe(true);
    expect(hits.some((hit) => hit.kind === 'park')).toBe(true);
  });
});
