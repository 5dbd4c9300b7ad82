import { startTestApp, TestApp } from '../../utils/test-app';
import { createCompany, createLead, randomCreditCode } from '../../utils/records';
import { createSignedInUser, TestUser } from '../../utils/users';

describe('companies', () => {
  let t: TestApp;
  let officer: TestUser;
  let resident: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    officer = await createSignedInUser(t, 'officer', '450100');
    resident = await createSignedInUser(t, 'resident', '450100');
  });
  afterAll(() => t.close());

  const post = (payload: Record<string, unknown>, token = officer.token) =>
    t.request({ method: 'POST', url: '/api/v1/companies', payload }, token);

  it('validates the credit code’s charset and check character, naming the field', async () => {
    const base = { name: `校验测试${Date.now()}有限公司`, ownership: 'private' };
    for (const [creditCode, fragment] of [
      ['91350100M000100Y44', 'check character'],
      ['91350100M000100I43', 'capital letters'],
      ['9135010', '18 characters'],
    ]) {
      const res = await post({ ...base, creditCode });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0]).toMatchObject({ field: 'creditCode', constraint: 'isCreditCode' });
      expect(res.json().message).toContain(fragment);
    }
    const missing = await post(base);
    expect(missing.json().details[0]).toMatchObject({ field: 'creditCode', constraint: 'isDefined' });
    expect((await post({ ...base, name: `Foreign Holdings ${Date.now()} Ltd`, ownership: 'foreign' })).statusCode).toBe(
      201,
    );
  });

  it('answers a known credit code with 409 DUPLICATE and the existing id', async () => {
    const creditCode = randomCreditCode();
    const first = await createCompany(t, { creditCode });
    const again = await post({ name: '完全不同的名字有限公司', creditCode, ownership: 'private' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'DUPLICATE', details: [{ field: 'creditCode', existingId: first.id }] });
  });

  it('catches a name that normalises to an existing one, unless confirmed distinct', async () => {
    const stem = `广西柳工测试${Date.now()}`;
    const first = await createCompany(t, { name: `${stem}股份有限公司` });
    const lookalike = await post({
      name: `${stem}（中国）集团 有限公司`,
      creditCode: randomCreditCode(),
      ownership: 'private',
    });
    expect(lookalike.statusCode).toBe(409);
    expect(lookalike.json().details[0]).toMatchObject({ field: 'name', candidates: [{ id: first.id }] });
    const confirmed = await post({
      name: `${stem}（中国）集团 有限公司`,
      creditCode: randomCreditCode(),
      ownership: 'private',
      confirmDistinct: true,
    });
    expect(confirmed.statusCode).toBe(201);
  });

  it('searches Chinese name, pinyin, initials and credit code, best match first, paging', async () => {
    const unique = `Zq${Date.now().toString(36)}`;
    const exact = await createCompany(t, { name: `桂柳${unique}` });
    await createCompany(t, { name: `南宁桂柳${unique}电子` });
    const search = async (q: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/companies?q=${encodeURIComponent(q)}` })).json();
    expect((await search(`桂柳${unique}`)).items[0].id).toBe(exact.id);
    expect((await search(`桂柳${unique}`)).items).toHaveLength(2);
    const pinyinHit = await search(`guiliu${unique.toLowerCase()}`);
    expect(pinyinHit.items.map((c: { id: string }) => c.id)).toContain(exact.id);
    const initialsHit = await search(`gl${unique.toLowerCase()}`);
    expect(initialsHit.items.map((c: { id: string }) => c.id)).toContain(exact.id);
    const company = (await t.request({ method: 'GET', url: `/api/v1/companies/${exact.id}` })).json();
    expect((await search(company.creditCode)).items[0].id).toBe(exact.id);

    const first = (
      await t.request({ method: 'GET', url: `/api/v1/companies?q=${encodeURIComponent(unique)}&limit=1` })
    ).json();
    const second = (
      await t.request({
        method: 'GET',
        url: `/api/v1/companies?q=${encodeURIComponent(unique)}&limit=1&cursor=${first.nextCursor}`,
      })
    ).json();
    expect(first.items[0].id).not.toBe(second.items[0].id);
    expect(second.nextCursor).toBeNull();
  });

  it('pages a search from the indexed matches into the names that only contain the query, each once', async () => {
    const unique = `Qy${Date.now().toString(36)}`;
    const prefixed = await createCompany(t, { name: `${unique}精密科技` });
    const containsA = await createCompany(t, { name: `柳州${unique}机械` });
    const containsB = await createCompany(t, { name: `梧州${unique}材料` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/companies?q=${encodeURIComponent(unique)}&limit=1&withTotal=true${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.request({ method: 'GET', url: query })).json();
      expect(page.total).toBe(3);
      seen.push(...page.items.map((company: { id: string }) => company.id));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 10);
    // The name prefix ranks first; the two that only contain it follow in id order.
    expect(seen).toEqual([prefixed.id, containsA.id, containsB.id]);
  });

  it('masks contacts in lists and shows them on the detail view', async () => {
    const unique = `联系人测试${Date.now()}`;
    const company = await createCompany(t, {
      name: unique,
      contacts: [{ name: '陈经理', phone: '13812345678', email: 'chen@example.com' }],
    });
    const list = (await t.request({ method: 'GET', url: `/api/v1/companies?q=${encodeURIComponent(unique)}` })).json();
    expect(list.items[0].contacts[0]).toEqual({ name: '陈经理', phone: '138****5678', email: 'c***@example.com' });
    expect(list.items[0].contactsMasked).toBe(true);
    const detail = (await t.request({ method: 'GET', url: `/api/v1/companies/${company.id}` })).json();
    expect(detail.contacts[0]).toMatchObject({ phone: '13812345678', email: 'chen@example.com' });
    expect(detail.contactsMasked).toBe(false);
  });

  it('shows contacts in full only to the holding chain and collaborators, audits each full read (PIPL)', async () => {
    const [countyOfficer, cityOfficer, otherCity, collaboratingCounty] = await Promise.all([
      createSignedInUser(t, 'officer', '450102'),
      createSignedInUser(t, 'officer', '450100'),
      createSignedInUser(t, 'officer', '450200'),
      createSignedInUser(t, 'officer', '450103'),
    ]);
    const company = await createCompany(t, {
      contacts: [{ name: '林总', title: '董事长', phone: '13912345678', email: 'lin@example.com' }],
    });
    const read = async (user: TestUser) =>
      (await t.request({ method: 'GET', url: `/api/v1/companies/${company.id}` }, user.token)).json();
    const fullReads = async () =>
      (await t.request({ method: 'GET', url: `/api/v1/audit?entity=company&entityId=${company.id}&limit=50` }))
        .json()
        .items.filter((entry: { action: string }) => entry.action === 'read');

    // Nobody works the company's projects yet: every officer sees the contact masked, and nothing is audited.
    expect(await read(countyOfficer)).toMatchObject({
      contactsMasked: true,
      contacts: [{ name: '林总', title: '董事长', phone: '139****5678', email: 'l***@example.com' }],
    });
    expect(await fullReads()).toEqual([]);

    // A county holds a lead of it: the county and the city above it read it whole; another city does not.
    const lead = await createLead(t, { companyId: company.id, regionCode: '450102' }, countyOfficer.token);
    expect(await read(countyOfficer)).toMatchObject({ contactsMasked: false, contacts: [{ phone: '13912345678' }] });
    expect((await read(cityOfficer)).contacts[0].email).toBe('lin@example.com');
    expect((await read(otherCity)).contacts[0].phone).toBe('139****5678');
    expect((await read(collaboratingCounty)).contactsMasked).toBe(true);

    // A collaborating county reads it whole once it is added.
    const added = await t.request(
      { method: 'POST', url: `/api/v1/leads/${lead.id}/collaborators`, payload: { regionCode: '450103' } },
      countyOfficer.token,
    );
    expect(added.statusCode).toBe(201);
    expect((await read(collaboratingCounty)).contactsMasked).toBe(false);

    // Each full read left an entry naming the reader; the masked reads left none.
    const entries = await fullReads();
    expect(entries.map((entry: { userId: string }) => entry.userId).sort()).toEqual(
      [countyOfficer.id, cityOfficer.id, collaboratingCounty.id].sort(),
    );
    expect(entries[0]).toMatchObject({ entity: 'company', changes: { contacts: [null, ['林总']] } });

    // Who sees them masked may not replace them, and the refusal writes nothing; other fields stay editable.
    const current = await read(otherCity);
    const refused = await t.request(
      {
        method: 'PATCH',
        url: `/api/v1/companies/${company.id}`,
        payload: { version: current.version, contacts: [{ name: '林总', phone: '13900000000' }] },
      },
      otherCity.token,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details[0]).toMatchObject({ field: 'contacts', constraint: 'notPermitted' });
    expect((await read(countyOfficer)).contacts[0].phone).toBe('13912345678');
    const edited = await t.request(
      {
        method: 'PATCH',
        url: `/api/v1/companies/${company.id}`,
        payload: { version: current.version, employees: 300 },
      },
      otherCity.token,
    );
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ employees: 300, contactsMasked: true });
  });

  it('lets residents read but not register, and edits with optimistic locking', async () => {
    expect(
      (await post({ name: '驻点测试有限公司', creditCode: randomCreditCode(), ownership: 'private' }, resident.token))
        .statusCode,
    ).toBe(403);
    const company = await createCompany(t);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/companies/${company.id}` }, resident.token)).statusCode,
    ).toBe(200);
    const ok = await t.request(
      {
        method: 'PATCH',
        url: `/api/v1/companies/${company.id}`,
        payload: { version: 1, employees: 500, flags: ['leading'] },
      },
      officer.token,
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ employees: 500, flags: ['leading'], version: 2 });
    const stale = await t.request(
      { method: 'PATCH', url: `/api/v1/companies/${company.id}`, payload: { version: 1, employees: 600 } },
      officer.token,
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const nulled = await t.request(
      { method: 'PATCH', url: `/api/v1/companies/${company.id}`, payload: { version: 2, name: null } },
      officer.token,
    );
    expect(nulled.statusCode).toBe(400);
    expect(nulled.json().details[0].field).toBe('name');
  });

  it('rejects unknown references, naming the field', async () => {
    const res = await post({
      name: `引用测试${Date.now()}`,
      creditCode: randomCreditCode(),
      ownership: 'private',
      clusterCode: 'electronics',
      segmentCode: 'chem.coatings',
    });
    expect(res.json().details[0]).toMatchObject({ field: 'segmentCode' });
    const origin = await post({
      name: `引用测试2${Date.now()}`,
      creditCode: randomCreditCode(),
      ownership: 'private',
      originRegionCode: '999999',
    });
    expect(origin.json().details[0]).toMatchObject({ field: 'originRegionCode' });
  });
});
