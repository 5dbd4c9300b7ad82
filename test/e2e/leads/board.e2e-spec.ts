import { startTestApp, TestApp } from '../../utils/test-app';
import { createCompany, createLead } from '../../utils/records';
import { createSignedInUser, TestUser } from '../../utils/users';
import { STAGES } from '../../../src/shared/lead-stages';

// GET /leads/board: the kanban in one request, each column the first page GET /leads?stage=… answers.
describe('leads: the board (GET /leads/board)', () => {
  let t: TestApp;
  let county: TestUser; // 兴宁区, holds the leads
  let city: TestUser; // 南宁市, above it
  let otherCounty: TestUser; // 青秀区, beside it
  const created: string[] = [];

  interface Column {
    stage: string;
    items: Array<{ id: string; stage: string; masked: boolean; companyName: string }>;
    total: number;
    nextCursor: string | null;
  }

  const get = async (url: string, user: TestUser) => {
    const res = await t.request({ method: 'GET', url: `/api/v1${url}` }, user.token);
    return { status: res.statusCode, body: res.json() };
  };
  const board = async (query: string, user: TestUser): Promise<Column[]> => {
    const res = await get(`/leads/board?${query}`, user);
    if (res.status !== 200) throw new Error(`board: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.columns;
  };

  beforeAll(async () => {
    t = await startTestApp();
    county = await createSignedInUser(t, 'officer', '450102', 'boardcounty');
    city = await createSignedInUser(t, 'officer', '450100', 'boardcity');
    otherCounty = await createSignedInUser(t, 'officer', '450103', 'boardother');
    const company = await createCompany(t, { name: `看板企业${Date.now()}` });
    // Three leads stay in 线索; two move on to 已接洽; one is confidential.
    for (let i = 0; i < 5; i++) {
      const lead = await createLead(
        t,
        {
          companyId: company.id,
          title: `看板项目${i}`,
          expectedInvestment: i + 1,
          ...(i === 4 ? { confidential: true, codeName: `看板代号${i}` } : {}),
        },
        county.token,
      );
      created.push(lead.id);
      if (i >= 3) {
        const moved = await t.request(
          { method: 'POST', url: `/api/v1/leads/${lead.id}/transitions`, payload: { to: 'contacted', version: 1 } },
          county.token,
        );
        expect(moved.statusCode).toBe(201);
      }
    }
  });
  afterAll(() => t.close());

  it.each([
    ['the holding county', 'updatedAt'],
    ['the city above it', 'expectedInvestment'],
  ])('answers, per stage, what GET /leads?stage= answers (%s, sort %s)', async (who, sort) => {
    const user = who === 'the city above it' ? city : county;
    // Other suites share the database: keep to the county officer's own leads.
    const filters = `ownerUserId=${county.id}&sort=${sort}`;
    const columns = await board(`${filters}&perStage=2`, user);
    expect(columns.map((column) => column.stage)).toEqual([...STAGES]);
    for (const column of columns) {
      const list = await get(`/leads?${filters}&stage=${column.stage}&limit=2&withTotal=true`, user);
      expect(list.status).toBe(200);
      expect(column).toEqual({ stage: column.stage, ...list.body });
    }
    const byStage = Object.fromEntries(columns.map((column) => [column.stage, column]));
    expect(byStage.lead.total).toBe(3);
    expect(byStage.lead.items).toHaveLength(2);
    expect(byStage.contacted.total).toBe(2);
    expect(byStage.contacted.items.every((lead) => lead.stage === 'contacted')).toBe(true);
    expect(byStage.contacted.nextCursor).toBeNull();
    expect(byStage.signed).toMatchObject({ items: [], total: 0, nextCursor: null });
    // The chain sees the confidential lead's company.
    expect(byStage.contacted.items.some((lead) => lead.masked)).toBe(false);

    // A column's "more" is GET /leads with its cursor.
    const more = await get(`/leads?${filters}&stage=lead&limit=2&cursor=${byStage.lead.nextCursor}`, user);
    expect(more.status).toBe(200);
    expect(more.body.nextCursor).toBeNull();
    const leadColumn = [...byStage.lead.items, ...more.body.items].map((lead: { id: string }) => lead.id);
    expect(leadColumn.sort()).toEqual(created.slice(0, 3).sort());
  });

  it('starts each column with 20 leads unless told, and takes the list’s filters', async () => {
    const columns = await board(`ownerUserId=${county.id}&minInvestment=4`, county);
    const counts = Object.fromEntries(columns.map((column) => [column.stage, column.total]));
    expect(counts).toMatchObject({ lead: 0, contacted: 2 });
    const all = await board(`ownerUserId=${county.id}`, county);
    expect(all.find((column) => column.stage === 'lead')?.items).toHaveLength(3);
  });

  it('shows another county’s officer none of them', async () => {
    const own = await board(`ownerUserId=${county.id}`, otherCounty);
    expect(own.every((column) => column.items.length === 0 && column.total === 0)).toBe(true);
    const everything = await board('perStage=100', otherCounty);
    const seen = everything.flatMap((column) => column.items.map((lead) => lead.id));
    expect(seen.filter((id) => created.includes(id))).toEqual([]);
  });

  it.each(['perStage=0', 'perStage=101', 'perStage=many', 'perStage=2.5'])(
    'refuses %s, naming the field',
    async (query) => {
      const res = await get(`/leads/board?${query}`, county);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((detail: { field: string }) => detail.field)).toEqual(['perStage']);
    },
  );

  it('refuses the list’s paging and a stage (each column is one stage)', async () => {
    const res = await get('/leads/board?stage=lead&limit=5&sort=name', county);
    expect(res.status).toBe(400);
    expect(res.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual([
      'limit',
      'sort',
      'stage',
    ]);
  });
});
