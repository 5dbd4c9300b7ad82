import { createHash } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { DataSource } from 'typeorm';
import { TasksRepository } from '../../../src/modules/tasks/tasks.repository';
import { confirmClaim, createCompany, createLead, randomCreditCode } from '../../utils/records';
import { startTestApp, TestApp } from '../../utils/test-app';
import { createSignedInUser, TEST_USER_PASSWORD, TestUser } from '../../utils/users';

/**
 * OWASP API3 (Broken Object Property Level Authorization).
 *
 * Mass assignment: every create and update route refuses the fields the server owns (ids, versions on creates,
 * timestamps, authors, units it derives, stages that move only by transitions, roles, hashes, ...) with 400
 * VALIDATION_FAILED naming each field, and writes nothing. The fields a route does declare (regionCode of a new
 * lead, role of a user, ...) are authorised one by one below.
 *
 * Excessive exposure: no response carries password or token hashes; confidential leads and other units' visits
 * show their details only to the units entitled to them.
 */

/** Fields the server owns, with a value an attacker would like to set. A route that declares one is exempt. */
const SERVER_OWNED: Record<string, unknown> = {
  id: '1',
  version: 99,
  createdAt: '2020-01-01T00:00:00Z',
  updatedAt: '2020-01-01T00:00:00Z',
  deletedAt: '2020-01-01T00:00:00Z',
  createdBy: '1',
  updatedBy: '1',
  userId: '1',
  ownerUnitCode: '450200',
  regionCode: '450200',
  cityCode: '450200',
  teamId: '1',
  stage: 'signed',
  status: 'done',
  role: 'admin',
  isAdmin: true,
  permissions: ['*'],
  active: true,
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
  calendarTokenHash: 'f'.repeat(64),
  tokenHash: 'f'.repeat(64),
  signedAmount: 999,
  fundsReceivedTotal: 999,
  investmentCompletedTotal: 999,
  lostReason: '被篡改',
  inConflict: false,
  mergedIntoLeadId: '1',
  pendingDispatchId: '1',
  masked: false,
  fitScore: 100,
  sentBy: '1',
  respondedBy: '1',
  raisedBy: '1',
  answeredBy: '1',
  resolvedBy: '1',
  winnerLeadId: '1',
};

const ERROR_FIELDS = ['statusCode', 'code', 'message', 'details', 'requestId'];

interface WriteRoute {
  /** The route as /api/docs-json names it. */
  route: string;
  fixture: () => Promise<Record<string, string>>;
  as: (fixture: Record<string, string>) => TestUser | string;
  url: (fixture: Record<string, string>) => string;
  /** A valid body: sent alone at the end, it succeeds (so the refusals were the extra fields' doing). */
  body: (fixture: Record<string, string>) => Promise<Record<string, unknown>> | Record<string, unknown>;
  succeeds: number;
  /** What the refused requests must leave as it was, read as the administrator. */
  state?: (fixture: Record<string, string>) => Promise<unknown>;
}

describe('OWASP API3: object property level authorization', () => {
  let t: TestApp;
  let document: { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } };
  const u = {} as Record<
    | 'nanningOfficer'
    | 'nanningManager'
    | 'xingningOfficer'
    | 'xingningManager'
    | 'qingxiuOfficer'
    | 'qingxiuManager'
    | 'liuzhouOfficer',
    TestUser
  >;
  let nanningTeam: { id: string };
  const stamp = Date.now().toString(36);
  let sequence = 0;
  const unique = (prefix: string) => `${prefix}${stamp}${++sequence}`;

  const api = (method: InjectOptions['method'], url: string, payload?: unknown): InjectOptions => ({
    method,
    url: `/api/v1${url}`,
    payload: payload as InjectOptions['payload'],
  });
  const adminGet = async (url: string) => (await t.request(api('GET', url))).json();
  const versionOf = async (url: string): Promise<number> => (await adminGet(url)).version;
  const tokenOf = (caller: TestUser | string) => (typeof caller === 'string' ? caller : caller.token);
  const ok = async (options: InjectOptions, token?: string) => {
    const res = await t.request(options, token);
    if (res.statusCode >= 300) throw new Error(`${options.method} ${options.url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const count = async (url: string) => {
    const page = await adminGet(url);
    return page.total ?? page.items.length;
  };
  /** The properties a route's body declares, as the OpenAPI document has them. */
  const declaredFields = (route: string): string[] => {
    const [method, path] = route.split(' ');
    const ref: string = document.paths[path][method.toLowerCase()].requestBody.content['application/json'].schema.$ref;
    return Object.keys(document.components.schemas[ref.split('/').pop()!].properties ?? {});
  };

  // Records the routes act on -------------------------------------------------------------------------------
  const nanningLead = async () => ({ id: (await createLead(t, { regionCode: '450100' }, u.nanningOfficer.token)).id });
  /** A 兴宁区 signing waiting for 南宁市's confirmation; the fixture's id is the claim's. */
  const xingningClaim = async () => {
    const lead = await createLead(t, { regionCode: '450102' }, u.xingningOfficer.token);
    await ok(
      api('POST', `/leads/${lead.id}/transitions`, {
        version: lead.version,
        to: 'signed',
        signedAt: '2026-11-20T10:00:00+08:00',
        signedAmount: 2,
        parkName: '兴宁产业园',
      }),
    );
    return { id: String((await adminGet(`/leads/${lead.id}`)).pendingClaimId), leadId: lead.id };
  };
  const claimState = async (f: Record<string, string>) => ({
    claim: await adminGet(`/claims/${f.id}`),
    lead: await adminGet(`/leads/${f.leadId}`),
  });
  const dispatchDown = async () => {
    const { id: leadId } = await nanningLead();
    return {
      id: (await ok(api('POST', `/leads/${leadId}/dispatches`, { toRegionCode: '450102' }), u.nanningOfficer.token)).id,
      leadId,
    };
  };
  const dispatchState = async (f: Record<string, string>) => ({
    dispatch: await adminGet(`/dispatches/${f.id}`),
    lead: await adminGet(`/leads/${f.leadId}`),
  });
  const leadState = async (f: Record<string, string>) => {
    const { fitScore, fitSummary, health, ...lead } = await adminGet(`/leads/${f.id}`);
    return {
      lead,
      timeline: (await adminGet(`/leads/${f.id}/timeline?limit=200`)).items,
      collaborators: (await adminGet(`/leads/${f.id}/collaborators`)).items,
    };
  };

  const routes: WriteRoute[] = [
    {
      route: 'POST /api/v1/auth/login',
      fixture: async () => ({}),
      as: () => '',
      url: () => '/auth/login',
      body: () => ({ username: u.nanningOfficer.username, password: TEST_USER_PASSWORD }),
      succeeds: 200,
    },
    {
      route: 'POST /api/v1/auth/refresh',
      fixture: async () => ({
        refreshToken: (await t.login(u.nanningOfficer.username, TEST_USER_PASSWORD)).refreshToken,
      }),
      as: () => '',
      url: () => '/auth/refresh',
      body: (f) => ({ refreshToken: f.refreshToken }),
      succeeds: 200,
    },
    {
      route: 'POST /api/v1/auth/logout',
      fixture: async () => ({
        accessToken: (await t.login(u.nanningOfficer.username, TEST_USER_PASSWORD)).accessToken,
      }),
      as: (f) => f.accessToken,
      url: () => '/auth/logout',
      body: () => ({}),
      succeeds: 204,
    },
    {
      route: 'POST /api/v1/users',
      fixture: async () => ({}),
      as: () => u.nanningManager,
      url: () => '/users',
      body: () => ({
        username: unique('new.officer.'),
        displayName: '新专员',
        password: 'new-officer-password',
        role: 'officer',
        regionCode: '450102',
      }),
      succeeds: 201,
      state: () => count('/users?withTotal=true&limit=1'),
    },
    {
      route: 'POST /api/v1/users/me/password',
      fixture: async () => {
        const user = await createSignedInUser(t, 'officer', '450100', 'pw');
        return { token: user.token, id: user.id };
      },
      as: (f) => f.token,
      url: () => '/users/me/password',
      body: () => ({ currentPassword: TEST_USER_PASSWORD, newPassword: 'changed-password-456' }),
      succeeds: 204,
      state: (f) => adminGet(`/users/${f.id}`),
    },
    {
      route: 'PATCH /api/v1/users/{id}',
      fixture: async () => ({ id: (await createSignedInUser(t, 'officer', '450102', 'target')).id }),
      as: () => u.nanningManager,
      url: (f) => `/users/${f.id}`,
      body: async (f) => ({ version: await versionOf(`/users/${f.id}`), displayName: '改名后的专员' }),
      succeeds: 200,
      state: (f) => adminGet(`/users/${f.id}`),
    },
    {
      route: 'POST /api/v1/companies',
      fixture: async () => ({}),
      as: () => u.nanningOfficer,
      url: () => '/companies',
      body: () => ({ name: `${unique('属性测试')}有限公司`, creditCode: randomCreditCode(), ownership: 'private' }),
      succeeds: 201,
      state: () => count('/companies?withTotal=true&limit=1'),
    },
    {
      route: 'PATCH /api/v1/companies/{id}',
      fixture: () => createCompany(t),
      as: () => u.nanningOfficer,
      url: (f) => `/companies/${f.id}`,
      body: async (f) => ({ version: await versionOf(`/companies/${f.id}`), website: 'https://example.com/new' }),
      succeeds: 200,
      state: (f) => adminGet(`/companies/${f.id}`),
    },
    {
      route: 'POST /api/v1/chambers',
      fixture: async () => ({}),
      as: () => u.nanningOfficer,
      url: () => '/chambers',
      body: () => ({ name: unique('属性测试商会'), kind: 'chamber', regionCode: '440300' }),
      succeeds: 201,
      state: () => count('/chambers?withTotal=true&limit=1'),
    },
    {
      route: 'PATCH /api/v1/chambers/{id}',
      fixture: async () => ({
        id: (
          await ok(
            api('POST', '/chambers', { name: unique('属性测试商会'), kind: 'association', regionCode: '440100' }),
          )
        ).id,
      }),
      as: () => u.nanningOfficer,
      url: (f) => `/chambers/${f.id}`,
      body: async (f) => ({ version: await versionOf(`/chambers/${f.id}`), notes: '已签合作协议' }),
      succeeds: 200,
      state: (f) => adminGet(`/chambers/${f.id}`),
    },
    {
      route: 'POST /api/v1/leads',
      fixture: async () => ({ companyId: (await createCompany(t)).id }),
      as: () => u.nanningOfficer,
      url: () => '/leads',
      body: (f) => ({
        companyId: f.companyId,
        title: '属性测试项目',
        clusterCode: 'electronics',
        source: { kind: 'government' },
      }),
      succeeds: 201,
      state: () => count('/leads?withTotal=true&limit=1'),
    },
    {
      route: 'PATCH /api/v1/leads/{id}',
      fixture: nanningLead,
      as: () => u.nanningOfficer,
      url: (f) => `/leads/${f.id}`,
      body: async (f) => ({ version: await versionOf(`/leads/${f.id}`), title: '改名后的项目' }),
      succeeds: 200,
      state: leadState,
    },
    {
      route: 'POST /api/v1/leads/{id}/transitions',
      fixture: nanningLead,
      as: () => u.nanningOfficer,
      url: (f) => `/leads/${f.id}/transitions`,
      body: () => ({ version: 1, to: 'contacted' }),
      succeeds: 201,
      state: leadState,
    },
    {
      route: 'POST /api/v1/leads/{id}/notes',
      fixture: nanningLead,
      as: () => u.nanningOfficer,
      url: (f) => `/leads/${f.id}/notes`,
      body: () => ({ body: '企业回电' }),
      succeeds: 201,
      state: leadState,
    },
    {
      route: 'POST /api/v1/leads/{id}/funds',
      fixture: async () => {
        const lead = await nanningLead();
        await ok(
          api('POST', `/leads/${lead.id}/transitions`, {
            version: 1,
            to: 'signed',
            signedAt: new Date().toISOString(),
            signedAmount: 3,
            parkName: '南宁高新区',
          }),
        );
        return lead;
      },
      as: () => u.nanningOfficer,
      url: (f) => `/leads/${f.id}/funds`,
      body: () => ({ amount: 1, receivedAt: new Date().toISOString() }),
      succeeds: 201,
      state: leadState,
    },
    {
      route: 'PUT /api/v1/leads/{id}/investments/{period}',
      fixture: async () => {
        const lead = await nanningLead();
        for (const step of [
          { to: 'signed', signedAt: '2026-01-10T10:00:00+08:00', signedAmount: 3, parkName: '南宁高新区' },
          { to: 'construction', constructionStartedAt: '2026-01-15T10:00:00+08:00' },
        ]) {
          const version = await versionOf(`/leads/${lead.id}`);
          await ok(api('POST', `/leads/${lead.id}/transitions`, { version, ...step }));
          await confirmClaim(t, lead);
        }
        return lead;
      },
      as: () => u.nanningOfficer,
      url: (f) => `/leads/${f.id}/investments/2026-02`,
      body: () => ({ amount: 0.5, source: 'statistics' }),
      succeeds: 200,
      state: async (f) => ({ lead: await leadState(f), months: (await adminGet(`/leads/${f.id}/investments`)).items }),
    },
    // 甄别确认: a 兴宁区 signing, ruled on by 南宁市.
    {
      route: 'POST /api/v1/claims/{id}/confirm',
      fixture: xingningClaim,
      as: () => u.nanningManager,
      url: (f) => `/claims/${f.id}/confirm`,
      body: async (f) => ({ version: await versionOf(`/claims/${f.id}`), note: '协议已核' }),
      succeeds: 200,
      state: claimState,
    },
    {
      route: 'POST /api/v1/claims/{id}/return',
      fixture: xingningClaim,
      as: () => u.nanningManager,
      url: (f) => `/claims/${f.id}/return`,
      body: async (f) => ({ version: await versionOf(`/claims/${f.id}`), reason: '协议未盖章' }),
      succeeds: 200,
      state: claimState,
    },
    {
      // 投产, which no other suite changes: the claims suite edits 签约's rule while this one runs.
      route: 'PUT /api/v1/confirmation-rules/{stage}',
      fixture: async () => ({ id: 'production' }),
      as: () => t.adminToken,
      url: () => '/confirmation-rules/production',
      body: async () => {
        const rule = (await adminGet('/confirmation-rules')).items.find(
          (item: { stage: string }) => item.stage === 'production',
        );
        return { requirements: rule.requirements, version: rule.version };
      },
      succeeds: 200,
      state: async () => (await adminGet('/confirmation-rules')).items,
    },
    {
      route: 'POST /api/v1/teams',
      fixture: async () => ({}),
      as: () => u.nanningManager,
      url: () => '/teams',
      body: () => ({ name: unique('属性测试小组'), clusterCode: 'electronics' }),
      succeeds: 201,
      state: async () => (await adminGet('/teams?limit=200')).items.length,
    },
    {
      route: 'PATCH /api/v1/teams/{id}',
      fixture: async () => ({ id: nanningTeam.id }),
      as: () => u.nanningManager,
      url: (f) => `/teams/${f.id}`,
      body: async (f) => ({ version: await versionOf(`/teams/${f.id}`), name: unique('南宁对接小组') }),
      succeeds: 200,
      state: (f) => adminGet(`/teams/${f.id}`),
    },
    {
      route: 'POST /api/v1/visits',
      fixture: async () => ({}),
      as: () => u.nanningOfficer,
      url: () => '/visits',
      body: () => ({
        teamId: nanningTeam.id,
        visitedAt: '2026-11-10T10:00:00+08:00',
        kind: 'other',
        summary: '政企座谈',
      }),
      succeeds: 201,
      state: async () => (await adminGet('/visits?limit=200')).items.length,
    },
    {
      route: 'PATCH /api/v1/visits/{id}',
      fixture: async () => ({
        id: (
          await ok(
            api('POST', '/visits', { teamId: nanningTeam.id, visitedAt: '2026-11-11T10:00:00+08:00', kind: 'other' }),
            u.nanningOfficer.token,
          )
        ).id,
      }),
      as: () => u.nanningOfficer,
      url: (f) => `/visits/${f.id}`,
      body: async (f) => ({ version: await versionOf(`/visits/${f.id}`), summary: '补充纪要' }),
      succeeds: 200,
      state: (f) => adminGet(`/visits/${f.id}`),
    },
    {
      route: 'POST /api/v1/leads/{id}/dispatches',
      fixture: nanningLead,
      as: () => u.nanningOfficer,
      url: (f) => `/leads/${f.id}/dispatches`,
      body: () => ({ toRegionCode: '450102' }),
      succeeds: 201,
      state: async (f) => ({
        lead: await leadState(f),
        dispatches: (await adminGet(`/leads/${f.id}/dispatches`)).items,
      }),
    },
    {
      route: 'POST /api/v1/leads/{id}/collaborators',
      fixture: nanningLead,
      as: () => u.nanningOfficer,
      url: (f) => `/leads/${f.id}/collaborators`,
      body: () => ({ regionCode: '450103' }),
      succeeds: 201,
      state: leadState,
    },
    {
      route: 'POST /api/v1/leads/{id}/escalations',
      fixture: async () => ({ id: (await createLead(t, { regionCode: '450102' }, u.xingningOfficer.token)).id }),
      as: () => u.xingningOfficer,
      url: (f) => `/leads/${f.id}/escalations`,
      body: () => ({ need: 'land_quota', detail: '需新增用地指标' }),
      succeeds: 201,
      state: async (f) => (await adminGet(`/leads/${f.id}/escalations`)).items,
    },
    {
      route: 'POST /api/v1/dispatches/{id}/accept',
      fixture: dispatchDown,
      as: () => u.xingningOfficer,
      url: (f) => `/dispatches/${f.id}/accept`,
      body: () => ({}),
      succeeds: 200,
      state: dispatchState,
    },
    {
      route: 'POST /api/v1/dispatches/{id}/return',
      fixture: dispatchDown,
      as: () => u.xingningOfficer,
      url: (f) => `/dispatches/${f.id}/return`,
      body: () => ({ reason: '本区无合适用地' }),
      succeeds: 200,
      state: dispatchState,
    },
    {
      route: 'POST /api/v1/dispatches/{id}/withdraw',
      fixture: dispatchDown,
      as: () => u.nanningOfficer,
      url: (f) => `/dispatches/${f.id}/withdraw`,
      body: () => ({}),
      succeeds: 200,
      state: dispatchState,
    },
    {
      route: 'POST /api/v1/escalations/{id}/answer',
      fixture: async () => {
        const lead = await createLead(t, { regionCode: '450102' }, u.xingningOfficer.token);
        return {
          id: (
            await ok(
              api('POST', `/leads/${lead.id}/escalations`, { need: 'policy', detail: '需政策支持' }),
              u.xingningOfficer.token,
            )
          ).id,
        };
      },
      as: () => u.nanningManager,
      url: (f) => `/escalations/${f.id}/answer`,
      body: () => ({ decision: 'granted' }),
      succeeds: 200,
      state: (f) => adminGet(`/escalations/${f.id}`),
    },
    {
      route: 'POST /api/v1/conflicts/{id}/resolve',
      fixture: async () => {
        const company = await createCompany(t);
        const first = await createLead(t, { companyId: company.id, regionCode: '450102' }, u.xingningOfficer.token);
        const second = await createLead(t, { companyId: company.id, regionCode: '450103' }, u.qingxiuOfficer.token);
        const open = (await adminGet('/conflicts?status=open&limit=200')).items as Array<{
          id: string;
          second: { leadId: string };
        }>;
        return { id: open.find((c) => c.second.leadId === second.id)!.id, winner: first.id };
      },
      as: () => u.nanningManager,
      url: (f) => `/conflicts/${f.id}/resolve`,
      body: (f) => ({ winnerLeadId: f.winner, outcome: 'winner_takes' }),
      succeeds: 200,
      state: (f) => adminGet(`/conflicts/${f.id}`),
    },
    {
      route: 'POST /api/v1/tasks',
      fixture: async () => ({}),
      as: () => u.nanningOfficer,
      url: () => '/tasks',
      body: () => ({ title: '约见企业', dueAt: new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString() }),
      succeeds: 201,
      state: () => count('/tasks?withTotal=true&limit=1'),
    },
    {
      route: 'PATCH /api/v1/tasks/{id}',
      fixture: async () => ({
        id: (
          await ok(
            api('POST', '/tasks', { title: '回访', dueAt: new Date(Date.now() + 10 * 86_400_000).toISOString() }),
            u.nanningOfficer.token,
          )
        ).id,
      }),
      as: () => u.nanningOfficer,
      url: (f) => `/tasks/${f.id}`,
      body: async (f) => ({ version: await versionOf(`/tasks/${f.id}`), title: '回访（改期）' }),
      succeeds: 200,
      state: (f) => adminGet(`/tasks/${f.id}`),
    },
    {
      route: 'POST /api/v1/supervision-slips/{id}/answer',
      fixture: async () => {
        const lead = await nanningLead();
        const id = await t.app.get(DataSource).transaction((manager) =>
          t.app.get(TasksRepository).insertSlip(manager, {
            leadId: lead.id,
            regionCode: '450100',
            cityCode: '450100',
            episodeAt: new Date(),
            stage: 'lead',
          }),
        );
        return { id: id! };
      },
      as: () => u.nanningManager,
      url: (f) => `/supervision-slips/${f.id}/answer`,
      body: () => ({ answer: '已约企业复谈' }),
      succeeds: 200,
      state: async (f) =>
        (await adminGet('/supervision-slips?limit=200')).items.find((slip: { id: string }) => slip.id === f.id),
    },
    {
      route: 'POST /api/v1/parks',
      fixture: async () => ({}),
      as: () => u.nanningOfficer,
      url: () => '/parks',
      body: () => ({ name: unique('属性测试园'), regionCode: '450100' }),
      succeeds: 201,
      state: async () => (await adminGet('/parks?limit=200')).items.length,
    },
    {
      route: 'PATCH /api/v1/parks/{id}',
      fixture: async () => ({
        id: (await ok(api('POST', '/parks', { name: unique('属性测试园'), regionCode: '450100' }))).id,
      }),
      as: () => u.nanningOfficer,
      url: (f) => `/parks/${f.id}`,
      body: async (f) => ({ version: await versionOf(`/parks/${f.id}`), contactUnit: '南宁市投资促进局' }),
      succeeds: 200,
      state: (f) => adminGet(`/parks/${f.id}`),
    },
    {
      route: 'POST /api/v1/parks/{id}/companies',
      fixture: async () => ({
        id: (await ok(api('POST', '/parks', { name: unique('属性测试园'), regionCode: '450100' }))).id,
        companyId: (await createCompany(t)).id,
      }),
      as: () => u.nanningOfficer,
      url: (f) => `/parks/${f.id}/companies`,
      body: (f) => ({ companyId: f.companyId }),
      succeeds: 201,
      state: (f) => adminGet(`/parks/${f.id}`),
    },
    {
      route: 'POST /api/v1/matching/parks',
      fixture: async () => ({}),
      as: () => u.nanningOfficer,
      url: () => '/matching/parks',
      body: () => ({ clusterCode: 'electronics' }),
      succeeds: 200,
    },
    {
      route: 'PUT /api/v1/targets/{year}',
      fixture: async () => ({}),
      as: () => u.nanningManager,
      url: () => '/targets/2032',
      body: () => ({ items: [{ regionCode: '450102', category: 'all', targetCount: 3 }] }),
      succeeds: 200,
      state: async () => (await adminGet('/targets/2032')).items,
    },
    {
      route: 'PUT /api/v1/working-days/years/{year}',
      fixture: async () => ({}),
      as: () => t.adminToken,
      url: () => '/working-days/years/2033',
      body: () => ({ confirmed: true, days: [{ date: '2033-04-01', kind: 'holiday', name: '壮族三月三' }] }),
      succeeds: 200,
      state: async () => (await adminGet('/working-days/years?limit=200')).items,
    },
    {
      route: 'PUT /api/v1/regions/{code}/robots/{channel}',
      fixture: async () => ({}),
      as: () => t.adminToken,
      url: () => '/regions/450722/robots/wecom',
      body: async () => ({
        version: (await adminGet('/regions/450722/robots')).items[0]?.version,
        webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=mass-assignment',
        // Off: nothing is ever posted to a host this machine cannot reach.
        enabled: false,
      }),
      succeeds: 200,
      state: async () => (await adminGet('/regions/450722/robots')).items,
    },
    {
      route: 'PUT /api/v1/stall-rules',
      fixture: async () => ({}),
      as: () => t.adminToken,
      url: () => '/stall-rules',
      // The version in force when sent: the refusals must be the extra fields' doing, not a stale version.
      body: async () => {
        // The rules as they stand: the run's database is shared, and other suites judge leads by them.
        const { version, tierAMinYi, tierBMinYi, slipDueDays, rules } = await adminGet('/stall-rules');
        return { version, tierAMinYi, tierBMinYi, slipDueDays, rules };
      },
      succeeds: 200,
      state: async () => (await adminGet('/stall-rules/versions?limit=200')).items,
    },
    {
      route: 'PUT /api/v1/regions/{code}/key-industrial-county',
      fixture: async () => ({}),
      as: () => t.adminToken,
      // 灵山县 stays marked: no other suite reads 钦州's key counties.
      url: () => '/regions/450721/key-industrial-county',
      body: () => ({ keyIndustrialCounty: true }),
      succeeds: 200,
      state: async () => adminGet('/regions/450721'),
    },
  ];

  beforeAll(async () => {
    t = await startTestApp();
    u.nanningOfficer = await createSignedInUser(t, 'officer', '450100');
    u.nanningManager = await createSignedInUser(t, 'manager', '450100');
    u.xingningOfficer = await createSignedInUser(t, 'officer', '450102');
    u.xingningManager = await createSignedInUser(t, 'manager', '450102');
    u.qingxiuOfficer = await createSignedInUser(t, 'officer', '450103');
    u.qingxiuManager = await createSignedInUser(t, 'manager', '450103');
    u.liuzhouOfficer = await createSignedInUser(t, 'officer', '450200');
    document = (await t.request({ method: 'GET', url: '/api/docs-json' }, null)).json();
    nanningTeam = await ok(
      api('POST', '/teams', {
        name: unique('南宁对接小组'),
        clusterCode: 'electronics',
        memberUserIds: [u.nanningOfficer.id],
      }),
      u.nanningManager.token,
    );
  });
  afterAll(() => t.close());

  const whitelistFields = (body: { details?: Array<{ field: string; constraint: string }> }) =>
    (body.details ?? []).filter((detail) => detail.constraint === 'whitelistValidation').map((detail) => detail.field);

  describe('mass assignment', () => {
    it('has a case for every documented route that takes a body', () => {
      const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.entries(operations)
          .filter(([, operation]) => operation.requestBody?.content?.['application/json'])
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
      const listed = routes.map((route) => route.route);
      expect(documented.filter((route) => !listed.includes(route))).toEqual([]);
      expect(listed.filter((route) => !documented.includes(route))).toEqual([]);
    });

    it.each(routes.map((route) => [route.route, route] as const))(
      '%s refuses server-owned fields and writes nothing',
      async (_route, route) => {
        const fixture = await route.fixture();
        const token = tokenOf(route.as(fixture));
        const send = async (extra: Record<string, unknown>) =>
          t.request(
            api(route.route.split(' ')[0] as InjectOptions['method'], route.url(fixture), {
              ...(await route.body(fixture)),
              ...extra,
            }),
            token || null,
          );
        const declared = declaredFields(route.route);
        const forbidden = Object.keys(SERVER_OWNED).filter((field) => !declared.includes(field));
        expect(forbidden.length).toBeGreaterThan(20);

        const before = await route.state?.(fixture);
        for (const field of forbidden) {
          const res = await send({ [field]: SERVER_OWNED[field] });
          expect({ field, status: res.statusCode, code: res.json().code, named: whitelistFields(res.json()) }).toEqual({
            field,
            status: 400,
            code: 'VALIDATION_FAILED',
            named: [field],
          });
          expect(Object.keys(res.json()).filter((key) => !ERROR_FIELDS.includes(key))).toEqual([]);
        }
        // All at once: each one named, none silently kept.
        const all = await send(Object.fromEntries(forbidden.map((field) => [field, SERVER_OWNED[field]])));
        expect(all.statusCode).toBe(400);
        expect(whitelistFields(all.json()).sort()).toEqual([...forbidden].sort());
        if (route.state) expect(await route.state(fixture)).toEqual(before);

        // The same body without them goes through: the refusals were the extra fields' doing.
        const plain = await send({});
        expect({ status: plain.statusCode, body: plain.statusCode >= 300 ? plain.body : '' }).toEqual({
          status: route.succeeds,
          body: '',
        });
        if (route.state) expect(await route.state(fixture)).not.toEqual(before);
      },
    );

    it('refuses server-owned fields inside nested objects too, naming their path', async () => {
      const company = await createCompany(t);
      const lead = await nanningLead();
      const cases: Array<[string, InjectOptions, string]> = [
        [
          'lead source',
          api('POST', '/leads', {
            companyId: company.id,
            title: '嵌套测试',
            clusterCode: 'electronics',
            source: { kind: 'government', createdBy: '1' },
          }),
          'source.createdBy',
        ],
        [
          'company contact',
          api('POST', '/companies', {
            name: `${unique('嵌套')}有限公司`,
            creditCode: randomCreditCode(),
            ownership: 'private',
            contacts: [{ name: '王总', id: '1' }],
          }),
          'contacts.0.id',
        ],
        [
          'visit intelligence',
          api('POST', '/visits', {
            teamId: nanningTeam.id,
            visitedAt: '2026-11-12T10:00:00+08:00',
            kind: 'other',
            intelligence: { intentLevel: 'high', verified: true },
          }),
          'intelligence.verified',
        ],
        [
          'visit next step',
          api('POST', '/visits', {
            teamId: nanningTeam.id,
            visitedAt: '2026-11-12T10:00:00+08:00',
            kind: 'other',
            nextSteps: [
              { title: '回访', dueAt: '2026-12-01T10:00:00+08:00', assigneeId: u.nanningOfficer.id, status: 'done' },
            ],
          }),
          'nextSteps.0.status',
        ],
        [
          'park readiness',
          api('PATCH', '/parks/1', {
            version: 1,
            readiness: {
              road: true,
              water: true,
              power: true,
              gas: true,
              network: true,
              levelled: true,
              certifiedBy: '1',
            },
          }),
          'readiness.certifiedBy',
        ],
        [
          'target item',
          api('PUT', '/targets/2033', {
            items: [{ regionCode: '450102', category: 'all', targetCount: 1, updatedBy: '1' }],
          }),
          'items.0.updatedBy',
        ],
        ['lead edit', api('PATCH', `/leads/${lead.id}`, { version: 1, source: { kind: 'chamber' } }), 'source'],
      ];
      const leadsBefore = await count('/leads?withTotal=true&limit=1');
      for (const [name, request, field] of cases) {
        const res = await t.request(request, name === 'target item' ? u.nanningManager.token : u.nanningOfficer.token);
        expect({ name, status: res.statusCode, named: whitelistFields(res.json()) }).toEqual({
          name,
          status: 400,
          named: [field],
        });
      }
      expect(await count('/leads?withTotal=true&limit=1')).toBe(leadsBefore);
      expect((await adminGet('/targets/2033')).items).toEqual([]);
    });

    it('ignores a body on routes that take none: they act for the caller only', async () => {
      const other = await createSignedInUser(t, 'officer', '450102', 'other');
      // Both have unread notifications from a dispatch to 兴宁区.
      await dispatchDown();
      const unread = async (user: TestUser) => (await ok(api('GET', '/auth/me'), user.token)).unreadNotifications;
      expect(await unread(other)).toBeGreaterThan(0);
      const readAll = await t.request(
        api('POST', '/notifications/read-all', { userId: other.id }),
        u.xingningOfficer.token,
      );
      expect(readAll.statusCode).toBe(200);
      expect(await unread(u.xingningOfficer)).toBe(0);
      expect(await unread(other)).toBeGreaterThan(0);
    });
  });

  describe('properties the routes declare, authorised field by field', () => {
    const expectRefused = (
      res: { statusCode: number; json: () => any },
      status: number,
      field?: string,
      constraint = 'notPermitted',
    ) => {
      expect(res.statusCode).toBe(status);
      if (field) expect(res.json().details).toEqual([expect.objectContaining({ field, constraint })]);
    };

    it('lets a manager create and edit users only as officers or residents of their jurisdiction', async () => {
      const create = (payload: Record<string, unknown>) =>
        t.request(
          api('POST', '/users', {
            username: unique('mgr.made.'),
            displayName: '新用户',
            password: 'new-user-password-1',
            role: 'officer',
            regionCode: '450102',
            ...payload,
          }),
          u.nanningManager.token,
        );
      const usersBefore = await count('/users?withTotal=true&limit=1');
      expectRefused(await create({ role: 'admin' }), 400, 'role');
      expectRefused(await create({ role: 'manager' }), 400, 'role');
      expectRefused(await create({ regionCode: '450200' }), 400, 'regionCode');
      expectRefused(await create({ regionCode: '450000' }), 400, 'regionCode');
      expect(await count('/users?withTotal=true&limit=1')).toBe(usersBefore);

      const target = await createSignedInUser(t, 'officer', '450102', 'promote');
      const patch = async (payload: Record<string, unknown>, token = u.nanningManager.token) =>
        t.request(
          api('PATCH', `/users/${target.id}`, { version: await versionOf(`/users/${target.id}`), ...payload }),
          token,
        );
      const before = await adminGet(`/users/${target.id}`);
      expectRefused(await patch({ role: 'admin' }), 400, 'role');
      expectRefused(await patch({ role: 'manager' }), 400, 'role');
      expectRefused(await patch({ regionCode: '450200' }), 400, 'regionCode');
      // A county manager may not move the user up to the city either.
      expectRefused(await patch({ regionCode: '450100' }, u.xingningManager.token), 400, 'regionCode');
      expect(await adminGet(`/users/${target.id}`)).toEqual(before);
      // The user still signs in as an officer.
      expect((await t.login(target.username, TEST_USER_PASSWORD)).user).toMatchObject({
        role: 'officer',
        regionCode: '450102',
      });
    });

    it('never lets anyone change their own role, unit, active flag or password through the profile route', async () => {
      const me = (await ok(api('GET', '/auth/me'))) as { id: string; version: number };
      const patchSelf = (payload: Record<string, unknown>, token?: string, id = me.id) =>
        t.request(api('PATCH', `/users/${id}`, { version: me.version, ...payload }), token);
      expectRefused(await patchSelf({ role: 'officer' }), 400, 'role');
      expectRefused(await patchSelf({ regionCode: '450100' }), 400, 'regionCode');
      expectRefused(await patchSelf({ active: false }), 400, 'active');
      expectRefused(await patchSelf({ password: 'another-password-1' }), 400, 'password');
      expect(await adminGet(`/users/${me.id}`)).toMatchObject({
        role: 'admin',
        regionCode: '450000',
        active: true,
        version: me.version,
      });

      // A manager's own account is the administrators' to manage; officers and residents manage no profile at all.
      const manager = (await ok(api('GET', '/auth/me'), u.nanningManager.token)) as { id: string; version: number };
      expectRefused(
        await t.request(
          api('PATCH', `/users/${manager.id}`, { version: manager.version, role: 'admin' }),
          u.nanningManager.token,
        ),
        403,
      );
      const officer = (await ok(api('GET', '/auth/me'), u.nanningOfficer.token)) as { id: string; version: number };
      expectRefused(
        await t.request(
          api('PATCH', `/users/${officer.id}`, { version: officer.version, role: 'manager' }),
          u.nanningOfficer.token,
        ),
        403,
      );
      expect((await adminGet(`/users/${manager.id}`)).role).toBe('manager');
      expect((await adminGet(`/users/${officer.id}`)).role).toBe('officer');
      // The password route takes only the two passwords.
      const escalate = await t.request(
        api('POST', '/users/me/password', {
          currentPassword: TEST_USER_PASSWORD,
          newPassword: 'officer-password-999',
          role: 'admin',
        }),
        u.nanningOfficer.token,
      );
      expectRefused(escalate, 400, 'role', 'whitelistValidation');
      expect((await t.login(u.nanningOfficer.username, TEST_USER_PASSWORD)).user).toMatchObject({ role: 'officer' });
    });

    it('keeps new leads, teams and parks inside the creator’s jurisdiction', async () => {
      const company = await createCompany(t);
      const leadsBefore = await count('/leads?withTotal=true&limit=1');
      const lead = (regionCode: string) =>
        t.request(
          api('POST', '/leads', {
            companyId: company.id,
            title: '越权登记',
            clusterCode: 'electronics',
            source: { kind: 'government' },
            regionCode,
          }),
          u.xingningOfficer.token,
        );
      expectRefused(await lead('450100'), 400, 'regionCode');
      expectRefused(await lead('450103'), 400, 'regionCode');
      expectRefused(await lead('450200'), 400, 'regionCode');
      expect(await count('/leads?withTotal=true&limit=1')).toBe(leadsBefore);

      const teamsBefore = (await adminGet('/teams?limit=200')).items.length;
      expectRefused(
        await t.request(
          api('POST', '/teams', { name: '越权小组', clusterCode: 'auto', regionCode: '450200' }),
          u.nanningManager.token,
        ),
        400,
        'regionCode',
      );
      expectRefused(
        await t.request(
          api('POST', '/teams', { name: '越权小组', clusterCode: 'auto', regionCode: '450000' }),
          u.nanningManager.token,
        ),
        400,
        'regionCode',
      );
      expect((await adminGet('/teams?limit=200')).items.length).toBe(teamsBefore);

      // Parks are public, so another unit's is refused as FORBIDDEN rather than as a field.
      const parksBefore = (await adminGet('/parks?limit=200')).items.length;
      expectRefused(
        await t.request(
          api('POST', '/parks', { name: unique('越权园区'), regionCode: '450200' }),
          u.nanningOfficer.token,
        ),
        403,
      );
      expect((await adminGet('/parks?limit=200')).items.length).toBe(parksBefore);
    });

    it('moves a lead’s stage only through transitions, and its unit only through dispatches', async () => {
      const lead = await nanningLead();
      const before = await leadState(lead);
      for (const [field, value] of Object.entries({
        stage: 'signed',
        regionCode: '450102',
        signedAmount: 100,
        lostReason: 'x',
        companyId: '1',
      })) {
        const res = await t.request(
          api('PATCH', `/leads/${lead.id}`, { version: 1, [field]: value }),
          u.nanningOfficer.token,
        );
        expect({ field, status: res.statusCode, named: whitelistFields(res.json()) }).toEqual({
          field,
          status: 400,
          named: [field],
        });
      }
      // A transition carries only the fields of the stages it enters.
      const early = await t.request(
        api('POST', `/leads/${lead.id}/transitions`, { version: 1, to: 'contacted', signedAmount: 100 }),
        u.nanningOfficer.token,
      );
      expectRefused(early, 400, 'signedAmount');
      expect(await leadState(lead)).toEqual(before);
    });
  });

  describe('excessive data exposure', () => {
    /** Every key path of a JSON value. */
    const keyPaths = (value: unknown, path = ''): string[] => {
      if (Array.isArray(value)) return value.flatMap((item, index) => keyPaths(item, `${path}[${index}]`));
      if (value && typeof value === 'object')
        return Object.entries(value).flatMap(([key, child]) => [
          `${path}.${key}`,
          ...keyPaths(child, `${path}.${key}`),
        ]);
      return [];
    };
    const SECRET_KEY = /password|hash|secret|salt|token/i;

    it('sends no password, hash or token in any user-facing response', async () => {
      const user = await createSignedInUser(t, 'officer', '450102', 'exposed');
      await ok(api('POST', '/calendar/token'), user.token);
      const login = await t.login(user.username, TEST_USER_PASSWORD);
      const refreshed = await ok(api('POST', '/auth/refresh', { refreshToken: login.refreshToken }));
      const responses: Record<string, unknown> = {
        login,
        refresh: refreshed,
        me: await ok(api('GET', '/auth/me'), login.accessToken),
        'users list (manager)': await ok(api('GET', '/users?limit=200'), u.nanningManager.token),
        'users list (admin)': await ok(api('GET', '/users?limit=200')),
        'user detail': await ok(api('GET', `/users/${user.id}`), u.xingningManager.token),
        'user created': await ok(
          api('POST', '/users', {
            username: unique('fresh.'),
            displayName: '新人',
            password: 'fresh-password-123',
            role: 'officer',
            regionCode: '450102',
          }),
          u.nanningManager.token,
        ),
        'user changed': await ok(
          api('PATCH', `/users/${user.id}`, {
            version: await versionOf(`/users/${user.id}`),
            password: 'reset-password-123',
          }),
          u.nanningManager.token,
        ),
        'team members': await ok(api('GET', `/teams/${nanningTeam.id}`), u.nanningOfficer.token),
      };
      for (const [name, body] of Object.entries(responses)) {
        // The token pairs carry the caller's own tokens at the top level, by design; nothing else may.
        const secrets = keyPaths(body).filter(
          (path) =>
            SECRET_KEY.test(path.split('.').pop()!) && !['.accessToken', '.refreshToken', '.tokenType'].includes(path),
        );
        expect({ name, secrets }).toEqual({ name, secrets: [] });
        expect({ name, argon2: JSON.stringify(body).includes('$argon2') }).toEqual({ name, argon2: false });
      }
      // The audit trail says a password changed, never what it is.
      const audit = (await ok(api('GET', `/audit?entity=user&entityId=${user.id}`))).items as Array<{
        changes: Record<string, unknown>;
      }>;
      const recorded = audit.flatMap((entry) =>
        Object.entries(entry.changes)
          .filter(([field]) => SECRET_KEY.test(field))
          .map(([, change]) => change),
      );
      expect(recorded.length).toBeGreaterThanOrEqual(2);
      for (const change of recorded)
        expect(change).toEqual(expect.arrayContaining([expect.stringMatching(/^\[redacted\]$/)]));
      expect(JSON.stringify(audit)).not.toContain('$argon2');
      // Stored, a refresh token is only its hash.
      const stored = async (value: string) =>
        Number(
          (
            await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM refresh_tokens WHERE token_hash = ?', [value])
          )[0].n,
        );
      expect(await stored(createHash('sha256').update(refreshed.refreshToken).digest('hex'))).toBe(1);
      expect(await stored(refreshed.refreshToken)).toBe(0);
    });

    it('names a confidential lead only by its code name to units outside its holder’s chain', async () => {
      const company = await createCompany(t);
      const secretTitle = `绝密新材料项目${stamp}`;
      await createLead(
        t,
        { companyId: company.id, regionCode: '450103', title: '青秀新材料项目' },
        u.qingxiuOfficer.token,
      );
      const confidential = await createLead(
        t,
        { companyId: company.id, regionCode: '450102', title: secretTitle, confidential: true, codeName: 'X计划' },
        u.xingningOfficer.token,
      );

      // The holder's chain sees it in full.
      for (const user of [u.xingningOfficer, u.nanningManager]) {
        expect(await ok(api('GET', `/leads/${confidential.id}`), user.token)).toMatchObject({
          title: secretTitle,
          companyName: company.name,
          masked: false,
        });
      }
      // The other party of the 撞单 learns of it by its code name only, and cannot open it.
      const told = (
        (await ok(api('GET', '/notifications?limit=200'), u.qingxiuManager.token)).items as Array<{
          kind: string;
          leadId: string;
          title: string;
          body: string | null;
        }>
      ).filter((n) => n.leadId === confidential.id);
      expect(told.map((n) => n.kind)).toContain('conflict_opened');
      for (const notification of told) {
        expect(notification.title).toContain('X计划');
        expect(`${notification.title} ${notification.body}`).not.toContain(secretTitle);
      }
      expect((await t.request(api('GET', `/leads/${confidential.id}`), u.qingxiuManager.token)).statusCode).toBe(404);
      const conflict = (
        (await ok(api('GET', '/conflicts?status=open&limit=200'), u.qingxiuManager.token)).items as Array<{
          id: string;
          second: { leadId: string };
        }>
      ).find((c) => c.second.leadId === confidential.id)!;
      const detail = await ok(api('GET', `/conflicts/${conflict.id}`), u.qingxiuManager.token);
      expect(detail.sides[1]).toEqual({ leadId: confidential.id, lead: null, timeline: [] });
      expect(JSON.stringify(detail)).not.toContain(secretTitle);
    });

    it('shows another unit’s visits of a company as dates only', async () => {
      const company = await createCompany(t);
      const liuzhouTeam = await ok(
        api('POST', '/teams', {
          name: unique('柳州对接小组'),
          clusterCode: 'auto',
          regionCode: '450200',
          memberUserIds: [u.liuzhouOfficer.id],
        }),
      );
      const summary = `柳州内部纪要${stamp}`;
      await ok(
        api('POST', '/visits', {
          teamId: liuzhouTeam.id,
          visitedAt: '2026-11-15T10:00:00+08:00',
          kind: 'company',
          companyId: company.id,
          summary,
        }),
        u.liuzhouOfficer.token,
      );
      const calendar = (viewer: TestUser) =>
        ok(
          api(
            'GET',
            `/visits/calendar?from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00&companyId=${company.id}`,
          ),
          viewer.token,
        );
      const own = (await calendar(u.liuzhouOfficer)).items;
      expect(own).toEqual([expect.objectContaining({ detailed: true, summary, companyName: company.name })]);
      const other = (await calendar(u.nanningOfficer)).items;
      expect(other).toEqual([
        expect.objectContaining({
          detailed: false,
          id: null,
          kind: null,
          companyName: null,
          summary: null,
          visitedAt: own[0].visitedAt,
        }),
      ]);
      // A visit the other unit logs for the same company is warned of the overlap, without the details.
      const mine = await ok(
        api('POST', '/visits', {
          teamId: nanningTeam.id,
          visitedAt: '2026-11-16T10:00:00+08:00',
          kind: 'company',
          companyId: company.id,
        }),
        u.nanningOfficer.token,
      );
      expect(mine.warnings[0].visits).toEqual([expect.objectContaining({ id: null, summary: null })]);
      expect(JSON.stringify(mine)).not.toContain(summary);
    });
  });
});
