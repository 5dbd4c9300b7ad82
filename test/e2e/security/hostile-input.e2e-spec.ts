import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import fc from 'fast-check';
import { QueueName } from '../../../src/core/queue/queue.constants';
import { FIT_REFRESH_JOB_ID, ParksService } from '../../../src/modules/parks/parks.service';
import type { LightMyRequestResponse } from 'fastify';
import type { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../utils/test-app';
import { openTestDataSource } from '../../utils/test-data-source';
import { createCompany, createLead } from '../../utils/records';
import { createSignedInUser, TestUser } from '../../utils/users';

// Issue 12, hostile input: every write route of the OpenAPI document gets wrong types, missing and extra fields,
// huge strings, deep JSON, unicode edge cases, injection strings, absurd numbers, codes and dates. Each answer is
// a 4xx in the docs/api.md "Errors" shape naming the field, never a 5xx, and the database is byte for byte unchanged.
// Failures print fast-check's seed and path; HOSTILE_INPUT_SEED=<seed> replays a run.
const SEED = Number(process.env.HOSTILE_INPUT_SEED ?? 20_260_212);
const RUNS_PER_WRITE = 80;
const RUNS_PER_READ = 30;

/** Routes the walk leaves out, and why. */
const SKIPPED_WRITES: Record<string, string> = {
  'post /api/v1/auth/login': 'sign-in (throttled per user; covered by the auth suite)',
  'post /api/v1/auth/refresh': 'token refresh (auth suite)',
  'post /api/v1/auth/logout': 'ends the session this suite signs in with',
  'post /api/v1/users/me/password': 'password change (auth suite)',
  'post /api/v1/leads/import': 'multipart upload (test/e2e/imports/hostile-import.e2e-spec.ts)',
  // These take no input at all (no body, no path parameter): nothing hostile reaches them, and a call legitimately
  // writes (marks notifications read, issues a calendar token, rebuilds the analytics roll-ups).
  'post /api/v1/notifications/read-all': 'takes no input',
  'post /api/v1/calendar/token': 'takes no input',
  'post /api/v1/admin/analytics/rebuild': 'takes no input',
};
/** Reads the walk leaves out: the public calendar feed, whose path is a secret token rather than an id. */
const SKIPPED_READS = new Set(['/api/v1/calendar/{file}']);

interface Schema {
  type?: string;
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  example?: unknown;
}
interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  body?: Schema;
}
type ValueType = 'string' | 'number' | 'boolean' | 'array' | 'object';

// ---- Hostile values, by name: generators pick names so a failing case prints short, the value is built on sending.

const nestedArrays = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = [value];
  return value;
};
const nestedObjects = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
};

const HOSTILE_VALUES: Record<string, () => unknown> = {
  null: () => null,
  'boolean true': () => true,
  'empty string': () => '',
  'blank string': () => '   \t ',
  'empty object': () => ({}),
  'empty array': () => [],
  'array of null': () => [null],
  'operator object': () => ({ $gt: '' }),
  'sql or': () => "' OR 1=1 --",
  'sql drop': () => '1; DROP TABLE leads',
  'sql union': () => "1' UNION SELECT password_hash FROM users --",
  'sql escaped quote': () => "\\'; SELECT SLEEP(5); --",
  'like wildcards': () => '%_%',
  'script tag': () => '<script>alert(1)</script>',
  'attribute breakout': () => '"><img src=x onerror=alert(1)>',
  'template syntax': () => '{{7*7}}${7*7}<%= 7*7 %>',
  'spreadsheet formula': () => '=HYPERLINK("http://evil.example","x")',
  'lone high surrogate': () => '\uD800',
  'lone low surrogate': () => 'a\uDFFFb',
  'zero width': () => 'a\u200B\u200C\u200Db\uFEFF',
  'rtl override': () => '\u202Etxt.exe',
  'emoji sequences': () => '👩‍👩‍👧‍👦🏳️‍🌈'.repeat(20),
  nul: () => 'a\u0000b',
  'control characters': () => '\u0001\u0007\b\u001B[31mred',
  'combining marks': () => `Z${'\u0301'.repeat(500)}`,
  'astral cjk': () => '𠜎𠜱𠝹',
  'huge ascii': () => 'x'.repeat(100_000),
  'huge cjk': () => '汉'.repeat(100_000),
  'huge emoji': () => '😀'.repeat(50_000),
  'minus one': () => -1,
  zero: () => 0,
  'tiny fraction': () => 1e-7,
  'huge number': () => 1e308,
  'huge negative': () => -1e308,
  'unsafe integer': () => 2 ** 53 + 1,
  fraction: () => 1.5,
  'numeric string': () => '42',
  'NaN string': () => 'NaN',
  'Infinity string': () => 'Infinity',
  'overflow string': () => '1e309',
  'over-long id': () => '99999999999999999999',
  'impossible date': () => '2026-02-30',
  'five-digit year': () => '99999-01-01',
  'month 13': () => '2026-13-01',
  'zero date': () => '0000-00-00 00:00:00',
  'impossible date-time': () => '2026-02-30T09:00:00+08:00',
  'year 10000': () => '+010000-01-01T00:00:00Z',
  'bad offset': () => '2026-03-01T09:00:00+99:99',
  'epoch millis': () => 1_767_225_600_000,
  'five-digit region': () => '45010',
  'padded region': () => ' 450100 ',
  'fullwidth digits': () => '４５０１００',
  'unknown region': () => '999999',
  'upper-case cluster': () => 'ELECTRONICS',
  'dangling segment': () => 'electronics.',
  'bad credit code': () => '91350100M000100Y44',
  'deep arrays': () => nestedArrays(1000),
  'deep objects': () => nestedObjects(1000),
  'wide array': () => Array.from({ length: 10_000 }, (_, index) => index),
  'constructor object': () => ({ constructor: { name: 'x' } }),
};
const HOSTILE_NAMES = Object.keys(HOSTILE_VALUES);

// Values of the wrong type for each declared type: sent as that field, each must be refused.
const WRONG_TYPE: Record<ValueType, Record<string, () => unknown>> = {
  string: {
    'number 42': () => 42,
    'boolean false': () => false,
    object: () => ({ text: 'x' }),
    'string array': () => ['x'],
    'deep arrays': () => nestedArrays(1000),
  },
  number: {
    'numeric string': () => '42',
    'NaN string': () => 'NaN',
    'boolean true': () => true,
    'empty object': () => ({}),
    'number array': () => [1],
    'deep arrays': () => nestedArrays(1000),
  },
  boolean: {
    'string true': () => 'true',
    'number 1': () => 1,
    'empty object': () => ({}),
    'boolean array': () => [true],
  },
  array: {
    'plain string': () => 'electronics',
    'number 7': () => 7,
    'index object': () => ({ 0: 'x', length: 1 }),
    'deep objects': () => nestedObjects(1000),
  },
  object: { 'plain string': () => 'x', 'number 7': () => 7, 'object array': () => [{}], 'boolean true': () => true },
};

// Keys no DTO declares; a body carrying one is refused (docs/api.md "Bodies": unknown keys are rejected, never stored).
const EXTRA_KEYS = [
  'isAdmin',
  'id',
  'createdAt',
  'deletedAt',
  'passwordHash',
  'cityCode',
  '$where',
  "' OR 1=1 --",
  '<script>',
  '\u0000',
  '\uD800',
  'k'.repeat(300),
  '',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
];

type ValueSpec = { hostile: string } | { random: unknown };
type Poison =
  | { kind: 'extra'; field: string; value: string }
  | { kind: 'missing'; field: string }
  | { kind: 'wrongType'; field: string; type: ValueType; value: string };
interface BodyPlan {
  fromExample: boolean;
  values: Array<[string, ValueSpec]>;
  poison: Poison;
}

const valueArbitrary: fc.Arbitrary<ValueSpec> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_NAMES).map((hostile) => ({ hostile })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((random) => ({ random })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((random) => ({ random })) },
  { weight: 1, arbitrary: fc.double().map((random) => ({ random })) },
);

// ---- Path parameters, already percent-encoded (some deliberately malformed).

const HOSTILE_PATH_VALUES: Record<string, string> = {
  'sql or': encodeURIComponent("1' OR '1'='1"),
  'sql drop': encodeURIComponent('1; DROP TABLE leads'),
  negative: '-1',
  zero: '0',
  exponent: '1e3',
  fraction: '1.5',
  hex: '0x10',
  'leading zero': '007',
  padded: encodeURIComponent(' 1 '),
  fullwidth: encodeURIComponent('１２'),
  'over-long id': '99999999999999999999',
  'bigint overflow': '9223372036854775808',
  nonexistent: '999999999999999999',
  'very long': '9'.repeat(5000),
  'long text': 'a'.repeat(150),
  unicode: encodeURIComponent('线索'),
  emoji: encodeURIComponent('😀'),
  'encoded nul': '%00',
  'invalid utf-8': '%FF%FE',
  'encoded surrogate': '%ED%A0%80',
  'lone percent': '%',
  'bad escape': '%zz',
  'encoded slash': '1%2F2',
  script: encodeURIComponent('<script>alert(1)</script>'),
  'null word': 'null',
  'array syntax': encodeURIComponent('[1]'),
  'operator syntax': encodeURIComponent('{"$gt":0}'),
};
const PATH_NAMES = Object.keys(HOSTILE_PATH_VALUES);

// ---- Query strings: values as text, some pre-encoded malformed.

const HOSTILE_QUERY_VALUES: Record<string, string> = {
  ...HOSTILE_PATH_VALUES,
  'sql comment': encodeURIComponent("x' -- "),
  'like wildcards': encodeURIComponent('%_%'),
  punctuation: encodeURIComponent('()[]{}*+?.^$|\\'),
  'fulltext operators': encodeURIComponent('+a -b "c" ~d <e >f (g) h*'),
  'impossible date': '2026-02-30',
  'impossible date-time': encodeURIComponent('2026-02-30T09:00:00+08:00'),
  'five-digit year': '99999-01-01',
  'huge number': '1e308',
  'tiny fraction': '0.0000001',
  'limit zero': '0',
  'limit huge': '1000000',
  'bool word': 'yes',
  'forged cursor': encodeURIComponent(Buffer.from('{"id":"1 OR 1=1","v":"\'"}').toString('base64url')),
  'garbage cursor': encodeURIComponent('!!!not-base64!!!'),
  'huge text': 'q'.repeat(20_000),
  'zero width': encodeURIComponent('a\u200Bb'),
  'rtl override': encodeURIComponent('\u202Eabc'),
  empty: '',
};
const QUERY_NAMES = Object.keys(HOSTILE_QUERY_VALUES);

describe('hostile input on every write route', () => {
  let t: TestApp;
  let db: DataSource;
  let document: {
    paths: Record<string, Record<string, OpenApiOperation>>;
    components: { schemas: Record<string, Schema> };
  };
  let operations: Operation[];
  let before: Record<string, string>;
  /** Real records by the collection their {id} follows (leads/{id}/...): hostile bodies hit validation on them, not a 404. */
  const realIds: Record<string, string> = {};
  /** Real values for the other path parameters. */
  const realParams: Record<string, string> = {};
  /** Tokens to try, admin first: a route an administrator may not call is walked as a role that may. */
  let callers: Array<{ role: string; token: string }>;

  const resolve = (schema: Schema | undefined): Schema | undefined => {
    if (!schema) return undefined;
    if (schema.$ref) return resolve(document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
    if (schema.allOf?.length) return resolve(schema.allOf[0]);
    return schema;
  };

  /** The JSON type a property really has; the document says "object" for nullable scalars, so trust its example there. */
  const typeOf = (property: Schema): ValueType | undefined => {
    if (property.$ref || property.allOf) return 'object';
    if (property.type === 'array') return 'array';
    if (property.type === 'string' || property.type === 'boolean') return property.type;
    if (property.type === 'number' || property.type === 'integer') return 'number';
    if (property.type === 'object' && typeof property.example === 'number') return 'number';
    if (property.type === 'object' && typeof property.example === 'string') return 'string';
    return undefined;
  };

  const bodyPlan = (schema: Schema): fc.Arbitrary<BodyPlan> => {
    const properties = Object.entries(schema.properties ?? {});
    const names = properties.map(([name]) => name);
    const typed = properties.flatMap(([name, property]) => {
      const type = typeOf(property);
      return type ? [{ name, type }] : [];
    });
    const poisons: Array<fc.Arbitrary<Poison>> = [
      fc.record({
        kind: fc.constant('extra' as const),
        field: fc.constantFrom(...EXTRA_KEYS.filter((key) => !names.includes(key))),
        value: fc.constantFrom(...HOSTILE_NAMES),
      }),
    ];
    if (schema.required?.length)
      poisons.push(fc.record({ kind: fc.constant('missing' as const), field: fc.constantFrom(...schema.required) }));
    if (typed.length) {
      poisons.push(
        fc
          .constantFrom(...typed)
          .chain(({ name, type }) =>
            fc
              .constantFrom(...Object.keys(WRONG_TYPE[type]))
              .map((value): Poison => ({ kind: 'wrongType', field: name, type, value })),
          ),
      );
    }
    const values = names.length
      ? fc.uniqueArray(fc.tuple(fc.constantFrom(...names), valueArbitrary), {
          selector: ([name]) => name,
          maxLength: Math.min(names.length, 6),
        })
      : fc.constant([] as Array<[string, ValueSpec]>);
    return fc.record({ fromExample: fc.boolean(), values, poison: fc.oneof(...poisons) });
  };

  /** The body a plan describes: documented examples (optionally), hostile values, and the poison last so it wins. */
  const materialise = (schema: Schema, plan: BodyPlan): Record<string, unknown> => {
    const body: Record<string, unknown> = {};
    const set = (key: string, value: unknown) =>
      Object.defineProperty(body, key, { value, enumerable: true, configurable: true, writable: true });
    if (plan.fromExample) {
      for (const [name, property] of Object.entries(schema.properties ?? {}))
        if (property.example !== undefined) set(name, property.example);
    }
    for (const [name, spec] of plan.values) set(name, 'hostile' in spec ? HOSTILE_VALUES[spec.hostile]() : spec.random);
    const poison = plan.poison;
    if (poison.kind === 'extra') set(poison.field, HOSTILE_VALUES[poison.value]());
    else if (poison.kind === 'missing') delete body[poison.field];
    else set(poison.field, WRONG_TYPE[poison.type][poison.value]());
    return body;
  };

  const urlFor = (operation: Operation, hostile: Record<string, string> = {}) =>
    operation.path.replace(/([^/]+)\/\{([^}]+)\}/g, (_match, collection: string, name: string) => {
      if (name in hostile) return `${collection}/${HOSTILE_PATH_VALUES[hostile[name]]}`;
      const real = name === 'id' ? realIds[collection] : realParams[name];
      if (real === undefined) throw new Error(`no real value for {${name}} in ${operation.path}`);
      return `${collection}/${encodeURIComponent(real)}`;
    });

  const describeResponse = (res: LightMyRequestResponse) => `${res.statusCode} ${res.body.slice(0, 400)}`;

  /** The docs/api.md "Errors" body: statusCode, an UPPER_SNAKE code, a message and the request id. */
  const expectErrorShape = (res: LightMyRequestResponse, context: string): Record<string, any> => {
    let body: Record<string, any>;
    try {
      body = res.json();
    } catch {
      throw new Error(`${context}: error body is not JSON: ${describeResponse(res)}`);
    }
    const shaped =
      body.statusCode === res.statusCode &&
      typeof body.code === 'string' &&
      /^[A-Z][A-Z_]+$/.test(body.code) &&
      typeof body.message === 'string' &&
      body.message.length > 0 &&
      typeof body.requestId === 'string' &&
      body.requestId.length > 0 &&
      (body.details === undefined || (Array.isArray(body.details) && body.details.length > 0));
    if (!shaped) throw new Error(`${context}: not the docs/api.md "Errors" shape: ${describeResponse(res)}`);
    // 500s hide internals; nothing on the way to one may leak SQL or a stack either.
    if (/\bat .+\.(ts|js):\d+|\bER_[A-Z_]+|SELECT .+ FROM /.test(res.body))
      throw new Error(`${context}: error body leaks internals: ${describeResponse(res)}`);
    return body;
  };

  const expectNo5xx = (res: LightMyRequestResponse, context: string) => {
    if (res.statusCode >= 500) throw new Error(`${context}: server error ${describeResponse(res)}`);
  };

  /**
   * Row counts and CHECKSUM TABLE of every table of this run's database. No table is left out: a refused request
   * writes nothing, not a session touch nor an audit entry, and the periodic jobs find nothing due while this runs.
   */
  /**
   * Tables a background worker keeps progressing whatever the requests do: a delivery an earlier suite's alert left
   * retrying (with backoff, minutes apart) is attempted again meanwhile. Their rows are compared as they were
   * written (these columns), not their progress (status, attempts, last error).
   */
  const BACKGROUND_PROGRESS: Record<string, string> = {
    notification_deliveries: 'id, channel, recipient, dedupe_key, kind, title, body',
  };
  const snapshot = async (): Promise<Record<string, string>> => {
    const tables: Array<{ name: string }> = await db.query(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    const state: Record<string, string> = {};
    for (const { name } of tables) {
      const [{ rows }] = await db.query(`SELECT COUNT(*) AS \`rows\` FROM \`${name}\``);
      const [checksum] = await db.query(
        name in BACKGROUND_PROGRESS
          ? `SELECT SUM(CRC32(CONCAT_WS('|', ${BACKGROUND_PROGRESS[name]}))) AS Checksum FROM \`${name}\``
          : `CHECKSUM TABLE \`${name}\``,
      );
      state[name] = `${rows} rows, checksum ${checksum.Checksum}`;
    }
    return state;
  };

  /** A snapshot once the jobs that setting up queued (fit scores, roll-ups, notifications) have finished writing. */
  const settledSnapshot = async (): Promise<Record<string, string>> => {
    let previous = await snapshot();
    let stableFor = 0;
    for (let attempt = 0; attempt < 40 && stableFor < 3; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      const current = await snapshot();
      stableFor = JSON.stringify(current) === JSON.stringify(previous) ? stableFor + 1 : 0;
      previous = current;
    }
    return previous;
  };

  const created = async (what: string, res: Promise<LightMyRequestResponse>): Promise<Record<string, any>> => {
    const answer = await res;
    if (answer.statusCode >= 300) throw new Error(`setting up ${what}: ${describeResponse(answer)}`);
    return answer.json();
  };

  beforeAll(async () => {
    // The daily digest writes notifications; schedule it twelve hours away so it cannot fall inside the
    // before/after snapshot of the database whenever this runs.
    const digestHour = (new Date().getUTCHours() + 8 + 12) % 24; // Asia/Shanghai is UTC+8
    t = await startTestApp({ DIGEST_TIME: `${String(digestHour).padStart(2, '0')}:00` });
    db = await openTestDataSource();
    document = (await t.request({ method: 'GET', url: '/api/docs-json' })).json();

    // Real records for every {id} the write routes take.
    const cityOfficer: TestUser = await createSignedInUser(t, 'officer', '450100', 'hostile');
    const regionManager = await createSignedInUser(t, 'manager', '450000', 'hostile');
    const regionOfficer = await createSignedInUser(t, 'officer', '450000', 'hostile');
    const resident = await createSignedInUser(t, 'resident', '450000', 'hostile');
    callers = [
      { role: 'admin', token: t.adminToken },
      { role: 'manager', token: regionManager.token },
      { role: 'officer', token: regionOfficer.token },
      { role: 'resident', token: resident.token },
      { role: 'city officer', token: cityOfficer.token },
    ];
    const company = await createCompany(t);
    const lead = await createLead(t, { companyId: company.id });
    const dispatchedLead = await createLead(t);
    const dispatch = await created(
      'dispatch',
      t.request({
        method: 'POST',
        url: `/api/v1/leads/${dispatchedLead.id}/dispatches`,
        payload: { toRegionCode: '450100' },
      }),
    );
    const cityLead = await createLead(t, {}, cityOfficer.token);
    const escalation = await created(
      'escalation',
      t.request(
        {
          method: 'POST',
          url: `/api/v1/leads/${cityLead.id}/escalations`,
          payload: { need: 'policy', detail: '政策咨询' },
        },
        cityOfficer.token,
      ),
    );
    await created(
      'collaborator',
      t.request({ method: 'POST', url: `/api/v1/leads/${lead.id}/collaborators`, payload: { regionCode: '450100' } }),
    );
    const chamber = await created(
      'chamber',
      t.request({
        method: 'POST',
        url: '/api/v1/chambers',
        payload: { name: `敌意输入商会${Date.now()}`, kind: 'chamber', regionCode: '440300' },
      }),
    );
    const park = await created(
      'park',
      t.request({
        method: 'POST',
        url: '/api/v1/parks',
        payload: { name: `敌意输入园区${Date.now()}`, regionCode: '450702', clusterCodes: ['chem'] },
      }),
    );
    await created(
      'park company',
      t.request({ method: 'POST', url: `/api/v1/parks/${park.id}/companies`, payload: { companyId: company.id } }),
    );
    const team = await created(
      'team',
      t.request({
        method: 'POST',
        url: '/api/v1/teams',
        payload: { name: `敌意输入小组${Date.now()}`, clusterCode: 'electronics', memberUserIds: [regionOfficer.id] },
      }),
    );
    const visit = await created(
      'visit',
      t.request(
        {
          method: 'POST',
          url: '/api/v1/visits',
          payload: { teamId: team.id, visitedAt: '2026-11-20T15:00:00+08:00', kind: 'company', companyId: company.id },
        },
        regionOfficer.token,
      ),
    );
    const task = await created(
      'task',
      t.request({
        method: 'POST',
        url: '/api/v1/tasks',
        payload: { title: '敌意输入回访', dueAt: '2026-12-01T17:00:00+08:00' },
      }),
    );
    // Conflicts, supervision slips and notifications come out of workflows; any existing one will do, else a
    // well-formed id (the body is refused before the record is looked up either way).
    const firstId = async (url: string, token = t.adminToken) =>
      (await t.request({ method: 'GET', url }, token)).json().items?.[0]?.id ?? '1';

    Object.assign(realIds, {
      users: regionOfficer.id,
      people: regionOfficer.id,
      companies: company.id,
      chambers: chamber.id,
      leads: lead.id,
      teams: team.id,
      visits: visit.id,
      tasks: task.id,
      parks: park.id,
      dispatches: dispatch.id,
      escalations: escalation.id,
      conflicts: await firstId('/api/v1/conflicts'),
      'supervision-slips': await firstId('/api/v1/supervision-slips', cityOfficer.token),
      notifications: await firstId('/api/v1/notifications', cityOfficer.token),
      claims: await firstId('/api/v1/claims'),
      imports: '1',
    });
    Object.assign(realParams, {
      companyId: company.id,
      regionCode: '450100',
      year: '2026',
      code: 'electronics',
      channel: 'wecom',
      period: '2026-11',
      stage: 'signed',
    });

    operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]) => ({
        method,
        path,
        pathParams: (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        body: resolve(operation.requestBody?.content?.['application/json']?.schema),
      })),
    );

    // Setting up a park schedules the re-score of every open lead a minute later (a delayed job): run it now and
    // drop the job, so it cannot land between the two snapshots and change the leads' fit scores.
    const parksQueue = t.app.get<Queue>(getQueueToken(QueueName.Parks));
    await (await parksQueue.getJob(FIT_REFRESH_JOB_ID))?.remove().catch(() => undefined);
    await t.app.get(ParksService).refreshAllFits(1000);
    before = await settledSnapshot();
  });

  afterAll(async () => {
    await db?.destroy();
    await t?.close();
  });

  const writes = () =>
    operations.filter(
      (op) => ['post', 'put', 'patch', 'delete'].includes(op.method) && !SKIPPED_WRITES[`${op.method} ${op.path}`],
    );

  /** The first caller the route lets through its permission check (a refused body, not 403, answers the probe). */
  const callerFor = async (operation: Operation): Promise<string | undefined> => {
    for (const caller of callers) {
      const probe = await t.request(
        {
          method: operation.method.toUpperCase() as 'POST',
          url: urlFor(
            operation,
            operation.body ? {} : Object.fromEntries(operation.pathParams.map((name) => [name, 'zero'])),
          ),
          ...(operation.body ? { payload: { hostileProbe: 1 } } : {}),
        },
        caller.token,
      );
      if (probe.statusCode !== 403) return caller.token;
    }
    return undefined;
  };

  it('finds the write routes in the OpenAPI document', () => {
    const walked = writes().map((op) => `${op.method} ${op.path}`);
    expect(walked.length).toBeGreaterThanOrEqual(30);
    expect(walked).toEqual(
      expect.arrayContaining([
        'post /api/v1/leads',
        'patch /api/v1/leads/{id}',
        'put /api/v1/targets/{year}',
        'delete /api/v1/parks/{id}/companies/{companyId}',
      ]),
    );
  });

  it('refuses hostile bodies and path parameters with a 4xx naming the field, never a 5xx', async () => {
    const unreachable: string[] = [];
    let index = 0;
    for (const operation of writes()) {
      const route = `${operation.method.toUpperCase()} ${operation.path}`;
      const token = await callerFor(operation);
      if (!token) {
        unreachable.push(route);
        continue;
      }
      const schema = operation.body;
      // Bodiless routes (DELETE) get at least one hostile path parameter; the others sometimes one as well.
      const hostilePath = operation.pathParams.length
        ? fc
            .subarray(operation.pathParams, { minLength: schema ? 0 : 1 })
            .chain((names) =>
              fc
                .tuple(...names.map(() => fc.constantFrom(...PATH_NAMES)))
                .map((values) => Object.fromEntries(names.map((name, at) => [name, values[at]]))),
            )
        : fc.constant({} as Record<string, string>);
      const plan = schema ? bodyPlan(schema).map((p): BodyPlan | null => p) : fc.constant(null);

      await fc.assert(
        fc.asyncProperty(hostilePath, plan, async (badPath, bodyPlanned) => {
          const body = schema && bodyPlanned ? materialise(schema, bodyPlanned) : undefined;
          const json = body === undefined ? undefined : JSON.stringify(body);
          const res = await t.request(
            {
              method: operation.method.toUpperCase() as 'POST',
              url: urlFor(operation, badPath),
              ...(json === undefined ? {} : { payload: json, headers: { 'content-type': 'application/json' } }),
            },
            token,
          );
          const context = `${route} path=${JSON.stringify(badPath)} poison=${JSON.stringify(bodyPlanned?.poison)}`;
          expectNo5xx(res, context);
          if (res.statusCode < 400)
            throw new Error(`${context}: accepted a body or path that must be refused: ${describeResponse(res)}`);
          const error = expectErrorShape(res, context);
          const pathIsHostile = Object.keys(badPath).length > 0;
          // The parser refuses prototype pollution before validation: a malformed body has no field to name.
          const refusedByParser =
            json !== undefined && (json.includes('"__proto__"') || /"constructor":\{[^}]*"prototype"/.test(json));
          if (res.statusCode === 413) return;
          if (res.statusCode === 404 && pathIsHostile) return;
          if (res.statusCode !== 400)
            throw new Error(
              `${context}: expected 400 (or 404 for a hostile path, 413 for a huge body): ${describeResponse(res)}`,
            );
          if (refusedByParser) return;
          // A path that does not percent-decode is refused by the router, before any field is looked at.
          if (pathIsHostile && error.details === undefined && error.message.startsWith('Malformed URL:')) return;
          const details = (error.details ?? []) as Array<{ field?: unknown; constraint?: unknown }>;
          const fields = details.map((detail) => String(detail.field).split('.')[0]);
          const named =
            bodyPlanned && !pathIsHostile
              ? [bodyPlanned.poison.field]
              : [...Object.keys(badPath), ...(bodyPlanned ? [bodyPlanned.poison.field] : [])];
          // Too deep a value, a key every object inherits or a lone surrogate is refused before field validation, naming that field.
          const structural =
            details.length === 1 &&
            ['maxDepth', 'whitelistValidation', 'isWellFormed'].includes(String(details[0].constraint)) &&
            body !== undefined &&
            Object.keys(body).includes(fields[0]);
          if (error.code !== 'VALIDATION_FAILED' || !(structural || named.some((field) => fields.includes(field)))) {
            throw new Error(
              `${context}: expected VALIDATION_FAILED with details naming ${named.join(' or ')}: ${describeResponse(res)}`,
            );
          }
        }),
        { numRuns: RUNS_PER_WRITE, seed: SEED + index++ },
      );
    }
    expect(unreachable).toEqual([]);
  });

  it('refuses malformed, oversized and absurdly nested bodies in the error shape', async () => {
    const leadId = realIds.leads;
    const depth = 300_000; // about 600 KB of brackets: inside the 1 MB body limit
    const raw: Array<{ name: string; payload: string | Buffer; contentType?: string }> = [
      { name: 'truncated json', payload: '{"title": "x"' },
      { name: 'single quotes', payload: "{'title': 'x'}" },
      { name: 'trailing comma', payload: '{"title": "x",}' },
      { name: 'NaN literal', payload: '{"expectedInvestment": NaN}' },
      { name: 'bare string', payload: '"a lead"' },
      { name: 'bare number', payload: '42' },
      { name: 'json null', payload: 'null' },
      { name: 'json array', payload: '[{"title":"x"}]' },
      { name: 'duplicate keys', payload: '{"title":"x","title":{"$gt":""}}' },
      { name: 'proto pollution', payload: '{"__proto__":{"isAdmin":true},"title":"x"}' },
      { name: 'constructor pollution', payload: '{"constructor":{"prototype":{"isAdmin":true}}}' },
      { name: 'deepest arrays in a field', payload: `{"title":${'['.repeat(depth)}${']'.repeat(depth)}}` },
      {
        name: 'deepest objects in a field',
        payload: `{"source":${'{"a":'.repeat(depth / 3)}1${'}'.repeat(depth / 3)}}`,
      },
      { name: 'deepest arrays in a nested list', payload: `{"categories":${'['.repeat(depth)}${']'.repeat(depth)}}` },
      { name: 'over the body limit', payload: JSON.stringify({ title: 'x'.repeat(1_100_000) }) },
      {
        name: 'invalid utf-8',
        payload: Buffer.from([
          0x7b, 0x22, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x22, 0x7d,
        ]),
      },
      {
        name: 'utf-16 body',
        payload: Buffer.from('{"title":"x"}', 'utf16le'),
        contentType: 'application/json; charset=utf-16',
      },
      { name: 'text/plain', payload: '{"title":"x"}', contentType: 'text/plain' },
      { name: 'form encoded', payload: 'title=x&version=1', contentType: 'application/x-www-form-urlencoded' },
      {
        name: 'xml',
        payload: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        contentType: 'application/xml',
      },
      { name: 'empty json', payload: '' },
    ];
    const targets = [
      'POST /api/v1/leads',
      `PATCH /api/v1/leads/${leadId}`,
      `POST /api/v1/leads/${leadId}/transitions`,
      'POST /api/v1/companies',
      'PUT /api/v1/targets/2026',
      'POST /api/v1/matching/parks',
    ];
    const failures: string[] = [];
    for (const target of targets) {
      const [method, url] = target.split(' ');
      for (const { name, payload, contentType } of raw) {
        const res = await t.request({
          method: method as 'POST',
          url,
          payload,
          headers: { 'content-type': contentType ?? 'application/json' },
        });
        const context = `${target} ${name}`;
        try {
          expectNo5xx(res, context);
          if (res.statusCode < 400) throw new Error(`${context}: accepted: ${describeResponse(res)}`);
          expectErrorShape(res, context);
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers hostile path ids and query strings on every read route without a 5xx', async () => {
    const reads = operations.filter(
      (op) =>
        op.method === 'get' && !SKIPPED_READS.has(op.path) && (op.queryParams.length > 0 || op.pathParams.length > 0),
    );
    expect(reads.length).toBeGreaterThanOrEqual(30);
    let index = 0;
    for (const operation of reads) {
      const route = `GET ${operation.path}`;
      const token = (await callerFor({ ...operation, body: undefined, pathParams: [] })) ?? t.adminToken;
      const hostilePath = operation.pathParams.length
        ? fc.option(
            fc
              .constantFrom(...operation.pathParams)
              .chain((name) => fc.constantFrom(...PATH_NAMES).map((value) => ({ [name]: value }))),
            { nil: {} as Record<string, string> },
          )
        : fc.constant({} as Record<string, string>);
      const params = [...operation.queryParams, 'hostileUnknown', 'limit'];
      const query = fc.uniqueArray(
        fc.tuple(fc.constantFrom(...params), fc.constantFrom(...QUERY_NAMES), fc.boolean()),
        { selector: ([name]) => name, maxLength: 5 },
      );
      await fc.assert(
        fc.asyncProperty(hostilePath, query, async (badPath, pairs) => {
          // A repeated key arrives as an array, which DTOs expecting one value must refuse too.
          const search = pairs.flatMap(([name, value, repeated]) => {
            const pair = `${encodeURIComponent(name)}=${HOSTILE_QUERY_VALUES[value]}`;
            return repeated ? [pair, pair] : [pair];
          });
          const url = `${urlFor(operation, badPath)}${search.length ? `?${search.join('&')}` : ''}`;
          const res = await t.request({ method: 'GET', url }, token);
          const context = `${route} path=${JSON.stringify(badPath)} query=${JSON.stringify(pairs)}`;
          expectNo5xx(res, context);
          if (res.statusCode >= 400) expectErrorShape(res, context);
        }),
        { numRuns: RUNS_PER_READ, seed: SEED + 1000 + index++ },
      );
    }
  });

  it('leaves the database unchanged: same row counts and checksums in every table', async () => {
    const after = await settledSnapshot();
    const changed = Object.keys({ ...before, ...after }).filter((table) => before[table] !== after[table]);
    expect(changed.map((table) => `${table}: ${before[table]} -> ${after[table]}`)).toEqual([]);
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(30);
  });

  // After the unchanged-database check, since these writes are meant to succeed: where free text is allowed,
  // injection strings and unicode edge cases are data, stored and read back exactly as sent.
  it('stores injection strings and unicode edge cases as inert text, exactly as sent', async () => {
    const texts = [
      "' OR 1=1 --",
      '1; DROP TABLE leads',
      "1' UNION SELECT password_hash FROM users --",
      '<script>alert(1)</script>"><img src=x onerror=alert(1)>',
      '=HYPERLINK("http://evil.example","x")',
      '\u202Etxt.exe 👩‍👩‍👧‍👦 𠜎 a\u200Bb Z\u0301',
      'a\u0000b',
      '汉'.repeat(10_000),
    ];
    const leadId = realIds.leads;
    for (const text of texts) {
      const res = await t.request({ method: 'POST', url: `/api/v1/leads/${leadId}/notes`, payload: { body: text } });
      expect({ status: res.statusCode, body: res.json().data?.body }).toEqual({ status: 201, body: text });
    }
    const timeline = (await t.request({ method: 'GET', url: `/api/v1/leads/${leadId}/timeline?limit=200` })).json()
      .items;
    const notes = timeline
      .filter((entry: { kind: string }) => entry.kind === 'note')
      .map((entry: { data: { body: string } }) => entry.data.body);
    expect(notes).toEqual(expect.arrayContaining(texts));

    const name = `注入测试'; DROP TABLE companies; --${Date.now()}`;
    await createCompany(t, { name, creditCode: '', ownership: 'foreign' });
    const found = (
      await t.request({ method: 'GET', url: `/api/v1/companies?q=${encodeURIComponent(name)}&withTotal=true` })
    ).json();
    expect({ total: found.total, name: found.items[0]?.name }).toEqual({ total: 1, name });
  });
});
