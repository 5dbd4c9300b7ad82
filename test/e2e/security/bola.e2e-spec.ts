import type { InjectOptions } from 'fastify';
import { DataSource } from 'typeorm';
import type { Role } from '../../../src/core/auth/roles';
import { TasksRepository } from '../../../src/modules/tasks/tasks.repository';
import { multipartFile } from '../../utils/multipart';
import { fetchOpenApi, fillPath, keyedOperations, resourceOf, sampleBody, sampleQuery } from '../../utils/openapi';
import { confirmClaim, createCompany, createLead, randomCreditCode } from '../../utils/records';
import { discoverRoutes } from '../../utils/routes';
import { waitUntil } from '../../utils/spawned-app';
import { startTestApp, TestApp } from '../../utils/test-app';
import { createSignedInUser, TestUser } from '../../utils/users';

/**
 * OWASP API1 (Broken Object Level Authorization): every route with a record key in its path, tried on a record
 * held by 兴宁区 (450102) by callers of that county, its city 南宁 (450100), the region (450000), a sibling county
 * 青秀区 (450103) and a sibling city 柳州 (450200). A caller sees the records at or below their unit; a record
 * outside answers 404 NOT_FOUND as a missing one does (docs/api.md "Errors"), and a refused write changes nothing.
 *
 * Not every record is scoped. Regions and clusters are reference data without an owner: public to every signed-in
 * user. Companies and chambers are shared reference data too (any officer reads and edits them; a chamber's page
 * lists only the leads the caller reaches). Parks belong to a unit but are public to read, so editing another
 * unit's park is 403 FORBIDDEN (its existence is no secret). Units named in a body or query (targets) are public
 * codes: a unit outside the caller's jurisdiction is 400 VALIDATION_FAILED naming the field. A few actions belong
 * to one unit of those that see the record (the holder dispatches, the receiver accepts, the addressee answers,
 * the common superior rules): the others see it and get 403.
 */

const UNITS = {
  xingning: '450102',
  nanning: '450100',
  region: '450000',
  qingxiu: '450103',
  liuzhou: '450200',
} as const;
type Unit = keyof typeof UNITS;
/** Denied callers first, so a shared record is checked untouched before the allowed callers change it. */
const CALL_ORDER: Unit[] = ['qingxiu', 'liuzhou', 'xingning', 'nanning', 'region'];
/** A county of Nanning outside the matrix: a second party and a collaborator that changes no caller's reach. */
const JIANGNAN = '450105';
const MISSING_ID = '999999999999';
const ERROR_FIELDS = ['statusCode', 'code', 'message', 'details', 'requestId'];
const CODE_OF_STATUS: Record<number, string> = { 400: 'VALIDATION_FAILED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

/** At or below the caller's unit: the holder, its city and the region. */
const scoped = (allowed: number, denied = 404): Record<Unit, number> => ({
  xingning: allowed,
  nanning: allowed,
  region: allowed,
  qingxiu: denied,
  liuzhou: denied,
});
/** Whether a caller at `unit` reaches 兴宁区's records: its own unit, its city, the region. */
const reaches = (unit: Unit): boolean => scoped(200)[unit] === 200;
/** Readable by every signed-in user. */
const everyone = (status: number): Record<Unit, number> => ({
  xingning: status,
  nanning: status,
  region: status,
  qingxiu: status,
  liuzhou: status,
});

type Fixture = { id: string } & Record<string, string>;

interface Probe {
  /** The route as /api/docs-json names it. */
  route: string;
  /** Who calls at each unit (a role, or a function for records owned by one person). */
  caller: Role | ((unit: Unit) => TestUser);
  expected: Record<Unit, number>;
  /** Makes the record, held by 兴宁区. */
  fixture: () => Promise<Fixture>;
  /** One-shot actions: each allowed caller gets a record of its own. */
  freshForAllowed?: boolean;
  /** Runs before each call (e.g. puts back what an allowed DELETE took away). */
  before?: (fixture: Fixture) => Promise<void>;
  request: (fixture: Fixture, unit: Unit) => Promise<InjectOptions> | InjectOptions;
  /** The record as the administrator reads it: must not change on a refused write, must change on an allowed one. */
  state?: (fixture: Fixture) => Promise<unknown>;
  /** Extra checks of an answer (e.g. a public page lists only the caller's records). */
  check?: (unit: Unit, body: any, fixture: Fixture) => void;
}

describe('OWASP API1: object level authorization across every route with a record key', () => {
  let t: TestApp;
  const officers = {} as Record<Unit, TestUser>;
  const managers = {} as Record<Unit, TestUser>;
  let jiangnanOfficer: TestUser;
  let team: { id: string };
  const stamp = Date.now().toString(36);

  const api = (method: InjectOptions['method'], url: string, payload?: unknown): InjectOptions => ({
    method,
    url: `/api/v1${url}`,
    payload: payload as InjectOptions['payload'],
  });
  /** Reads as the administrator (sees everything). */
  const adminGet = async (url: string) => (await t.request(api('GET', url))).json();
  const versionOf = async (url: string): Promise<number> => (await adminGet(url)).version ?? 1;
  const ok = async (options: InjectOptions, token?: string) => {
    const res = await t.request(options, token);
    if (res.statusCode >= 300) throw new Error(`${options.method} ${options.url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  // Records held by 兴宁区 ------------------------------------------------------------------------------------
  /** 兴宁区's WeCom robot as the administrator reads it (null when it has none). */
  const robotOf = async (code: string) => (await adminGet(`/regions/${code}/robots`)).items?.[0] ?? null;
  /** 兴宁区's WeCom robot, registered by the administrator if it has none; the fixture's id is the unit's code. */
  const xingningRobot = async (code: string = UNITS.xingning): Promise<Fixture> => {
    if (!(await robotOf(code)))
      await ok(
        api('PUT', `/regions/${code}/robots/wecom`, {
          webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bola-fixture',
          // Off: a test message fails at once instead of retrying against a host this machine cannot reach,
          // which would keep writing to notification_deliveries while other suites compare snapshots.
          enabled: false,
        }),
      );
    return { id: code };
  };
  const lead = async (): Promise<Fixture> => {
    const created = await createLead(
      t,
      { regionCode: UNITS.xingning, title: `兴宁测试项目${stamp}` },
      officers.xingning.token,
    );
    // A month for the 完成投资 routes: well-formed, so a denied caller meets the 404 rather than the validation.
    return { id: created.id, period: '2026-01' };
  };
  const signedLead = async (): Promise<Fixture> => {
    const fixture = await lead();
    await ok(
      api('POST', `/leads/${fixture.id}/transitions`, {
        version: 1,
        to: 'signed',
        signedAt: new Date().toISOString(),
        signedAmount: 5,
        parkName: '兴宁产业园',
      }),
    );
    return fixture;
  };
  /** A signing claimed by 兴宁区 and waiting for 南宁市 (甄别确认); the fixture's id is the claim's. */
  const claim = async (): Promise<Fixture> => {
    const { id: leadId } = await signedLead();
    return { id: (await adminGet(`/leads/${leadId}`)).pendingClaimId, leadId };
  };
  /** Under construction since January 2026, so each allowed caller records a month of its own. */
  const buildingLead = async (): Promise<Fixture> => {
    const fixture = await signedLead();
    await confirmClaim(t, fixture);
    await ok(
      api('POST', `/leads/${fixture.id}/transitions`, {
        version: await versionOf(`/leads/${fixture.id}`),
        to: 'construction',
        constructionStartedAt: '2026-01-15T10:00:00+08:00',
      }),
    );
    return fixture;
  };
  const monthOfUnit: Record<Unit, string> = {
    xingning: '2026-03',
    nanning: '2026-04',
    region: '2026-05',
    qingxiu: '2026-06',
    liuzhou: '2026-07',
  };
  const investmentState = async (fixture: Fixture) => ({
    lead: await leadState(fixture),
    months: (await adminGet(`/leads/${fixture.id}/investments`)).items,
  });
  const dispatchUp = async (): Promise<Fixture> => {
    const { id: leadId } = await lead();
    const dispatch = await ok(
      api('POST', `/leads/${leadId}/dispatches`, { toRegionCode: UNITS.nanning, reason: '项目用地超出本区能力' }),
      officers.xingning.token,
    );
    return { id: dispatch.id, leadId };
  };
  const escalation = async (): Promise<Fixture> => {
    const { id: leadId } = await lead();
    const created = await ok(
      api('POST', `/leads/${leadId}/escalations`, { need: 'land_quota', detail: '需新增用地指标 200 亩' }),
      officers.xingning.token,
    );
    return { id: created.id, leadId };
  };
  /** 兴宁区 and 江南区 chase one company: their city 南宁 arbitrates. */
  const conflict = async (): Promise<Fixture> => {
    const company = await createCompany(t);
    const first = await createLead(t, { companyId: company.id, regionCode: UNITS.xingning }, officers.xingning.token);
    const second = await createLead(t, { companyId: company.id, regionCode: JIANGNAN }, jiangnanOfficer.token);
    const open = (await adminGet('/conflicts?status=open&limit=200')).items as Array<{
      id: string;
      second: { leadId: string };
    }>;
    return { id: open.find((c) => c.second.leadId === second.id)!.id, firstLeadId: first.id, secondLeadId: second.id };
  };
  /** A 督办单 as the stall watch opens it for a red lead. */
  const slip = async (): Promise<Fixture> => {
    const { id: leadId } = await lead();
    const dataSource = t.app.get(DataSource);
    const id = await dataSource.transaction((manager) =>
      t.app.get(TasksRepository).insertSlip(manager, {
        leadId,
        regionCode: UNITS.xingning,
        cityCode: UNITS.nanning,
        episodeAt: new Date(),
        stage: 'lead',
      }),
    );
    return { id: id!, leadId };
  };
  const slipState = async (fixture: Fixture) =>
    ((await adminGet('/supervision-slips?limit=200')).items as Array<{ id: string }>).find(
      (item) => item.id === fixture.id,
    );
  const visit = async (): Promise<Fixture> => {
    const company = await createCompany(t);
    const created = await ok(
      api('POST', '/visits', {
        teamId: team.id,
        visitedAt: '2026-11-20T10:00:00+08:00',
        kind: 'company',
        companyId: company.id,
        summary: '初次走访',
      }),
      officers.xingning.token,
    );
    return { id: created.id };
  };
  const task = async (): Promise<Fixture> => {
    const created = await ok(
      api('POST', '/tasks', { title: '回访企业', dueAt: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString() }),
      officers.xingning.token,
    );
    return { id: created.id };
  };
  const user = async (): Promise<Fixture> => {
    const created = await ok(
      api('POST', '/users', {
        username: `target.${stamp}.${Math.random().toString(36).slice(2, 8)}`,
        displayName: '兴宁专员',
        password: 'target-password-1',
        role: 'officer',
        regionCode: UNITS.xingning,
      }),
    );
    return { id: created.id };
  };
  const park = async (): Promise<Fixture> => {
    const created = await ok(
      api('POST', '/parks', {
        name: `兴宁测试园${stamp}${Math.random().toString(36).slice(2, 6)}`,
        regionCode: UNITS.xingning,
        clusterCodes: ['electronics'],
      }),
    );
    const { id: leadId } = await lead();
    return { id: created.id, leadId };
  };
  const parkWithCompany = async (): Promise<Fixture> => {
    const fixture = await park();
    return { ...fixture, companyId: (await createCompany(t)).id };
  };
  const chamber = async (): Promise<Fixture> => {
    const created = await ok(
      api('POST', '/chambers', {
        name: `广东广西商会${stamp}${Math.random().toString(36).slice(2, 6)}`,
        kind: 'chamber',
        regionCode: '440300',
      }),
    );
    const introduced = await createLead(
      t,
      { regionCode: UNITS.xingning, source: { kind: 'chamber', chamberId: created.id } },
      officers.xingning.token,
    );
    return { id: created.id, leadId: introduced.id };
  };
  /** An import of 兴宁区's officer: theirs, and their jurisdiction's managers'. */
  const importRecord = async (): Promise<Fixture> => {
    const headers = [
      '企业名称*',
      '统一社会信用代码',
      '企业性质*',
      '企业来源地代码',
      '项目名称*',
      '产业集群*',
      '预计投资额(亿元)',
      '线索来源*',
      '引荐商会',
      '项目类别',
      '下次跟进时间',
    ];
    const csv = `\uFEFF${headers.join(',')}\n越权测试${stamp}有限公司,${randomCreditCode()},民企,,越权测试项目${stamp},light,1,其他,,,\n`;
    const { payload, headers: multipart } = multipartFile('leads.csv', Buffer.from(csv));
    const res = await t.request(
      { method: 'POST', url: '/api/v1/leads/import', payload, headers: multipart },
      officers.xingning.token,
    );
    if (res.statusCode !== 202) throw new Error(`import: ${res.statusCode} ${res.body}`);
    const importId: string = res.json().importId;
    // Finished before the matrix runs, so the lead it creates cannot land in the middle of another test's counts.
    await waitUntil(`import ${importId}`, async () =>
      ['done', 'failed'].includes((await adminGet(`/imports/${importId}`)).status),
    );
    return { id: importId };
  };
  /** A notification of 兴宁区's officer (their unit was asked to co-handle a Nanning lead). */
  const notification = async (): Promise<Fixture> => {
    const nanningLead = await createLead(t, { regionCode: UNITS.nanning }, officers.nanning.token);
    await ok(
      api('POST', `/leads/${nanningLead.id}/collaborators`, { regionCode: UNITS.xingning, note: '请兴宁区协助' }),
      officers.nanning.token,
    );
    const items = (await ok(api('GET', '/notifications?limit=200'), officers.xingning.token)).items as Array<{
      id: string;
      subjectId: string;
    }>;
    return { id: items.find((n) => n.subjectId === nanningLead.id)!.id };
  };

  // What a refused write must leave alone, read as the administrator ---------------------------------------------
  const leadState = async ({ id }: Fixture) => {
    const { fitScore, fitSummary, health, ...lead } = await adminGet(`/leads/${id}`);
    return {
      lead,
      timeline: (await adminGet(`/leads/${id}/timeline?limit=200`)).items,
      collaborators: (await adminGet(`/leads/${id}/collaborators`)).items,
      dispatches: (await adminGet(`/leads/${id}/dispatches?limit=200`)).items,
      escalations: (await adminGet(`/leads/${id}/escalations?limit=200`)).items,
    };
  };
  const withLead = (path: (fixture: Fixture) => string) => async (fixture: Fixture) => ({
    record: await adminGet(path(fixture)),
    lead: await leadState({ id: fixture.leadId }),
  });
  const conflictState = async (fixture: Fixture) => ({
    conflict: await adminGet(`/conflicts/${fixture.id}`),
    first: await leadState({ id: fixture.firstLeadId }),
    second: await leadState({ id: fixture.secondLeadId }),
  });
  const targetsState = async () => (await adminGet('/targets/2031?limit=200')).items;

  const probes: Probe[] = [
    // Leads and what hangs off them.
    {
      route: 'GET /api/v1/leads/{id}',
      caller: 'officer',
      expected: scoped(200),
      fixture: lead,
      request: (f) => api('GET', `/leads/${f.id}`),
    },
    {
      route: 'PATCH /api/v1/leads/{id}',
      caller: 'officer',
      expected: scoped(200),
      fixture: lead,
      request: async (f, unit) =>
        api('PATCH', `/leads/${f.id}`, { version: await versionOf(`/leads/${f.id}`), title: `由${unit}改名` }),
      state: leadState,
    },
    {
      route: 'POST /api/v1/leads/{id}/transitions',
      caller: 'officer',
      expected: scoped(201),
      fixture: lead,
      freshForAllowed: true,
      request: (f) => api('POST', `/leads/${f.id}/transitions`, { version: 1, to: 'contacted' }),
      state: leadState,
    },
    {
      route: 'POST /api/v1/leads/{id}/notes',
      caller: 'officer',
      expected: scoped(201),
      fixture: lead,
      request: (f, unit) => api('POST', `/leads/${f.id}/notes`, { body: `${unit} 的跟进记录` }),
      state: leadState,
    },
    {
      route: 'POST /api/v1/leads/{id}/funds',
      caller: 'officer',
      expected: scoped(201),
      fixture: signedLead,
      request: (f) => api('POST', `/leads/${f.id}/funds`, { amount: 0.5, receivedAt: new Date().toISOString() }),
      state: leadState,
    },
    {
      route: 'GET /api/v1/leads/{id}/investments',
      caller: 'manager',
      expected: scoped(200),
      fixture: lead,
      request: (f) => api('GET', `/leads/${f.id}/investments`),
    },
    {
      route: 'PUT /api/v1/leads/{id}/investments/{period}',
      caller: 'officer',
      expected: scoped(200),
      fixture: buildingLead,
      request: (f, unit) =>
        api('PUT', `/leads/${f.id}/investments/${monthOfUnit[unit]}`, { amount: 0.2, source: 'company' }),
      state: investmentState,
    },
    {
      route: 'DELETE /api/v1/leads/{id}/investments/{period}',
      caller: 'officer',
      expected: scoped(204),
      fixture: buildingLead,
      // Each call finds the month recorded (the administrator puts it back; a second put of it is a 409, ignored).
      before: async (f) =>
        void (await t.request(api('PUT', `/leads/${f.id}/investments/2026-02`, { amount: 0.3, source: 'statistics' }))),
      request: (f) => api('DELETE', `/leads/${f.id}/investments/2026-02`),
      state: investmentState,
    },
    // 甄别确认: claims are read within the jurisdiction, ruled on by the unit above the holder only.
    {
      route: 'GET /api/v1/claims/{id}',
      caller: 'manager',
      expected: scoped(200),
      fixture: claim,
      request: (f) => api('GET', `/claims/${f.id}`),
    },
    {
      route: 'POST /api/v1/claims/{id}/confirm',
      caller: 'manager',
      expected: { xingning: 403, nanning: 200, region: 403, qingxiu: 404, liuzhou: 404 },
      fixture: claim,
      freshForAllowed: true,
      request: async (f) => api('POST', `/claims/${f.id}/confirm`, { version: await versionOf(`/claims/${f.id}`) }),
      state: withLead((f) => `/claims/${f.id}`),
    },
    {
      route: 'POST /api/v1/claims/{id}/return',
      caller: 'manager',
      expected: { xingning: 403, nanning: 200, region: 403, qingxiu: 404, liuzhou: 404 },
      fixture: claim,
      freshForAllowed: true,
      request: async (f) =>
        api('POST', `/claims/${f.id}/return`, { version: await versionOf(`/claims/${f.id}`), reason: '协议未盖章' }),
      state: withLead((f) => `/claims/${f.id}`),
    },
    {
      route: 'GET /api/v1/leads/{id}/claims',
      caller: 'officer',
      expected: scoped(200),
      fixture: async () => ({ id: (await claim()).leadId }),
      request: (f) => api('GET', `/leads/${f.id}/claims`),
    },
    {
      route: 'PUT /api/v1/confirmation-rules/{stage}',
      caller: 'manager',
      expected: everyone(403),
      fixture: async () => ({ id: 'signed' }),
      request: () => api('PUT', '/confirmation-rules/signed', { requirements: [], version: 0 }),
      state: async () => (await adminGet('/confirmation-rules')).items,
    },
    {
      route: 'GET /api/v1/leads/{id}/timeline',
      caller: 'officer',
      expected: scoped(200),
      fixture: lead,
      request: (f) => api('GET', `/leads/${f.id}/timeline`),
    },
    {
      route: 'GET /api/v1/leads/{id}/park-matches',
      caller: 'officer',
      expected: scoped(200),
      fixture: lead,
      request: (f) => api('GET', `/leads/${f.id}/park-matches`),
    },
    {
      // Only the holding unit sends its lead on; the units above it see the lead but do not dispatch it.
      route: 'POST /api/v1/leads/{id}/dispatches',
      caller: 'officer',
      expected: { xingning: 201, nanning: 403, region: 403, qingxiu: 404, liuzhou: 404 },
      fixture: lead,
      request: (f) => api('POST', `/leads/${f.id}/dispatches`, { toRegionCode: UNITS.nanning, reason: '需市级统筹' }),
      state: leadState,
    },
    {
      route: 'GET /api/v1/leads/{id}/dispatches',
      caller: 'officer',
      expected: scoped(200),
      fixture: lead,
      request: (f) => api('GET', `/leads/${f.id}/dispatches`),
    },
    {
      route: 'GET /api/v1/leads/{id}/collaborators',
      caller: 'officer',
      expected: scoped(200),
      fixture: lead,
      request: (f) => api('GET', `/leads/${f.id}/collaborators`),
    },
    {
      route: 'POST /api/v1/leads/{id}/collaborators',
      caller: 'officer',
      expected: scoped(201),
      fixture: lead,
      request: (f, unit) =>
        api('POST', `/leads/${f.id}/collaborators`, { regionCode: JIANGNAN, note: `${unit} 邀请江南区协同` }),
      state: leadState,
    },
    {
      route: 'DELETE /api/v1/leads/{id}/collaborators/{regionCode}',
      caller: 'officer',
      expected: scoped(204),
      fixture: lead,
      before: async (f) => void (await ok(api('POST', `/leads/${f.id}/collaborators`, { regionCode: JIANGNAN }))),
      request: (f) => api('DELETE', `/leads/${f.id}/collaborators/${JIANGNAN}`),
      state: leadState,
    },
    {
      route: 'POST /api/v1/leads/{id}/escalations',
      caller: 'officer',
      expected: scoped(201),
      fixture: lead,
      request: (f) => api('POST', `/leads/${f.id}/escalations`, { need: 'policy', detail: '需一事一议政策支持' }),
      state: leadState,
    },
    {
      route: 'GET /api/v1/leads/{id}/escalations',
      caller: 'officer',
      expected: scoped(200),
      fixture: lead,
      request: (f) => api('GET', `/leads/${f.id}/escalations`),
    },

    // Linkage records between 兴宁区 and 南宁 (a dispatch and an escalation sent up), and a 撞单 南宁 arbitrates.
    {
      route: 'GET /api/v1/dispatches/{id}',
      caller: 'officer',
      expected: scoped(200),
      fixture: dispatchUp,
      request: (f) => api('GET', `/dispatches/${f.id}`),
    },
    {
      route: 'POST /api/v1/dispatches/{id}/accept',
      caller: 'officer',
      expected: { xingning: 403, nanning: 200, region: 403, qingxiu: 404, liuzhou: 404 },
      fixture: dispatchUp,
      request: (f) => api('POST', `/dispatches/${f.id}/accept`, {}),
      state: withLead((f) => `/dispatches/${f.id}`),
    },
    {
      route: 'POST /api/v1/dispatches/{id}/return',
      caller: 'officer',
      expected: { xingning: 403, nanning: 200, region: 403, qingxiu: 404, liuzhou: 404 },
      fixture: dispatchUp,
      request: (f) => api('POST', `/dispatches/${f.id}/return`, { reason: '本级暂无承接条件' }),
      state: withLead((f) => `/dispatches/${f.id}`),
    },
    {
      route: 'POST /api/v1/dispatches/{id}/withdraw',
      caller: 'officer',
      expected: { xingning: 200, nanning: 403, region: 403, qingxiu: 404, liuzhou: 404 },
      fixture: dispatchUp,
      request: (f) => api('POST', `/dispatches/${f.id}/withdraw`, { reason: '企业改变计划' }),
      state: withLead((f) => `/dispatches/${f.id}`),
    },
    {
      route: 'GET /api/v1/escalations/{id}',
      caller: 'officer',
      expected: scoped(200),
      fixture: escalation,
      request: (f) => api('GET', `/escalations/${f.id}`),
    },
    {
      route: 'POST /api/v1/escalations/{id}/answer',
      caller: 'manager',
      expected: { xingning: 403, nanning: 200, region: 403, qingxiu: 404, liuzhou: 404 },
      fixture: escalation,
      request: (f) => api('POST', `/escalations/${f.id}/answer`, { decision: 'granted', note: '市里统筹解决' }),
      state: withLead((f) => `/escalations/${f.id}`),
    },
    {
      route: 'GET /api/v1/conflicts/{id}',
      caller: 'officer',
      expected: scoped(200),
      fixture: conflict,
      request: (f) => api('GET', `/conflicts/${f.id}`),
    },
    {
      route: 'POST /api/v1/conflicts/{id}/resolve',
      caller: 'manager',
      expected: { xingning: 403, nanning: 200, region: 200, qingxiu: 404, liuzhou: 404 },
      fixture: conflict,
      freshForAllowed: true,
      request: (f) =>
        api('POST', `/conflicts/${f.id}/resolve`, { winnerLeadId: f.firstLeadId, outcome: 'winner_takes' }),
      state: conflictState,
    },

    // Teams, visits, tasks, supervision slips, imports, users, notifications.
    {
      route: 'GET /api/v1/teams/{id}',
      caller: 'officer',
      expected: scoped(200),
      fixture: async () => team,
      request: (f) => api('GET', `/teams/${f.id}`),
    },
    {
      route: 'PATCH /api/v1/teams/{id}',
      caller: 'manager',
      expected: scoped(200),
      fixture: async () => team,
      request: async (f, unit) =>
        api('PATCH', `/teams/${f.id}`, {
          version: await versionOf(`/teams/${f.id}`),
          name: `兴宁区电子信息对接小组（${unit}）`,
        }),
      state: (f) => adminGet(`/teams/${f.id}`),
    },
    {
      route: 'GET /api/v1/teams/{id}/summary',
      caller: 'officer',
      expected: scoped(200),
      fixture: async () => team,
      request: (f) =>
        api('GET', `/teams/${f.id}/summary?from=2026-01-01T00:00:00%2B08:00&to=2027-01-01T00:00:00%2B08:00`),
    },
    {
      route: 'GET /api/v1/visits/{id}',
      caller: 'officer',
      expected: scoped(200),
      fixture: visit,
      request: (f) => api('GET', `/visits/${f.id}`),
    },
    {
      route: 'PATCH /api/v1/visits/{id}',
      caller: 'officer',
      expected: scoped(200),
      fixture: visit,
      request: async (f, unit) =>
        api('PATCH', `/visits/${f.id}`, { version: await versionOf(`/visits/${f.id}`), summary: `${unit} 补充的纪要` }),
      state: (f) => adminGet(`/visits/${f.id}`),
    },
    {
      route: 'GET /api/v1/tasks/{id}',
      caller: 'officer',
      expected: scoped(200),
      fixture: task,
      request: (f) => api('GET', `/tasks/${f.id}`),
    },
    {
      // Managers: an officer of the jurisdiction reads others' tasks but changes only their own (403, see below).
      route: 'PATCH /api/v1/tasks/{id}',
      caller: 'manager',
      expected: scoped(200),
      fixture: task,
      request: async (f, unit) =>
        api('PATCH', `/tasks/${f.id}`, { version: await versionOf(`/tasks/${f.id}`), title: `回访企业（${unit}）` }),
      state: (f) => adminGet(`/tasks/${f.id}`),
    },
    {
      route: 'POST /api/v1/supervision-slips/{id}/answer',
      caller: 'manager',
      expected: scoped(200),
      fixture: slip,
      freshForAllowed: true,
      request: (f, unit) => api('POST', `/supervision-slips/${f.id}/answer`, { answer: `${unit} 已约企业复谈` }),
      state: slipState,
    },
    {
      route: 'GET /api/v1/imports/{id}',
      caller: 'manager',
      expected: scoped(200),
      fixture: importRecord,
      request: (f) => api('GET', `/imports/${f.id}`),
    },
    {
      route: 'GET /api/v1/users/{id}',
      caller: 'manager',
      expected: scoped(200),
      fixture: user,
      request: (f) => api('GET', `/users/${f.id}`),
    },
    {
      // The colleague directory: a 兴宁区 officer is known to 兴宁区 and the units above it, not to its siblings.
      route: 'GET /api/v1/people/{id}',
      caller: 'officer',
      expected: scoped(200),
      fixture: user,
      request: (f) => api('GET', `/people/${f.id}`),
    },
    {
      route: 'PATCH /api/v1/users/{id}',
      caller: 'manager',
      expected: scoped(200),
      fixture: user,
      request: async (f, unit) =>
        api('PATCH', `/users/${f.id}`, { version: await versionOf(`/users/${f.id}`), displayName: `由${unit}修改` }),
      state: (f) => adminGet(`/users/${f.id}`),
    },
    {
      // Personal: only the recipient, not even the managers above them.
      route: 'POST /api/v1/notifications/{id}/read',
      caller: (unit) => (unit === 'xingning' ? officers.xingning : managers[unit]),
      expected: { xingning: 200, nanning: 404, region: 404, qingxiu: 404, liuzhou: 404 },
      fixture: notification,
      request: (f) => api('POST', `/notifications/${f.id}/read`),
      state: async (f) =>
        (
          (await ok(api('GET', '/notifications?limit=200'), officers.xingning.token)).items as Array<{ id: string }>
        ).find((n) => n.id === f.id),
    },

    // Parks: a unit's, public to read, edited inside the jurisdiction.
    {
      route: 'GET /api/v1/parks/{id}',
      caller: 'officer',
      expected: everyone(200),
      fixture: park,
      request: (f) => api('GET', `/parks/${f.id}`),
    },
    {
      // Parks are public to read, their resident companies too (a company settled in a park is public record).
      route: 'GET /api/v1/parks/{id}/companies',
      caller: 'officer',
      expected: everyone(200),
      fixture: parkWithCompany,
      request: (f) => api('GET', `/parks/${f.id}/companies`),
    },
    {
      route: 'PATCH /api/v1/parks/{id}',
      caller: 'officer',
      expected: scoped(200, 403),
      fixture: park,
      request: async (f, unit) =>
        api('PATCH', `/parks/${f.id}`, {
          version: await versionOf(`/parks/${f.id}`),
          contactUnit: `${unit} 投资促进局`,
        }),
      state: (f) => adminGet(`/parks/${f.id}`),
    },
    {
      route: 'POST /api/v1/parks/{id}/companies',
      caller: 'officer',
      expected: scoped(201, 403),
      fixture: park,
      request: async (f) => api('POST', `/parks/${f.id}/companies`, { companyId: (await createCompany(t)).id }),
      state: (f) => adminGet(`/parks/${f.id}`),
    },
    {
      route: 'DELETE /api/v1/parks/{id}/companies/{companyId}',
      caller: 'officer',
      expected: scoped(204, 403),
      fixture: parkWithCompany,
      before: async (f) => void (await ok(api('POST', `/parks/${f.id}/companies`, { companyId: f.companyId }))),
      request: (f) => api('DELETE', `/parks/${f.id}/companies/${f.companyId}`),
      state: (f) => adminGet(`/parks/${f.id}`),
    },
    {
      // The park is public; the leads ranked for it are only the caller's.
      route: 'GET /api/v1/parks/{id}/lead-matches',
      caller: 'officer',
      expected: everyone(200),
      fixture: park,
      request: (f) => api('GET', `/parks/${f.id}/lead-matches?limit=50`),
      check: (unit, body, f) =>
        expect({ unit, listed: body.items.some((item: { leadId: string }) => item.leadId === f.leadId) }).toEqual({
          unit,
          listed: reaches(unit),
        }),
    },

    // Shared reference data: companies and chambers have no owner unit.
    {
      route: 'GET /api/v1/companies/{id}',
      caller: 'officer',
      expected: everyone(200),
      fixture: () => createCompany(t),
      request: (f) => api('GET', `/companies/${f.id}`),
    },
    {
      route: 'GET /api/v1/companies/{id}/similar',
      caller: 'officer',
      expected: everyone(200),
      fixture: () => createCompany(t),
      request: (f) => api('GET', `/companies/${f.id}/similar`),
    },
    {
      route: 'PATCH /api/v1/companies/{id}',
      caller: 'officer',
      expected: everyone(200),
      fixture: () => createCompany(t),
      request: async (f, unit) =>
        api('PATCH', `/companies/${f.id}`, {
          version: await versionOf(`/companies/${f.id}`),
          website: `https://example.com/${unit}`,
        }),
      state: (f) => adminGet(`/companies/${f.id}`),
    },
    {
      route: 'GET /api/v1/chambers/{id}',
      caller: 'officer',
      expected: everyone(200),
      fixture: chamber,
      request: (f) => api('GET', `/chambers/${f.id}`),
      check: (unit, body, f) =>
        expect({ unit, listed: body.leads.some((item: { id: string }) => item.id === f.leadId) }).toEqual({
          unit,
          listed: reaches(unit),
        }),
    },
    {
      route: 'PATCH /api/v1/chambers/{id}',
      caller: 'officer',
      expected: everyone(200),
      fixture: chamber,
      request: async (f, unit) =>
        api('PATCH', `/chambers/${f.id}`, { version: await versionOf(`/chambers/${f.id}`), notes: `${unit} 已对接` }),
      state: (f) => adminGet(`/chambers/${f.id}`),
    },

    // Reference data without an owner: public to every signed-in user.
    {
      route: 'GET /api/v1/regions/{code}',
      caller: 'officer',
      expected: everyone(200),
      fixture: async () => ({ id: UNITS.xingning }),
      request: (f) => api('GET', `/regions/${f.id}`),
    },
    {
      route: 'GET /api/v1/clusters/{code}',
      caller: 'officer',
      expected: everyone(200),
      fixture: async () => ({ id: 'electronics' }),
      request: (f) => api('GET', `/clusters/${f.id}`),
    },
    {
      route: 'GET /api/v1/clusters/{code}/chain',
      caller: 'officer',
      expected: everyone(200),
      fixture: async () => ({ id: 'electronics' }),
      request: (f) => api('GET', `/clusters/${f.id}/chain`),
    },

    // Targets: the year is no record key; the units are named in the body or query and must be below the manager.
    {
      route: 'PUT /api/v1/targets/{year}',
      caller: 'manager',
      expected: { xingning: 400, nanning: 200, region: 200, qingxiu: 400, liuzhou: 400 },
      fixture: async () => ({ id: '2031' }),
      request: async (f, unit) => {
        const current = ((await adminGet(`/targets/${f.id}?regionCode=${UNITS.xingning}`)).items ?? []).find(
          (item: { category: string }) => item.category === 'all',
        );
        return api('PUT', `/targets/${f.id}`, {
          items: [
            {
              regionCode: UNITS.xingning,
              category: 'all',
              targetCount: CALL_ORDER.indexOf(unit) + 10,
              version: current?.version,
            },
          ],
        });
      },
      state: targetsState,
    },
    {
      route: 'GET /api/v1/targets/{year}',
      caller: 'manager',
      expected: scoped(200, 400),
      fixture: async () => ({ id: '2031' }),
      request: (f) => api('GET', `/targets/${f.id}?regionCode=${UNITS.xingning}`),
    },

    // The working-day calendar: a year of reference data without an owner unit; only administrators write it.
    {
      route: 'GET /api/v1/working-days/years/{year}',
      caller: 'officer',
      expected: everyone(200),
      fixture: async () => ({ id: '2027' }),
      request: (f) => api('GET', `/working-days/years/${f.id}`),
    },
    {
      route: 'PUT /api/v1/working-days/years/{year}',
      caller: 'manager',
      expected: everyone(403),
      fixture: async () => ({ id: '2027' }),
      request: (f) => api('PUT', `/working-days/years/${f.id}`, { confirmed: true, days: [] }),
      state: (f) => adminGet(`/working-days/years/${f.id}`),
    },

    // A division is reference data every user reads; only administrators mark the key industrial counties.
    {
      route: 'PUT /api/v1/regions/{code}/key-industrial-county',
      caller: 'manager',
      expected: everyone(403),
      fixture: async () => ({ id: '450722' }),
      request: (f) => api('PUT', `/regions/${f.id}/key-industrial-county`, { keyIndustrialCounty: true }),
      state: (f) => adminGet(`/regions/${f.id}`),
    },
    // A unit's own group robots: its managers and those above it keep them; others find no such unit (404).
    {
      route: 'GET /api/v1/regions/{code}/robots',
      caller: 'manager',
      expected: scoped(200),
      fixture: xingningRobot,
      request: (f) => api('GET', `/regions/${f.id}/robots`),
    },
    {
      route: 'PUT /api/v1/regions/{code}/robots/{channel}',
      caller: 'manager',
      expected: scoped(200),
      fixture: xingningRobot,
      request: async (f, unit) =>
        api('PUT', `/regions/${f.id}/robots/wecom`, {
          version: (await robotOf(f.id))?.version,
          webhookUrl: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bola-${unit}`,
          enabled: false,
        }),
      state: (f) => robotOf(f.id),
    },
    {
      route: 'POST /api/v1/regions/{code}/robots/{channel}/test',
      caller: 'manager',
      expected: scoped(200),
      fixture: xingningRobot,
      request: (f) => api('POST', `/regions/${f.id}/robots/wecom/test`),
    },
    {
      route: 'DELETE /api/v1/regions/{code}/robots/{channel}',
      caller: 'manager',
      expected: scoped(204),
      fixture: xingningRobot,
      // Each allowed caller deletes a robot that is there.
      before: async (f) => void (await xingningRobot(f.id)),
      request: (f) => api('DELETE', `/regions/${f.id}/robots/wecom`),
      state: (f) => robotOf(f.id),
    },
  ];

  beforeAll(async () => {
    t = await startTestApp();
    for (const unit of Object.keys(UNITS) as Unit[]) {
      officers[unit] = await createSignedInUser(t, 'officer', UNITS[unit], `off-${unit}`);
      managers[unit] = await createSignedInUser(t, 'manager', UNITS[unit], `mgr-${unit}`);
    }
    jiangnanOfficer = await createSignedInUser(t, 'officer', JIANGNAN, 'off-jiangnan');
    team = await ok(
      api('POST', '/teams', {
        name: `兴宁区电子信息对接小组${stamp}`,
        clusterCode: 'electronics',
        regionCode: UNITS.xingning,
        memberUserIds: [officers.xingning.id],
      }),
    );
  });
  afterAll(() => t.close());

  /** The error body of docs/api.md "Errors" and nothing else. */
  const expectErrorBody = (body: Record<string, unknown>, statusCode: number) => {
    expect(Object.keys(body).filter((key) => !ERROR_FIELDS.includes(key))).toEqual([]);
    expect(body).toMatchObject({ statusCode, code: CODE_OF_STATUS[statusCode], message: expect.any(String) });
  };
  /** What a 404 says, with ids taken out: a record outside the jurisdiction must read like a missing one. */
  const notFoundShape = (body: { statusCode: number; code: string; message: string }) => ({
    statusCode: body.statusCode,
    code: body.code,
    message: body.message.replace(/\d+/g, '#'),
  });

  it('covers every documented route with a path parameter', async () => {
    const keyed = keyedOperations(await fetchOpenApi(t)).map((operation) => operation.route);
    // The calendar feed is public by design: its secret token is the key (checked below).
    const covered = new Set([...probes.map((probe) => probe.route), 'GET /api/v1/calendar/{file}']);
    expect(keyed.filter((route) => !covered.has(route))).toEqual([]);
    expect(probes.map((probe) => probe.route).filter((route) => !keyed.includes(route))).toEqual([]);
    expect(keyed.length).toBeGreaterThanOrEqual(45);
  });

  it.each(probes.map((probe) => [probe.route, probe] as const))('%s', async (_route, probe) => {
    const shared = await probe.fixture();
    const statuses = {} as Record<Unit, number>;
    for (const unit of CALL_ORDER) {
      const caller =
        typeof probe.caller === 'function'
          ? probe.caller(unit)
          : (probe.caller === 'manager' ? managers : officers)[unit];
      const allowed = probe.expected[unit] < 300;
      const fixture = allowed && probe.freshForAllowed ? await probe.fixture() : shared;
      await probe.before?.(fixture);
      const before = probe.state ? await probe.state(fixture) : undefined;
      const res = await t.request(await probe.request(fixture, unit), caller.token);
      statuses[unit] = res.statusCode;
      const after = probe.state ? await probe.state(fixture) : undefined;
      const context = `${unit} ${caller.role}: ${res.statusCode} ${res.body.slice(0, 300)}`;

      if (res.statusCode < 300) {
        probe.check?.(unit, res.json(), fixture);
        // An allowed write took effect (so the refusals below are not a write that never works).
        if (probe.state)
          expect({ context, changed: JSON.stringify(after) !== JSON.stringify(before) }).toEqual({
            context,
            changed: true,
          });
        continue;
      }
      expectErrorBody(res.json(), res.statusCode);
      // A refused write wrote nothing: the record reads as it did, version and all.
      if (probe.state) expect({ context, state: after }).toEqual({ context, state: before });
      if (res.statusCode === 404) {
        const missing = await t.request(await probe.request({ ...fixture, id: MISSING_ID }, unit), caller.token);
        expect({ context, answer: notFoundShape(res.json()) }).toEqual({
          context,
          answer: notFoundShape(missing.json()),
        });
      }
    }
    expect(statuses).toEqual(probe.expected);
  });

  // Derived probes ---------------------------------------------------------------------------------------------
  // Every documented operation with a path parameter, probed from the OpenAPI document with no probe written for it:
  // a record of 兴宁区 made by its resource's factory, a body sampled from the request schema, sent by the sibling
  // county and the sibling city in each role the route permits. A new route is probed the day it is documented.

  /** The record a derived probe aims at, by the path's resource, and its state as the administrator reads it. */
  const FACTORIES: Record<string, { fixture: () => Promise<Fixture>; state?: (fixture: Fixture) => Promise<unknown> }> =
    {
      leads: { fixture: lead, state: leadState },
      dispatches: { fixture: dispatchUp, state: withLead((f) => `/dispatches/${f.id}`) },
      claims: { fixture: claim, state: withLead((f) => `/claims/${f.id}`) },
      escalations: { fixture: escalation, state: withLead((f) => `/escalations/${f.id}`) },
      conflicts: { fixture: conflict, state: conflictState },
      'supervision-slips': { fixture: slip, state: slipState },
      visits: { fixture: visit, state: (f) => adminGet(`/visits/${f.id}`) },
      tasks: { fixture: task, state: (f) => adminGet(`/tasks/${f.id}`) },
      teams: { fixture: async () => team, state: (f) => adminGet(`/teams/${f.id}`) },
      users: { fixture: user, state: (f) => adminGet(`/users/${f.id}`) },
      people: { fixture: user, state: (f) => adminGet(`/users/${f.id}`) },
      imports: { fixture: importRecord, state: (f) => adminGet(`/imports/${f.id}`) },
      notifications: {
        fixture: notification,
        state: async (f) =>
          ((await ok(api('GET', '/notifications?limit=200'), officers.xingning.token)).items as Fixture[]).find(
            (item) => item.id === f.id,
          ),
      },
      parks: { fixture: parkWithCompany, state: (f) => adminGet(`/parks/${f.id}`) },
      companies: { fixture: () => createCompany(t) },
      chambers: { fixture: chamber },
      regions: { fixture: async () => ({ id: UNITS.xingning }) },
      clusters: { fixture: async () => ({ id: 'electronics' }) },
    };
  /** Routes whose path parameter is no record key: left to the hand-written checks that say why. */
  const NOT_RECORD_KEYS: Record<string, string> = {
    'GET /api/v1/calendar/{file}': 'public by design: the secret file name is the key (its own test below)',
    'GET /api/v1/targets/{year}': 'a year; the unit is a public code in the query (400 outside, hand-written probe)',
    'PUT /api/v1/targets/{year}': 'a year; the unit is a public code in the body (400 outside, hand-written probe)',
    'GET /api/v1/working-days/years/{year}': 'a year of reference data without an owner unit: every user reads it',
    'PUT /api/v1/working-days/years/{year}': 'a year of reference data: administrators only (403, calendar e2e)',
    'PUT /api/v1/regions/{code}/key-industrial-county': 'a division, reference data: administrators only (403, above)',
    'PUT /api/v1/confirmation-rules/{stage}': 'a claimed stage, reference data: administrators only (403, above)',
  };
  /** Another unit's park is public to read, so editing it is 403 FORBIDDEN rather than 404 (its existence is known). */
  const DENIED_WITH_403 = new Set([
    'PATCH /api/v1/parks/{id}',
    'POST /api/v1/parks/{id}/companies',
    'DELETE /api/v1/parks/{id}/companies/{companyId}',
  ]);
  /** Public to every signed-in user: reference data without an owner (regions, clusters, companies, chambers), park pages. */
  const PUBLIC_RESOURCES = new Set(['regions', 'clusters', 'companies', 'chambers']);
  const PUBLIC_ROUTES = new Set([
    'GET /api/v1/parks/{id}',
    'GET /api/v1/parks/{id}/lead-matches',
    'GET /api/v1/parks/{id}/companies',
  ]);
  const DENIED_UNITS: Unit[] = ['qingxiu', 'liuzhou'];

  it('derives a probe from the OpenAPI document for every route with a path parameter, and each is denied', async () => {
    const document = await fetchOpenApi(t);
    const rolesOf = new Map(discoverRoutes(t.app).map((route) => [route.documented, route.roles]));
    const fixtures = new Map<string, Promise<Fixture>>();
    const failures: string[] = [];
    let probed = 0;
    for (const { route, method, path, pathParams, operation } of keyedOperations(document)) {
      if (NOT_RECORD_KEYS[route]) continue;
      const resource = resourceOf(path);
      const factory = FACTORIES[resource];
      if (!factory) {
        failures.push(
          `${route}: no fixture factory for "${resource}". Add one to FACTORIES in test/e2e/security/bola.e2e-spec.ts ` +
            '(a record held by 兴宁区 and how the administrator reads its state), so this route is probed.',
        );
        continue;
      }
      if (!fixtures.has(resource)) fixtures.set(resource, factory.fixture());
      const fixture = await fixtures.get(resource)!;
      const isPublic = PUBLIC_RESOURCES.has(resource) || PUBLIC_ROUTES.has(route);
      const denial = DENIED_WITH_403.has(route) ? 403 : 404;
      const request = (id: string): InjectOptions => {
        const [key, ...others] = pathParams;
        const values: Record<string, string> = { [key]: id };
        for (const name of others) values[name] = fixture[name] ?? (name === 'regionCode' ? JIANGNAN : '1');
        return {
          method: method as InjectOptions['method'],
          url: fillPath(path, values) + sampleQuery(document, operation),
          payload: sampleBody(document, operation) as InjectOptions['payload'],
        };
      };
      const permitted = rolesOf.get(`${method.toLowerCase()} ${path}`);
      const roles = (['officer', 'manager'] as const).filter((role) => !permitted || permitted.includes(role));
      for (const unit of DENIED_UNITS) {
        for (const role of roles) {
          const caller = (role === 'manager' ? managers : officers)[unit];
          const before = factory.state && !isPublic ? await factory.state(fixture) : undefined;
          const res = await t.request(request(fixture.id), caller.token);
          const after = factory.state && !isPublic ? await factory.state(fixture) : undefined;
          probed++;
          const context = `${route} as ${unit} ${role}: ${res.statusCode} ${res.body.slice(0, 200)}`;
          if (isPublic) {
            if (res.statusCode >= 500) failures.push(context);
            continue;
          }
          if (res.statusCode !== denial) {
            failures.push(`${context} (expected ${denial})`);
            continue;
          }
          const body = res.json();
          const extra = Object.keys(body).filter((key) => !ERROR_FIELDS.includes(key));
          if (extra.length || body.code !== CODE_OF_STATUS[denial] || typeof body.message !== 'string')
            failures.push(`${context} (not the error body)`);
          if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${context} (changed the record)`);
          if (denial === 404) {
            const missing = await t.request(request(MISSING_ID), caller.token);
            if (JSON.stringify(notFoundShape(body)) !== JSON.stringify(notFoundShape(missing.json())))
              failures.push(`${context} (reads unlike a missing record: ${missing.body.slice(0, 200)})`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // Two sibling units, each role the route permits: at least one probe per hand-written route.
    expect(probed).toBeGreaterThanOrEqual(probes.length);
    console.log(`derived BOLA probes: ${probed}`);
  }, 300_000);

  it('keeps a resident to the records they created, even inside their own unit', async () => {
    const resident = await createSignedInUser(t, 'resident', UNITS.xingning);
    const officersLead = await lead();
    const officersTask = await task();
    const officersVisit = await visit();
    for (const url of [
      `/leads/${officersLead.id}`,
      `/leads/${officersLead.id}/timeline`,
      `/tasks/${officersTask.id}`,
      `/visits/${officersVisit.id}`,
    ]) {
      const res = await t.request(api('GET', url), resident.token);
      expect({ url, status: res.statusCode, code: res.json().code }).toEqual({ url, status: 404, code: 'NOT_FOUND' });
    }
    const version = await versionOf(`/leads/${officersLead.id}`);
    expect(
      (await t.request(api('PATCH', `/leads/${officersLead.id}`, { version, title: '驻点成员改名' }), resident.token))
        .statusCode,
    ).toBe(404);
    expect((await adminGet(`/leads/${officersLead.id}`)).version).toBe(version);
    // Their own lead is theirs, and stays out of the sibling units' reach.
    const own = await createLead(t, {}, resident.token);
    expect(own.regionCode).toBe(UNITS.xingning);
    expect((await t.request(api('GET', `/leads/${own.id}`), resident.token)).statusCode).toBe(200);
    expect((await t.request(api('GET', `/leads/${own.id}`), officers.qingxiu.token)).statusCode).toBe(404);
  });

  it('keeps an import to its importer among officers, and a task’s changes to its people and managers', async () => {
    const imported = await importRecord();
    const colleague = await createSignedInUser(t, 'officer', UNITS.xingning, 'colleague');
    expect((await t.request(api('GET', `/imports/${imported.id}`), officers.xingning.token)).statusCode).toBe(200);
    expect((await t.request(api('GET', `/imports/${imported.id}`), colleague.token)).statusCode).toBe(404);
    expect((await t.request(api('GET', `/imports/${imported.id}`), officers.nanning.token)).statusCode).toBe(404);

    const fixture = await task();
    const version = await versionOf(`/tasks/${fixture.id}`);
    const byColleague = await t.request(
      api('PATCH', `/tasks/${fixture.id}`, { version, status: 'cancelled' }),
      colleague.token,
    );
    expect(byColleague.statusCode).toBe(403);
    expect(await adminGet(`/tasks/${fixture.id}`)).toMatchObject({ status: 'open', version });
  });

  it('lists none of 兴宁区’s records to the sibling units, and all of them to the units above', async () => {
    const records = {
      lead: await lead(),
      visit: await visit(),
      task: await task(),
      user: await user(),
      conflict: await conflict(),
      slip: await slip(),
    };
    const lists: Array<[string, string, 'officer' | 'manager', string]> = [
      ['leads', '/leads?limit=200', 'officer', records.lead.id],
      ['visits', '/visits?limit=200', 'officer', records.visit.id],
      ['tasks', '/tasks?limit=200', 'officer', records.task.id],
      ['teams', '/teams?limit=200', 'officer', team.id],
      ['conflicts', '/conflicts?limit=200', 'officer', records.conflict.id],
      ['users', '/users?limit=200', 'manager', records.user.id],
      ['supervision slips', '/supervision-slips?limit=200', 'manager', records.slip.id],
      ['audit of the lead', `/audit?entity=lead&entityId=${records.lead.id}`, 'manager', records.lead.id],
    ];
    for (const [name, url, role, id] of lists) {
      for (const unit of CALL_ORDER) {
        const res = await t.request(api('GET', url), (role === 'manager' ? managers : officers)[unit].token);
        expect(res.statusCode).toBe(200);
        const items = res.json().items as Array<{ id: string; entityId?: string }>;
        const listed = items.some((item) => (item.entityId ?? item.id) === id);
        expect({ name, unit, listed }).toEqual({ name, unit, listed: reaches(unit) });
      }
    }
  });

  it('serves a calendar feed only to its secret address (public route: the token is the key)', async () => {
    const { path } = await ok(api('POST', '/calendar/token'), officers.xingning.token);
    expect((await t.request({ method: 'GET', url: path }, null)).statusCode).toBe(200);
    const guessed = await t.request({ method: 'GET', url: `/api/v1/calendar/${'A'.repeat(43)}.ics` }, null);
    expect(guessed.statusCode).toBe(404);
    expectErrorBody(guessed.json(), 404);
    // A new address retires the old one.
    await ok(api('POST', '/calendar/token'), officers.xingning.token);
    expect((await t.request({ method: 'GET', url: path }, null)).statusCode).toBe(404);
  });

  it('refuses body references to another unit’s records, and answers as for a missing one', async () => {
    const liuzhouLead = await createLead(t, { regionCode: UNITS.liuzhou }, officers.liuzhou.token);
    const liuzhouTeam = await ok(
      api('POST', '/teams', { name: `柳州汽车对接小组${stamp}`, clusterCode: 'auto', regionCode: UNITS.liuzhou }),
    );
    const company = await createCompany(t);
    const liuzhouVisit = await ok(
      api('POST', '/visits', {
        teamId: liuzhouTeam.id,
        visitedAt: '2026-11-01T10:00:00+08:00',
        kind: 'company',
        companyId: company.id,
      }),
      officers.liuzhou.token,
    );
    const xn = officers.xingning.token;
    const inFuture = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    const cases: Array<[string, (id: string) => InjectOptions, string, string]> = [
      [
        'a task on their lead',
        (id) => api('POST', '/tasks', { title: '越权任务', dueAt: inFuture, leadId: id }),
        liuzhouLead.id,
        'leadId',
      ],
      [
        'a task on their visit',
        (id) => api('POST', '/tasks', { title: '越权任务', dueAt: inFuture, visitId: id }),
        liuzhouVisit.id,
        'visitId',
      ],
      [
        'a task for their officer',
        (id) => api('POST', '/tasks', { title: '越权任务', dueAt: inFuture, assigneeId: id }),
        officers.liuzhou.id,
        'assigneeId',
      ],
      [
        'a visit for their team',
        (id) => api('POST', '/visits', { teamId: id, visitedAt: '2026-11-02T10:00:00+08:00', kind: 'other' }),
        liuzhouTeam.id,
        'teamId',
      ],
      [
        'a visit on their lead',
        (id) =>
          api('POST', '/visits', {
            teamId: team.id,
            visitedAt: '2026-11-02T10:00:00+08:00',
            kind: 'other',
            leadId: id,
          }),
        liuzhouLead.id,
        'leadId',
      ],
      [
        'a lead owned by their officer',
        (id) =>
          api('POST', '/leads', {
            companyId: company.id,
            title: '越权项目',
            clusterCode: 'auto',
            source: { kind: 'government' },
            ownerUserId: id,
          }),
        officers.liuzhou.id,
        'ownerUserId',
      ],
      [
        'a lead found by their visit',
        (id) =>
          api('POST', '/leads', {
            companyId: company.id,
            title: '越权项目',
            clusterCode: 'auto',
            source: { kind: 'visit', visitId: id },
          }),
        liuzhouVisit.id,
        'source.visitId',
      ],
      [
        'a team with their officer',
        (id) => api('POST', '/teams', { name: '越权小组', clusterCode: 'auto', memberUserIds: [id] }),
        officers.liuzhou.id,
        'memberUserIds',
      ],
    ];
    const leadsBefore = (await adminGet('/leads?withTotal=true&limit=1')).total;
    for (const [name, request, foreignId, field] of cases) {
      const token = name.startsWith('a team') ? managers.xingning.token : xn;
      const foreign = await t.request(request(foreignId), token);
      const missing = await t.request(request(MISSING_ID), token);
      expect({ name, status: foreign.statusCode, field: foreign.json().details?.[0]?.field }).toEqual({
        name,
        status: 400,
        field,
      });
      const withoutIds = (res: { json: () => any }) => JSON.stringify(res.json().details).replace(/\d+/g, '#');
      expect({ name, answer: withoutIds(foreign) }).toEqual({ name, answer: withoutIds(missing) });
    }
    expect((await adminGet('/leads?withTotal=true&limit=1')).total).toBe(leadsBefore);
  });
});
