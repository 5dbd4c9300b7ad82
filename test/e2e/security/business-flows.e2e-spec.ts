import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { DataSource } from 'typeorm';
import { createCompany, createLead, randomCreditCode } from '../../utils/records';
import { startTestApp, TestApp } from '../../utils/test-app';
import { createSignedInUser, TestUser } from '../../utils/users';

/**
 * OWASP API6 (unrestricted access to sensitive business flows): a 撞单 ruling and the targets units are measured
 * against are decisions of the right managers only. Officers and residents are FORBIDDEN by role; a manager who
 * sees a conflict but is not above both parties is FORBIDDEN; one who does not see it gets NOT_FOUND. Targets
 * name their units in the body, so a unit that is not below the manager is a VALIDATION_FAILED naming the item.
 *
 * OWASP API8 (security misconfiguration): whatever goes wrong, the answer is the docs/api.md "Errors" body and nothing
 * more: no stack, no SQL, no table, column or constraint names, no paths.
 */

const ERROR_FIELDS = ['statusCode', 'code', 'message', 'details', 'requestId'];
const API_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'DUPLICATE',
  'VERSION_CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'NOT_READY',
  'INTERNAL',
];
/** What must never reach a client: stack frames, SQL, driver errors, constraint names, paths, test database names. */
const LEAK =
  /\bat .*\.(ts|js):\d+|\.(ts|js):\d+:\d+|\bSELECT\b|\bINSERT INTO\b|\bUPDATE `|\bDELETE FROM\b|\bER_[A-Z_]+|Duplicate entry|foreign key constraint|node_modules|\/work\/|\/src\/|QueryFailedError|EntityNotFound|TypeORM|mysql|mariadb|sqlMessage|sqlState|errno|\b(fk|uq|idx)_[a-z_]+|zs_test_|\bstack\b/i;

type Unit = 'region' | 'nanning' | 'xingning' | 'qingxiu' | 'liuzhou' | 'chengzhong';
const UNITS: Record<Unit, string> = {
  region: '450000',
  nanning: '450100',
  xingning: '450102',
  qingxiu: '450103',
  liuzhou: '450200',
  chengzhong: '450202',
};

describe('OWASP API6 and API8: sensitive business flows and error hygiene', () => {
  let t: TestApp;
  const officers = {} as Record<Unit, TestUser>;
  const managers = {} as Record<Unit, TestUser>;
  let resident: TestUser;
  /** Snake-case table and column names of the schema: none may appear in an error. */
  let schemaNames: string[];

  const api = (method: InjectOptions['method'], url: string, payload?: unknown): InjectOptions => ({
    method,
    url: `/api/v1${url}`,
    payload: payload as InjectOptions['payload'],
  });
  const adminGet = async (url: string) => (await t.request(api('GET', url))).json();
  const ok = async (options: InjectOptions, token?: string) => {
    const res = await t.request(options, token);
    if (res.statusCode >= 300) throw new Error(`${options.method} ${options.url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  /** The docs/api.md "Errors" body, with its status and code, and nothing that tells how the server is built. */
  const expectCleanError = (label: string, res: LightMyRequestResponse, status: number, code?: string | string[]) => {
    const body = res.json();
    expect({ label, status: res.statusCode }).toEqual({ label, status });
    expect({ label, extraKeys: Object.keys(body).filter((key) => !ERROR_FIELDS.includes(key)) }).toEqual({
      label,
      extraKeys: [],
    });
    expect(body).toMatchObject({ statusCode: status, message: expect.any(String), requestId: expect.any(String) });
    expect(API_CODES).toContain(body.code);
    if (code)
      expect({ label, code: body.code }).toEqual({
        label,
        code: Array.isArray(code) ? expect.stringMatching(new RegExp(`^(${code.join('|')})$`)) : code,
      });
    expect({ label, leak: res.body.match(LEAK)?.[0] ?? null }).toEqual({ label, leak: null });
    const named = schemaNames.filter((name) => new RegExp(`\\b${name}\\b`).test(res.body));
    expect({ label, schemaNames: named }).toEqual({ label, schemaNames: [] });
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['x-powered-by']).toBeUndefined();
    return body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    for (const unit of Object.keys(UNITS) as Unit[]) {
      officers[unit] = await createSignedInUser(t, 'officer', UNITS[unit], `off-${unit}`);
      managers[unit] = await createSignedInUser(t, 'manager', UNITS[unit], `mgr-${unit}`);
    }
    resident = await createSignedInUser(t, 'resident', UNITS.nanning);
    const rows: Array<{ name: string }> = await t.app.get(DataSource).query(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '%\\_%'
       UNION SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND column_name LIKE '%\\_%'`,
    );
    schemaNames = [...new Set(rows.map((row) => row.name))];
    expect(schemaNames).toEqual(expect.arrayContaining(['refresh_tokens', 'credit_code', 'source_visit_id']));
  });
  afterAll(() => t.close());

  describe('撞单 rulings', () => {
    /** Two units' open leads for one company; the conflict the second registration opened. */
    const conflictBetween = async (first: Unit, second: Unit) => {
      const company = await createCompany(t);
      const a = await createLead(t, { companyId: company.id, regionCode: UNITS[first] }, officers[first].token);
      const b = await createLead(t, { companyId: company.id, regionCode: UNITS[second] }, officers[second].token);
      const open = (await adminGet('/conflicts?status=open&limit=200')).items as Array<{
        id: string;
        second: { leadId: string };
        arbiterRegionCode: string;
      }>;
      const conflict = open.find((c) => c.second.leadId === b.id)!;
      return { id: conflict.id, arbiter: conflict.arbiterRegionCode, first: a.id, second: b.id };
    };
    /** The conflict, both leads and the ruling's traces, as the administrator reads them. */
    const ruling = async (c: { id: string; first: string; second: string }) => {
      const leadOf = async (id: string) => {
        const { stage, mergedIntoLeadId, inConflict, version, lostReason } = await adminGet(`/leads/${id}`);
        return { stage, mergedIntoLeadId, inConflict, version, lostReason };
      };
      return {
        conflict: await adminGet(`/conflicts/${c.id}`),
        first: await leadOf(c.first),
        second: await leadOf(c.second),
        audit: (await adminGet(`/audit?entity=lead_conflict&entityId=${c.id}`)).items.length,
      };
    };
    const resolve = (c: { id: string; first: string }, user: TestUser, extra: Record<string, unknown> = {}) =>
      t.request(
        api('POST', `/conflicts/${c.id}/resolve`, {
          winnerLeadId: c.first,
          outcome: 'winner_takes',
          note: '首报首谈',
          ...extra,
        }),
        user.token,
      );

    it('between two counties: only their city’s managers (or the region’s) rule; everyone else is refused and nothing moves', async () => {
      const c = await conflictBetween('xingning', 'qingxiu');
      expect(c.arbiter).toBe(UNITS.nanning);
      const before = await ruling(c);
      expect(before.conflict.status).toBe('open');
      const refusals: Array<[string, TestUser, number, string]> = [
        ['the arbiter’s officer', officers.nanning, 403, 'FORBIDDEN'],
        ['a party’s officer', officers.xingning, 403, 'FORBIDDEN'],
        ['a resident of the arbiter', resident, 403, 'FORBIDDEN'],
        ['the first party’s manager', managers.xingning, 403, 'FORBIDDEN'],
        ['the second party’s manager', managers.qingxiu, 403, 'FORBIDDEN'],
        ['another city’s manager', managers.liuzhou, 404, 'NOT_FOUND'],
        ['another city’s county manager', managers.chengzhong, 404, 'NOT_FOUND'],
      ];
      for (const [who, user, status, code] of refusals) {
        expectCleanError(who, await resolve(c, user), status, code);
        expect({ who, after: await ruling(c) }).toEqual({ who, after: before });
      }
      // The right manager with a stale version or a stranger as winner changes nothing either.
      const stale = expectCleanError(
        'stale version',
        await resolve(c, managers.nanning, { version: before.conflict.version + 5 }),
        409,
        'VERSION_CONFLICT',
      );
      expect(stale.details[0]).toMatchObject({ field: 'version', currentVersion: before.conflict.version });
      expectCleanError(
        'a winner that is no party',
        await resolve(c, managers.nanning, { winnerLeadId: '999999999999' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(await ruling(c)).toEqual(before);

      const ruled = await resolve(c, managers.nanning, { version: before.conflict.version });
      expect(ruled.statusCode).toBe(200);
      expect(ruled.json()).toMatchObject({
        status: 'resolved',
        winnerLeadId: c.first,
        resolvedBy: managers.nanning.id,
      });
      const after = await ruling(c);
      expect(after.second).toMatchObject({ stage: 'lost', lostReason: 'conflict', mergedIntoLeadId: c.first });
      // Ruled once: a second ruling, even from above, is a conflict and changes nothing.
      expectCleanError(
        'a second ruling',
        await resolve(c, managers.region, { winnerLeadId: c.second }),
        409,
        'CONFLICT',
      );
      expect(await ruling(c)).toEqual(after);
    });

    it('between a city and its own county: the region rules, not the city', async () => {
      const c = await conflictBetween('nanning', 'xingning');
      expect(c.arbiter).toBe(UNITS.region);
      const before = await ruling(c);
      for (const [who, user] of [
        ['the city’s manager', managers.nanning],
        ['the county’s manager', managers.xingning],
      ] as const) {
        expectCleanError(who, await resolve(c, user), 403, 'FORBIDDEN');
      }
      expectCleanError('the region’s officer', await resolve(c, officers.region), 403, 'FORBIDDEN');
      expect(await ruling(c)).toEqual(before);
      expect((await resolve(c, managers.region)).statusCode).toBe(200);
    });

    it('between two cities: the region rules; each city sees it but may not rule', async () => {
      const c = await conflictBetween('xingning', 'liuzhou');
      expect(c.arbiter).toBe(UNITS.region);
      const before = await ruling(c);
      for (const [who, user] of [
        ['南宁', managers.nanning],
        ['柳州', managers.liuzhou],
      ] as const) {
        expectCleanError(who, await resolve(c, user), 403, 'FORBIDDEN');
      }
      // Counties that are no party do not see it.
      expectCleanError('青秀区', await resolve(c, managers.qingxiu), 404, 'NOT_FOUND');
      expectCleanError('柳州城中区', await resolve(c, managers.chengzhong), 404, 'NOT_FOUND');
      expect(await ruling(c)).toEqual(before);
      expect((await resolve(c, managers.region, { winnerLeadId: c.second })).statusCode).toBe(200);
    });

    it('rules once when two entitled managers rule at the same moment', async () => {
      const c = await conflictBetween('xingning', 'qingxiu');
      const answers = await Promise.all([
        resolve(c, managers.nanning),
        resolve(c, managers.region, { winnerLeadId: c.second }),
      ]);
      expect(answers.map((res) => res.statusCode).sort()).toEqual([200, 409]);
      expectCleanError(
        'the loser of the race',
        answers.find((res) => res.statusCode === 409)!,
        409,
        ['CONFLICT', 'VERSION_CONFLICT'],
      );
      const after = await ruling(c);
      expect(after.audit).toBe(2); // created, resolved once
      expect([after.first.stage, after.second.stage].filter((stage) => stage === 'lost')).toHaveLength(1);
    });
  });

  describe('targets', () => {
    const YEAR = 2034;
    const put = (user: TestUser, items: Array<Record<string, unknown>>) =>
      t.request(api('PUT', `/targets/${YEAR}`, { items }), user.token);
    const stored = async () =>
      (await adminGet(`/targets/${YEAR}?limit=200`)).items as Array<{
        regionCode: string;
        category: string;
        targetCount: number | null;
        version: number;
      }>;
    const auditCount = async () => (await adminGet('/audit?entity=target&limit=200')).items.length;

    it('are set only by managers above the unit, all or nothing', async () => {
      const before = { targets: await stored(), audit: await auditCount() };
      const refusals: Array<[string, TestUser, Array<Record<string, unknown>>, number, string | null]> = [
        ['an officer', officers.nanning, [{ regionCode: UNITS.xingning, category: 'all', targetCount: 5 }], 403, null],
        ['a resident', resident, [{ regionCode: UNITS.xingning, category: 'all', targetCount: 5 }], 403, null],
        [
          'a county manager, for itself',
          managers.xingning,
          [{ regionCode: UNITS.xingning, category: 'all', targetCount: 50 }],
          400,
          'items.0.regionCode',
        ],
        [
          'a county manager, for its sibling',
          managers.xingning,
          [{ regionCode: UNITS.qingxiu, category: 'all', targetCount: 0 }],
          400,
          'items.0.regionCode',
        ],
        [
          'a city manager, for itself',
          managers.nanning,
          [{ regionCode: UNITS.nanning, category: 'all', targetCount: 50 }],
          400,
          'items.0.regionCode',
        ],
        [
          'a city manager, for another city’s county',
          managers.nanning,
          [{ regionCode: UNITS.chengzhong, category: 'all', targetCount: 0 }],
          400,
          'items.0.regionCode',
        ],
        [
          'another city’s manager',
          managers.liuzhou,
          [{ regionCode: UNITS.xingning, category: 'all', targetCount: 0 }],
          400,
          'items.0.regionCode',
        ],
        [
          'another city’s manager, for the region',
          managers.liuzhou,
          [{ regionCode: UNITS.region, category: 'all', targetCount: 0 }],
          400,
          'items.0.regionCode',
        ],
        [
          'a city manager, one item of the batch outside',
          managers.nanning,
          [
            { regionCode: UNITS.xingning, category: 'all', targetCount: 5 },
            { regionCode: UNITS.chengzhong, category: 'all', targetCount: 5 },
          ],
          400,
          'items.1.regionCode',
        ],
      ];
      for (const [who, user, items, status, field] of refusals) {
        const body = expectCleanError(who, await put(user, items), status);
        if (field)
          expect({ who, details: body.details }).toEqual({
            who,
            details: [expect.objectContaining({ field, constraint: 'notPermitted' })],
          });
      }
      expect({ targets: await stored(), audit: await auditCount() }).toEqual(before);

      // Nanning sets its counties' targets; the region sets Nanning's.
      expect(
        (
          await put(managers.nanning, [
            { regionCode: UNITS.xingning, category: 'all', targetCount: 5 },
            { regionCode: UNITS.qingxiu, category: 'all', targetCount: 4 },
          ])
        ).json(),
      ).toEqual({ year: YEAR, saved: 2, removed: 0 });
      expect(
        (await put(managers.region, [{ regionCode: UNITS.nanning, category: 'all', targetCount: 12 }])).json(),
      ).toMatchObject({ saved: 1 });
      expect((await stored()).map((row) => [row.regionCode, row.targetCount]).sort()).toEqual(
        [
          [UNITS.nanning, 12],
          [UNITS.xingning, 5],
          [UNITS.qingxiu, 4],
        ].sort(),
      );
    });

    it('cannot be lowered or removed by the unit measured, nor changed unseen', async () => {
      const xingning = (await stored()).find((row) => row.regionCode === UNITS.xingning)!;
      const before = await stored();
      const attempts: Array<[string, TestUser, Record<string, unknown>, number, string]> = [
        [
          'the county lowers its own',
          managers.xingning,
          { targetCount: 0, version: xingning.version },
          400,
          'VALIDATION_FAILED',
        ],
        [
          'the county removes its own',
          managers.xingning,
          { targetCount: null, targetAmount: null, version: xingning.version },
          400,
          'VALIDATION_FAILED',
        ],
        [
          'another city removes it',
          managers.liuzhou,
          { targetCount: null, targetAmount: null, version: xingning.version },
          400,
          'VALIDATION_FAILED',
        ],
        ['the city overwrites it unread', managers.nanning, { targetCount: 1 }, 409, 'VERSION_CONFLICT'],
        [
          'the region overwrites it with a stale version',
          managers.region,
          { targetCount: 1, version: xingning.version + 3 },
          409,
          'VERSION_CONFLICT',
        ],
      ];
      for (const [who, user, change, status, code] of attempts) {
        expectCleanError(
          who,
          await put(user, [{ regionCode: UNITS.xingning, category: 'all', ...change }]),
          status,
          code,
        );
      }
      expect(await stored()).toEqual(before);
      // Having read it, the region (above the city) may change it.
      expect(
        (
          await put(managers.region, [
            { regionCode: UNITS.xingning, category: 'all', targetCount: 6, version: xingning.version },
          ])
        ).statusCode,
      ).toBe(200);
    });

    it('are read only inside the jurisdiction', async () => {
      const regions = async (user: TestUser) =>
        ((await ok(api('GET', `/targets/${YEAR}?limit=200`), user.token)).items as Array<{ regionCode: string }>)
          .map((row) => row.regionCode)
          .sort();
      expect(await regions(managers.liuzhou)).toEqual([]);
      expect(await regions(managers.qingxiu)).toEqual([UNITS.qingxiu]);
      expect(await regions(officers.nanning)).toEqual([UNITS.nanning, UNITS.xingning, UNITS.qingxiu].sort());
      const outside: Array<[string, TestUser, string]> = [
        ['targets of the parent', managers.xingning, `/targets/${YEAR}?regionCode=${UNITS.nanning}`],
        ['targets of another city', managers.liuzhou, `/targets/${YEAR}?regionCode=${UNITS.nanning}`],
        ['progress of the parent', officers.xingning, `/analytics/targets?year=${YEAR}&regionCode=${UNITS.nanning}`],
        ['progress of a sibling', officers.xingning, `/analytics/targets?year=${YEAR}&regionCode=${UNITS.qingxiu}`],
        [
          'bulletin of another city',
          managers.liuzhou,
          `/reports/quarterly?year=${YEAR - 8}&quarter=1&regionCode=${UNITS.nanning}`,
        ],
        ['funnel of another city', officers.liuzhou, `/analytics/funnel?mode=flow&regionCode=${UNITS.xingning}`],
      ];
      for (const [what, user, url] of outside) {
        const body = expectCleanError(what, await t.request(api('GET', url), user.token), 400, 'VALIDATION_FAILED');
        expect({ what, details: body.details }).toEqual({
          what,
          details: [expect.objectContaining({ field: 'regionCode', constraint: 'notPermitted' })],
        });
      }
      expect((await t.request(api('GET', `/targets/${YEAR}`), resident.token)).statusCode).toBe(403);
    });
  });

  describe('administration', () => {
    it('keeps the repair and operations routes to administrators', async () => {
      const adminOnly: Array<[InjectOptions['method'], string]> = [
        ['POST', '/admin/analytics/rebuild'],
        ['GET', '/admin/queues'],
        ['GET', '/admin/notification-deliveries'],
      ];
      for (const [method, url] of adminOnly) {
        for (const user of [managers.region, officers.region, resident]) {
          expectCleanError(
            `${user.role} ${method} ${url}`,
            await t.request(api(method, url), user.token),
            403,
            'FORBIDDEN',
          );
        }
      }
    });
  });

  describe('error bodies (API8)', () => {
    it('answer malformed, unknown, stale, duplicate, missing, oversized and hostile requests with the docs/api.md "Errors" body only', async () => {
      const officer = officers.nanning;
      const lead = await createLead(t, { regionCode: UNITS.nanning }, officer.token);
      const company = await createCompany(t);
      const taken = (await adminGet(`/companies/${company.id}`)).creditCode as string;
      const json = { 'content-type': 'application/json' };
      const cases: Array<[string, InjectOptions, number, string]> = [
        [
          'malformed JSON',
          { ...api('POST', '/leads'), payload: '{"title": "x",', headers: json },
          400,
          'VALIDATION_FAILED',
        ],
        [
          'JSON of the wrong shape',
          { ...api('POST', '/leads'), payload: '[1, 2, 3]', headers: json },
          400,
          'VALIDATION_FAILED',
        ],
        [
          'a prototype-polluting body',
          { ...api('POST', '/leads'), payload: '{"__proto__": {"role": "admin"}, "title": "x"}', headers: json },
          400,
          'VALIDATION_FAILED',
        ],
        [
          'deeply nested JSON',
          { ...api('POST', '/leads'), payload: `{"source": ${'['.repeat(3000)}${']'.repeat(3000)}}`, headers: json },
          400,
          'VALIDATION_FAILED',
        ],
        [
          'an unsupported content type',
          { ...api('POST', '/leads'), payload: '<lead/>', headers: { 'content-type': 'application/xml' } },
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        ],
        [
          'a body over 1 MB',
          {
            ...api('POST', `/leads/${lead.id}/notes`),
            payload: JSON.stringify({ body: '注'.repeat(600_000) }),
            headers: json,
          },
          413,
          'PAYLOAD_TOO_LARGE',
        ],
        ['an unknown route', api('GET', '/no-such-route'), 404, 'NOT_FOUND'],
        ['an unknown method', api('PUT', `/leads/${lead.id}`, {}), 404, 'NOT_FOUND'],
        ['a missing record', api('GET', '/leads/999999999999'), 404, 'NOT_FOUND'],
        ['an id beyond BIGINT', api('GET', '/leads/99999999999999999999'), 400, 'VALIDATION_FAILED'],
        ['an id that is SQL', api('GET', `/leads/${encodeURIComponent('1 OR 1=1')}`), 400, 'VALIDATION_FAILED'],
        [
          'a stale version',
          api('PATCH', `/leads/${lead.id}`, { version: lead.version + 7, title: '过期版本' }),
          409,
          'VERSION_CONFLICT',
        ],
        [
          'a duplicate credit code',
          api('POST', '/companies', { name: `重复代码${Date.now()}有限公司`, creditCode: taken, ownership: 'private' }),
          409,
          'DUPLICATE',
        ],
        [
          'a visit that does not exist (a foreign key)',
          api('POST', '/leads', {
            companyId: company.id,
            title: '来源不存在',
            clusterCode: 'auto',
            source: { kind: 'visit', visitId: '999999999' },
          }),
          400,
          'VALIDATION_FAILED',
        ],
        [
          'a company that does not exist (a foreign key)',
          api('POST', '/leads', {
            companyId: '999999999',
            title: '企业不存在',
            clusterCode: 'auto',
            source: { kind: 'government' },
          }),
          400,
          'VALIDATION_FAILED',
        ],
        [
          'a park that does not exist (a foreign key)',
          api('POST', `/leads/${lead.id}/transitions`, {
            version: lead.version,
            to: 'signed',
            signedAt: new Date().toISOString(),
            signedAmount: 1,
            parkId: '999999999',
          }),
          400,
          'VALIDATION_FAILED',
        ],
        [
          'a unit that does not exist (a foreign key)',
          api('POST', '/leads', {
            companyId: company.id,
            title: '单位不存在',
            clusterCode: 'auto',
            source: { kind: 'government' },
            regionCode: '459999',
          }),
          400,
          'VALIDATION_FAILED',
        ],
        [
          'a title too long',
          api('POST', '/leads', {
            companyId: company.id,
            title: '长'.repeat(201),
            clusterCode: 'auto',
            source: { kind: 'government' },
          }),
          400,
          'VALIDATION_FAILED',
        ],
        [
          'a note too long',
          api('POST', `/leads/${lead.id}/notes`, { body: 'x'.repeat(10_001) }),
          400,
          'VALIDATION_FAILED',
        ],
        [
          'an amount too large',
          api('PATCH', `/leads/${lead.id}`, { version: lead.version, expectedInvestment: 1e308 }),
          400,
          'VALIDATION_FAILED',
        ],
        [
          'a date that does not exist',
          api('PATCH', `/leads/${lead.id}`, { version: lead.version, nextFollowUpAt: '2026-02-30T09:00:00+08:00' }),
          400,
          'VALIDATION_FAILED',
        ],
        ['a forged cursor', api('GET', '/leads?cursor=eyJub3QiOiJhIGN1cnNvciJ9'), 400, 'VALIDATION_FAILED'],
        ['a query of the wrong type', api('GET', '/leads?limit=ten&stage[$ne]=lost'), 400, 'VALIDATION_FAILED'],
      ];
      for (const [label, request, status, code] of cases)
        expectCleanError(label, await t.request(request, officer.token), status, code);

      // Nothing of the refused writes was stored.
      expect((await adminGet(`/leads/${lead.id}`)).version).toBe(lead.version);
      expect((await adminGet(`/leads?q=${encodeURIComponent('不存在')}&withTotal=true`)).total).toBe(0);

      // Without a valid token: the same body, and no hint of why the token failed beyond the code.
      for (const [label, token] of [
        ['no token', null],
        ['a malformed token', 'not-a-jwt'],
        ['a forged token', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.'],
      ] as const) {
        expectCleanError(label, await t.request(api('GET', '/leads'), token), 401, 'UNAUTHENTICATED');
      }
      // Input that looks like SQL is data, not an error.
      const search = await t.request(api('GET', `/leads?q=${encodeURIComponent("' OR 1=1 -- %_\\")}`), officer.token);
      expect(search.statusCode).toBe(200);
      expect(search.json().items).toEqual([]);
    });

    it('settles a unique-key race with 409 DUPLICATE, never a database error', async () => {
      const creditCode = randomCreditCode();
      const stamp = Date.now().toString(36);
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          t.request(
            api('POST', '/companies', { name: `并发${stamp}第${index}号有限公司`, creditCode, ownership: 'private' }),
            officers.nanning.token,
          ),
        ),
      );
      expect(answers.filter((res) => res.statusCode === 201)).toHaveLength(1);
      for (const res of answers.filter((answer) => answer.statusCode !== 201))
        expectCleanError('a company created twice at once', res, 409, ['DUPLICATE', 'CONFLICT']);
      expect((await adminGet(`/companies?q=${creditCode}&withTotal=true`)).total).toBe(1);

      const username = `race.${stamp}`;
      const users = await Promise.all(
        Array.from({ length: 4 }, () =>
          t.request(
            api('POST', '/users', {
              username,
              displayName: '并发',
              password: 'race-password-123',
              role: 'officer',
              regionCode: UNITS.nanning,
            }),
            managers.nanning.token,
          ),
        ),
      );
      expect(users.filter((res) => res.statusCode === 201)).toHaveLength(1);
      for (const res of users.filter((answer) => answer.statusCode !== 201))
        expectCleanError('a user created twice at once', res, 409, ['DUPLICATE', 'CONFLICT']);
    });

    it('hides what a crash was about: a query on a missing table answers 500 INTERNAL and nothing more', async () => {
      const dataSource = t.app.get(DataSource);
      await dataSource.query('RENAME TABLE chambers TO chambers_moved_away');
      try {
        const res = await t.request(api('GET', '/chambers?q=商会'), officers.nanning.token);
        const body = expectCleanError('a database error', res, 500, 'INTERNAL');
        expect(body.message).toBe('Internal server error; the log has the details under this requestId');
        expect(res.body).not.toContain('chambers_moved_away');
      } finally {
        await dataSource.query('RENAME TABLE chambers_moved_away TO chambers');
      }
      expect((await t.request(api('GET', '/chambers'), officers.nanning.token)).statusCode).toBe(200);
    });
  });
});
