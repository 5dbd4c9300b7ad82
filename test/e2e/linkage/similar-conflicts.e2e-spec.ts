import { startTestApp, TestApp } from '../../utils/test-app';
import { createCompany, createLead } from '../../utils/records';
import { createSignedInUser, TestUser } from '../../utils/users';

// A trade name no other test registers: three characters drawn from the run's clock (no digits, which tell
// numbered companies apart).
const TRADE_CHARACTERS = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥';
let tradeSequence = 0;
function freshTradeName(): string {
  let value = Date.now() * 10 + ++tradeSequence;
  let name = '';
  for (let index = 0; index < 4; index++) {
    name += TRADE_CHARACTERS[value % TRADE_CHARACTERS.length];
    value = Math.floor(value / TRADE_CHARACTERS.length);
  }
  return `鑫${name}`;
}

/** 撞单 by similarity (docs/domain.md "撞单 by similarity"): alike names, aliases, groups and same-unit duplicates. */
describe('撞单 by similarity', () => {
  let t: TestApp;
  let nanningOfficer: TestUser;
  let nanningManager: TestUser;
  let liuzhouOfficer: TestUser;
  let liuzhouManager: TestUser;
  let regionManager: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    nanningOfficer = await createSignedInUser(t, 'officer', '450100');
    nanningManager = await createSignedInUser(t, 'manager', '450100');
    liuzhouOfficer = await createSignedInUser(t, 'officer', '450200');
    liuzhouManager = await createSignedInUser(t, 'manager', '450200');
    regionManager = await createSignedInUser(t, 'manager', '450000');
  });
  afterAll(() => t.close());

  const get = (url: string, user?: TestUser) => t.request({ method: 'GET', url: `/api/v1${url}` }, user?.token);
  const post = (url: string, payload: Record<string, unknown>, user?: TestUser) =>
    t.request({ method: 'POST', url: `/api/v1${url}`, payload }, user?.token);
  const conflictsOf = async (leadId: string, user: TestUser) =>
    (await get(`/conflicts?leadId=${leadId}`, user)).json().items as Array<Record<string, any>>;

  it('shows a registration the companies its name is like, with the score and the reasons', async () => {
    const trade = freshTradeName();
    const stored = await createCompany(t, { name: `广西${trade}机械股份有限公司` });
    const extended = await createCompany(t, { name: `深圳市${trade}乙电子有限公司` }); // the trade name extended
    const found = await get(`/companies/similar?name=${encodeURIComponent(trade)}`, nanningOfficer);
    expect(found.statusCode).toBe(200);
    expect(found.json().items[0]).toMatchObject({
      id: stored.id,
      score: 0.9,
      reasons: [{ code: 'same_core', detail: trade }],
    });
    expect(found.json().items[1]).toMatchObject({ id: extended.id, score: 0.85, reasons: [{ code: 'core_prefix' }] });
    const branch = await get(
      `/companies/similar?name=${encodeURIComponent(`广西${trade}机械股份有限公司南宁分公司`)}`,
      nanningOfficer,
    );
    expect(branch.json().items[0].reasons.map((reason: { code: string }) => reason.code)).toEqual(
      expect.arrayContaining(['same_name', 'branch']),
    );
    const numbered = await get(`/companies/similar?name=${encodeURIComponent(`${trade}2号`)}`, nanningOfficer);
    expect(numbered.json().items).toEqual([]);

    const bad = await get('/companies/similar?name=x&limit=50', nanningOfficer);
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .details.map((detail: { field: string }) => detail.field)
        .sort(),
    ).toEqual(['limit', 'name']);
  });

  it('opens a 撞单 between two units whose companies are alike, naming both companies and why', async () => {
    const trade = freshTradeName();
    const shenzhen = await createCompany(t, { name: `深圳市${trade}科技有限公司` });
    const bracketed = await createCompany(t, { name: `${trade}（深圳）有限公司` });
    const first = await createLead(t, { companyId: shenzhen.id }, nanningOfficer.token);
    const second = await createLead(t, { companyId: bracketed.id }, liuzhouOfficer.token);
    const [conflict] = await conflictsOf(second.id, liuzhouManager);
    expect(conflict).toMatchObject({
      companyId: shenzhen.id,
      secondCompanyId: bracketed.id,
      similarity: 0.9,
      reasons: [{ code: 'same_core' }],
      first: expect.objectContaining({ leadId: first.id }),
      second: expect.objectContaining({ leadId: second.id }),
      arbiterRegionCode: '450000',
      status: 'open',
    });
    expect((await get(`/leads/${first.id}`, nanningOfficer)).json().inConflict).toBe(true);
    const notice = ((await get('/notifications?limit=200', nanningManager)).json().items as any[]).find(
      (item) => item.subjectId === conflict.id,
    );
    expect(notice.body).toContain('字号相同');

    // A ruling locks both companies and closes the later lead as with one company.
    const ruled = await post(
      `/conflicts/${conflict.id}/resolve`,
      { outcome: 'winner_takes', winnerLeadId: first.id, version: conflict.version },
      regionManager,
    );
    expect(ruled.statusCode).toBe(200);
    expect((await get(`/leads/${second.id}`, liuzhouOfficer)).json().stage).toBe('lost');
  });

  it('flags two open leads of one unit for one company, ruled by the unit above, never as co-handling', async () => {
    const company = await createCompany(t, { name: `${freshTradeName()}新材料有限公司` });
    const first = await createLead(t, { companyId: company.id }, nanningOfficer.token);
    const second = await createLead(t, { companyId: company.id, title: '二期扩产项目' }, nanningOfficer.token);
    const [conflict] = await conflictsOf(second.id, nanningManager);
    expect(conflict).toMatchObject({
      secondCompanyId: null,
      similarity: 1,
      reasons: [{ code: 'same_company' }],
      first: expect.objectContaining({ leadId: first.id }),
      arbiterRegionCode: '450000',
    });
    const shared = await post(
      `/conflicts/${conflict.id}/resolve`,
      { outcome: 'co_handle', winnerLeadId: first.id },
      regionManager,
    );
    expect(shared.statusCode).toBe(400);
    expect(shared.json().details[0]).toMatchObject({ field: 'outcome', constraint: 'isOtherUnit' });
    const distinct = await post(
      `/conflicts/${conflict.id}/resolve`,
      { outcome: 'distinct_projects', note: '一期与二期为不同项目' },
      regionManager,
    );
    expect(distinct.statusCode).toBe(200);
    expect((await get(`/leads/${second.id}`, nanningOfficer)).json()).toMatchObject({ stage: first.stage });
  });

  it('finds a group: a subsidiary of another name and a company known by an alias', async () => {
    const parent = await createCompany(t, { name: `${freshTradeName()}控股集团有限公司` });
    const child = await createCompany(t, {
      name: `${freshTradeName()}汽车零部件有限公司`,
      parentCompanyId: parent.id,
      parentRelation: 'subsidiary',
    });
    expect(child).toMatchObject({ parentCompanyId: parent.id, parentCompanyName: parent.name });
    const parentLead = await createLead(t, { companyId: parent.id }, nanningOfficer.token);
    const childLead = await createLead(t, { companyId: child.id }, liuzhouOfficer.token);
    const [conflict] = await conflictsOf(childLead.id, liuzhouManager);
    expect(conflict).toMatchObject({
      first: expect.objectContaining({ leadId: parentLead.id }),
      reasons: [{ code: 'group', detail: '母公司' }],
    });

    const alias = freshTradeName();
    const known = await createCompany(t, {
      name: `${freshTradeName()}电池有限公司`,
      aliases: [{ name: alias, kind: 'former' }],
    });
    expect((known as { aliases?: unknown }).aliases).toEqual([{ name: alias, kind: 'former' }]);
    const found = (await get(`/companies/similar?name=${encodeURIComponent(`广西${alias}有限公司`)}`)).json();
    expect(found.items[0]).toMatchObject({ id: known.id, score: 0.95, reasons: [{ code: 'alias', detail: alias }] });
    expect((await get(`/companies/${child.id}/similar`)).json().items[0]).toMatchObject({ id: parent.id });
  });

  it('refuses a parent that is the company itself, below it or unknown, and repeated aliases, naming the field', async () => {
    const top = await createCompany(t, { name: `${freshTradeName()}投资有限公司` });
    const below = await createCompany(t, {
      name: `${freshTradeName()}物流有限公司`,
      parentCompanyId: top.id,
      parentRelation: 'branch',
    });
    const patch = (id: string, payload: Record<string, unknown>) =>
      t.request({ method: 'PATCH', url: `/api/v1/companies/${id}`, payload });
    const version = (await get(`/companies/${top.id}`)).json().version;
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ parentCompanyId: top.id, parentRelation: 'subsidiary' }, 'parentCompanyId', 'notSelf'],
      [{ parentCompanyId: below.id, parentRelation: 'subsidiary' }, 'parentCompanyId', 'noCycle'],
      [{ parentCompanyId: '999999999', parentRelation: 'subsidiary' }, 'parentCompanyId', 'exists'],
      [{ parentCompanyId: below.id }, 'parentRelation', 'isDefined'],
      [{ parentRelation: 'branch' }, 'parentRelation', 'isEmpty'],
      [
        {
          aliases: [
            { name: '重复简称', kind: 'alias' },
            { name: '重复简称', kind: 'former' },
          ],
        },
        'aliases',
        'unique',
      ],
      [{ aliases: [{ name: '简称', kind: 'nickname' }] }, 'aliases.0.kind', 'isIn'],
    ];
    for (const [payload, field, constraint] of cases) {
      const res = await patch(top.id, { version, ...payload });
      expect({ payload, status: res.statusCode }).toEqual({ payload, status: 400 });
      expect(res.json().details[0]).toMatchObject({ field, constraint });
    }
    const unchanged = (await get(`/companies/${top.id}`)).json();
    expect(unchanged).toMatchObject({ version, parentCompanyId: null, aliases: [] });

    const belowVersion = (await get(`/companies/${below.id}`)).json().version;
    const left = await patch(below.id, { version: belowVersion, parentCompanyId: null });
    expect(left.statusCode).toBe(200);
    expect(left.json()).toMatchObject({ parentCompanyId: null, parentRelation: null, parentCompanyName: null });

    const renamed = await patch(top.id, { version, aliases: [{ name: '顶层简称', kind: 'alias' }] });
    expect(renamed.statusCode).toBe(200);
    const audit = (await get(`/audit?entity=company&entityId=${top.id}`)).json().items as any[];
    expect(audit.find((entry) => entry.changes.aliases)?.changes.aliases).toEqual([[], ['alias:顶层简称']]);
  });
});
