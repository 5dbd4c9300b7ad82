import { fakerZH_CN as faker } from '@faker-js/faker';
import { DataSource } from 'typeorm';
import { seedDemoParks } from '../../seeds/demo/demo-parks';
import type { AnalyticsRebuild } from '../../src/modules/analytics/analytics-rebuild';
import { companyNamePinyin, normaliseCompanyName } from '../../src/shared/company-name';
import { hashPassword } from '../../src/modules/users/password-hasher';
import { generate } from './analytics.bench';
import { printTable } from './bench-utils';

export interface HttpDataOptions {
  companies: number;
  leads: number;
  events: number;
  notes: number;
  parks: number;
}

/** A lead the stage-transition scenario may move one stage forward (every generated lead is at version 1). */
export interface MovableLead {
  id: string;
  stage: 'lead' | 'contacted' | 'site_visit';
}

export interface HttpData {
  /** Leads have ids 1..maxLeadId. */
  maxLeadId: number;
  /** Disjoint pools, so the app and the bare server each move leads nobody else touched. */
  movable: { app: MovableLead[]; bare: MovableLead[]; capture: MovableLead[] };
  rows: Record<string, number>;
}

const OWNERSHIPS = ['central_soe', 'local_soe', 'private', 'foreign', 'hk_macao_taiwan'];
const PLACES = ['广西', '南宁', '柳州', '桂林', '梧州', '北海', '钦州', '玉林', '深圳', '广州', '东莞', '佛山'];
const MIDDLES =
  '华中天金宏泰盛达新兴恒通远鑫海鸿源瑞丰安利祥宝国正长荣嘉信和晟昌德隆万星光明大东南西北汇众合创联科云龙凯富美'.split(
    '',
  );
const TRADES = ['科技', '电子', '机械', '化工', '汽车', '材料', '家具', '医药', '食品', '能源', '智能', '精密'];
/** The 20 commonest surnames first (王 about one name in eight), so `GET /people?q=王` pages through many. */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏飞宇浩然思雨欣怡子轩俊'.split('');
/** Users with a password the benchmark signs in with: a city officer with many tasks, and a city manager. */
export const BENCH_USERS = {
  tasks: { username: 'bench.tasks.450100', role: 'officer', password: 'bench-tasks-password-2026' },
  manager: { username: 'bench.manager.450100', role: 'manager', password: 'bench-manager-password-2026' },
} as const;
const COMPANY_BATCH = 2000;
const CHUNK = 200_000;

/** A distinct, plausible company name for each number (12 × 60 × 60 × 12 = 518,400 before repeating). */
function companyName(n: number): string {
  const middle = MIDDLES[Math.floor(n / 144) % MIDDLES.length] + MIDDLES[Math.floor(n / 8640) % MIDDLES.length];
  const repeat = Math.floor(n / 518_400);
  return `${PLACES[n % 12]}${middle}${TRADES[Math.floor(n / 12) % 12]}${repeat ? repeat : ''}有限公司`;
}

/**
 * The HTTP benchmark's own database: companies with pinyin and initials as the app stores them, leads with their
 * stage events and funds (analytics.bench's generator), extra hold/resume events up to `events`, notes and visits,
 * parks, then the analytics facts and roll-ups rebuilt as the worker would, so the funnel reads real roll-ups.
 */
export async function generateHttpData(
  db: DataSource,
  rebuild: AnalyticsRebuild,
  options: HttpDataOptions,
): Promise<HttpData> {
  const timings: Array<Array<string | number>> = [['step', 'seconds', 'rows']];
  const step = async (name: string, work: () => Promise<number>) => {
    const began = Date.now();
    const rows = await work();
    timings.push([name, ((Date.now() - began) / 1000).toFixed(1), rows]);
    return rows;
  };
  const rows: Record<string, number> = {};
  rows.companies = await step('companies (pinyin computed as the app does)', () =>
    insertCompanies(db, options.companies),
  );
  await step('leads, stage events, funds', async () => {
    const result = await generate(db, options.leads, options.companies);
    rows.leads = result.leads;
    rows.generatedEvents = result.events;
    return result.leads + result.events + result.funds;
  });
  rows.events =
    rows.generatedEvents +
    (await step('hold/resume events up to --events', () => topUpEvents(db, options.events - rows.generatedEvents)));
  rows.notesAndVisits = await step('notes and visits', () => insertNotesAndVisits(db, options.notes, rows.leads));
  rows.parks = await step('parks', async () => {
    faker.seed(11);
    return db.transaction((manager) => seedDemoParks(manager, faker, options.parks));
  });
  Object.assign(rows, await insertWorkload(db, rows.leads, step));
  rows.cells = await step('analytics facts and roll-ups rebuilt', async () => {
    await rebuild.run(true, async () => undefined);
    const [{ cells }] = await db.query('SELECT COUNT(*) AS cells FROM analytics_cells');
    return Number(cells);
  });
  // Fresh statistics, as a server that has lived with this data would have: right after bulk loading, InnoDB's
  // estimates are stale and plans flip while its background recalculation catches up.
  await step('ANALYZE TABLE', async () => {
    await db.query(
      'ANALYZE TABLE leads, companies, stage_events, lead_notes, visits, parks, park_clusters, park_companies, park_reservations, users, tasks, supervision_slips, audit_log, analytics_cells, analytics_lead_facts',
    );
    return 0;
  });
  printTable('HTTP benchmark data', timings);
  return { maxLeadId: rows.leads, movable: await movableLeads(db), rows };
}

async function insertCompanies(db: DataSource, count: number): Promise<number> {
  for (let start = 1; start <= count; start += COMPANY_BATCH) {
    const batch: unknown[][] = [];
    for (let n = start; n < Math.min(count + 1, start + COMPANY_BATCH); n++) {
      const name = companyName(n);
      const { full, initials } = companyNamePinyin(name);
      batch.push([name, normaliseCompanyName(name), full, initials, OWNERSHIPS[n % OWNERSHIPS.length], '[]', '[]', 1]);
    }
    await db.query(
      'INSERT INTO companies (name, name_normalised, name_pinyin, name_initials, ownership, flags, contacts, version) VALUES ?',
      [batch],
    );
  }
  return count;
}

/** Hold and resume pairs on open leads, after their last event, until there are `missing` more events. */
async function topUpEvents(db: DataSource, missing: number): Promise<number> {
  const pairs = Math.ceil(missing / 2);
  if (pairs <= 0) return 0;
  const [{ open }] = await db.query("SELECT COUNT(*) AS open FROM leads WHERE stage NOT IN ('lost', 'on_hold')");
  const perLead = Math.min(50, Math.ceil(pairs / Math.max(1, Number(open))));
  for (const [offsetDays, from, to] of [
    [20, 'l.stage', "'on_hold'"],
    [21, "'on_hold'", 'l.stage'],
  ] as const) {
    await db.query(
      `INSERT INTO stage_events (lead_id, from_stage, to_stage, at, region_code, city_code, cluster_code)
       SELECT l.id, ${from}, ${to}, TIMESTAMPADD(DAY, ${offsetDays} + 2 * s.seq, l.stage_entered_at), l.region_code, l.city_code, l.cluster_code
         FROM leads l JOIN seq_1_to_${perLead} s WHERE l.stage NOT IN ('lost', 'on_hold') ORDER BY l.id, s.seq LIMIT ${pairs}`,
    );
  }
  return pairs * 2;
}

/** Three notes for every visit, on random leads, over 2023–2025. */
async function insertNotesAndVisits(db: DataSource, count: number, leads: number): Promise<number> {
  const [{ userId }] = await db.query("SELECT id AS userId FROM users WHERE username = 'bench'");
  const [{ firstTeam, teams }] = await db.query('SELECT MIN(id) AS firstTeam, COUNT(*) AS teams FROM teams');
  const visits = Math.floor(count / 4);
  const notes = count - visits;
  for (let start = 1; start <= notes; start += CHUNK) {
    await db.query(
      `INSERT INTO lead_notes (lead_id, body, user_id, created_at)
       SELECT 1 + FLOOR(RAND() * ${leads}), CONCAT('跟进记录：已电话沟通，对方关注用地和配套政策 #', seq), ?, TIMESTAMPADD(MINUTE, FLOOR(RAND() * 3 * 525600), '2023-01-01')
         FROM seq_1_to_${notes} WHERE seq BETWEEN ${start} AND ${Math.min(notes, start + CHUNK - 1)}`,
      [userId],
    );
  }
  for (let start = 1; start <= visits; start += CHUNK) {
    await db.query(
      `INSERT INTO visits (team_id, status, visited_at, kind, company_id, our_attendees, their_attendees, summary, next_steps, lead_id, region_code, city_code, created_by, version)
       SELECT ${firstTeam} + MOD(s.seq, ${teams}), 'done', TIMESTAMPADD(MINUTE, FLOOR(RAND(s.seq) * 3 * 525600), '2023-01-01'), 'company', l.company_id,
              '[]', '[]', '走访企业，了解投资意向', '[]', l.id, l.region_code, l.city_code, ?, 1
         FROM seq_1_to_${visits} s JOIN leads l ON l.id = 1 + MOD(s.seq * 7919, ${leads}) WHERE s.seq BETWEEN ${start} AND ${Math.min(visits, start + CHUNK - 1)}`,
      [userId],
    );
  }
  return count;
}

/**
 * The rows the named list endpoints read, in proportion to the leads: 2,000 users over Guangxi's units (a headcount,
 * whatever the size; officers, a manager in ten, 5% inactive, one in eight named 王) as the authors of the notes,
 * tasks (leads/5, one in 20 on the officer of BENCH_USERS), supervision slips (leads/50), audit entries (one per
 * lead, one in four naming an owner), companies resident in parks (companies/5) and reservations (leads/100).
 */
export async function insertWorkload(
  db: DataSource,
  leads: number,
  step: (name: string, work: () => Promise<number>) => Promise<number>,
): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  const users = 2000;
  rows.users = await step('users over the units, notes by them', async () => {
    const [{ units }] = await db.query("SELECT COUNT(*) AS units FROM regions WHERE province_code = '450000'");
    const list = (items: string[]) => items.map((item) => `'${item}'`).join(', ');
    await db.query(
      `INSERT INTO users (username, display_name, role, region_code, city_code, team_id, active, password_hash, version)
       SELECT CONCAT('bench.user.', s.seq), CONCAT(ELT(1 + IF(MOD(s.seq, 8) = 0, 0, MOD(s.seq * 7, ${SURNAMES.length})), ${list(SURNAMES)}),
              ELT(1 + MOD(s.seq DIV 3, ${GIVEN.length}), ${list(GIVEN)}), IF(MOD(s.seq, 3) = 0, '', ELT(1 + MOD(s.seq DIV 7, ${GIVEN.length}), ${list(GIVEN)}))),
              IF(MOD(s.seq, 10) = 0, 'manager', 'officer'), u.code, u.city_code, NULL, MOD(s.seq, 20) <> 0, 'x', 1
         FROM seq_1_to_${users} s
         JOIN (SELECT ROW_NUMBER() OVER (ORDER BY code) - 1 AS n, code, city_code FROM regions WHERE province_code = '450000') u
           ON u.n = MOD(s.seq, ${Number(units)})`,
    );
    for (const user of Object.values(BENCH_USERS)) {
      await db.query(
        "INSERT INTO users (username, display_name, role, region_code, city_code, password_hash, version) VALUES (?, ?, ?, '450100', '450100', ?, 1)",
        [
          user.username,
          `基准${user.role === 'manager' ? '经理' : '专员'}`,
          user.role,
          await hashPassword(user.password),
        ],
      );
    }
    await db.query(
      `UPDATE lead_notes n JOIN users u ON u.username = CONCAT('bench.user.', 1 + MOD(n.id * 13, ${users})) SET n.user_id = u.id`,
    );
    return users + Object.keys(BENCH_USERS).length;
  });
  const [{ firstUser }] = await db.query("SELECT MIN(id) AS firstUser FROM users WHERE username LIKE 'bench.user.%'");
  const [{ heavy }] = await db.query('SELECT id AS heavy FROM users WHERE username = ?', [BENCH_USERS.tasks.username]);
  const user = (expression: string) => `${Number(firstUser)} + MOD(${expression}, ${users})`;
  const tasks = Math.floor(leads / 5);
  rows.tasks = await step('tasks', async () => {
    for (let start = 1; start <= tasks; start += CHUNK) {
      await db.query(
        `INSERT INTO tasks (title, lead_id, company_id, assignee_id, region_code, city_code, due_at, remind_at, status, source, completed_at, created_by, version, created_at)
         SELECT CONCAT('跟进：确认用地需求和到访安排 #', s.seq), l.id, l.company_id, IF(MOD(s.seq, 20) = 0, ${Number(heavy)}, ${user('s.seq * 31')}),
                l.region_code, l.city_code, TIMESTAMPADD(HOUR, MOD(s.seq * 97, 24 * 730), '2025-01-01'), NULL,
                ELT(1 + IF(MOD(s.seq, 10) < 6, 0, IF(MOD(s.seq, 10) < 9, 1, 2)), 'open', 'done', 'cancelled'), ELT(1 + MOD(s.seq, 3), 'manual', 'follow_up', 'visit'),
                IF(MOD(s.seq, 10) BETWEEN 6 AND 8, TIMESTAMPADD(HOUR, MOD(s.seq * 97, 24 * 730), '2025-01-01'), NULL), ${user('s.seq * 17')}, 1,
                TIMESTAMPADD(HOUR, -72, TIMESTAMPADD(HOUR, MOD(s.seq * 97, 24 * 730), '2025-01-01'))
           FROM seq_1_to_${tasks} s JOIN leads l ON l.id = 1 + MOD(s.seq * 7919, ${leads}) WHERE s.seq BETWEEN ${start} AND ${Math.min(tasks, start + CHUNK - 1)}`,
      );
    }
    return tasks;
  });
  rows.supervisionSlips = await step('supervision slips', async () => {
    const result = await db.query(
      `INSERT INTO supervision_slips (lead_id, region_code, city_code, episode_at, stage, status, answer, answered_by, answered_at, version,
         lead_title, lead_confidential, lead_code_name, lead_region_code, lead_city_code)
       SELECT l.id, l.region_code, l.city_code, l.stage_entered_at, l.stage, IF(MOD(l.id, 3) = 0, 'answered', 'open'),
              IF(MOD(l.id, 3) = 0, '已督促团队本周内再次对接企业', NULL), IF(MOD(l.id, 3) = 0, ${user('l.id')}, NULL),
              IF(MOD(l.id, 3) = 0, TIMESTAMPADD(DAY, 3, l.stage_entered_at), NULL), 1,
              l.title, l.confidential, l.code_name, l.region_code, l.city_code
         FROM leads l WHERE MOD(l.id, 50) = 0`,
    );
    return Number(result.affectedRows);
  });
  rows.auditEntries = await step('audit entries', async () => {
    for (let start = 1; start <= leads; start += CHUNK) {
      await db.query(
        `INSERT INTO audit_log (at, user_id, action, entity, entity_id, region_code, city_code, changes, request_id)
         SELECT TIMESTAMPADD(MINUTE, s.seq * 3, '2025-01-01'), ${user('s.seq * 11')}, IF(MOD(s.seq, 5) = 0, 'create', 'update'), 'lead', l.id,
                l.region_code, l.city_code,
                IF(MOD(s.seq, 4) = 0, JSON_OBJECT('ownerUserId', JSON_ARRAY(CAST(${user('s.seq * 3')} AS CHAR), CAST(${user('s.seq * 5')} AS CHAR)), 'version', JSON_ARRAY(1, 2)),
                   JSON_OBJECT('stage', JSON_ARRAY('lead', 'contacted'), 'version', JSON_ARRAY(1, 2))), NULL
           FROM seq_1_to_${leads} s JOIN leads l ON l.id = 1 + MOD(s.seq * 7919, ${leads}) WHERE s.seq BETWEEN ${start} AND ${Math.min(leads, start + CHUNK - 1)}`,
      );
    }
    return leads;
  });
  rows.parkResidents = await step('park residents and reservations', async () => {
    const [{ first, parks }] = await db.query('SELECT MIN(id) AS first, COUNT(*) AS parks FROM parks');
    const residents = await db.query(
      `INSERT INTO park_companies (park_id, company_id) SELECT ${Number(first)} + MOD(c.id * 7, ${Number(parks)}), c.id FROM companies c WHERE MOD(c.id, 5) = 0`,
    );
    const reservations = await db.query(
      `INSERT INTO park_reservations (lead_id, park_id, land_mu, factory_sqm, status)
       SELECT l.id, ${Number(first)} + MOD(l.id * 13, ${Number(parks)}), 50 + MOD(l.id, 200), 5000 + MOD(l.id, 20) * 1000, IF(MOD(l.id, 400) = 0, 'released', 'active')
         FROM leads l WHERE MOD(l.id, 100) = 0`,
    );
    // The occupancy the app keeps on each park's row (ParksRepository.refreshOccupancy), counted once for all.
    await db.query(
      `UPDATE parks p SET
          reserved_land_mu = (SELECT COALESCE(SUM(r.land_mu), 0) FROM park_reservations r WHERE r.park_id = p.id AND r.status = 'active'),
          reserved_factory_sqm = (SELECT COALESCE(SUM(r.factory_sqm), 0) FROM park_reservations r WHERE r.park_id = p.id AND r.status = 'active'),
          resident_count = (SELECT COUNT(*) FROM park_companies pc WHERE pc.park_id = p.id)`,
    );
    return Number(residents.affectedRows) + Number(reservations.affectedRows);
  });
  return rows;
}

/** What the benchmark needs to know of a database an earlier run generated and kept. */
export async function existingHttpData(db: DataSource): Promise<HttpData> {
  const count = async (table: string) => Number((await db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const [{ maxLeadId }] = await db.query('SELECT MAX(id) AS maxLeadId FROM leads');
  const rows = {
    companies: await count('companies'),
    leads: await count('leads'),
    events: await count('stage_events'),
    notesAndVisits: (await count('lead_notes')) + (await count('visits')),
    parks: await count('parks'),
    users: await count('users'),
    tasks: await count('tasks'),
    supervisionSlips: await count('supervision_slips'),
    auditEntries: await count('audit_log'),
  };
  return { maxLeadId: Number(maxLeadId), movable: await movableLeads(db), rows };
}

/** Open leads one plain move forward can take (no contract fields needed), split in three disjoint pools. */
async function movableLeads(db: DataSource): Promise<HttpData['movable']> {
  const rows: Array<{ id: string; stage: MovableLead['stage'] }> = await db.query(
    `SELECT id, stage FROM leads WHERE stage IN ('lead', 'contacted', 'site_visit') AND version = 1 AND merged_into_lead_id IS NULL
        AND pending_dispatch_id IS NULL AND id >= 10000 ORDER BY RAND(7) LIMIT 100000`,
  );
  const leads = rows.map((row) => ({ id: String(row.id), stage: row.stage }));
  const capture = leads.filter((lead) => lead.stage === 'lead').slice(0, 2);
  const rest = leads.filter((lead) => !capture.includes(lead));
  return { capture, app: rest.filter((_, index) => index % 2 === 0), bare: rest.filter((_, index) => index % 2 === 1) };
}
