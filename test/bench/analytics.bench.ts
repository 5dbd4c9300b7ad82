import { DataSource, QueryRunner } from 'typeorm';
import { createWorkerContext } from '../../src/bootstrap';
import type { AuthPrincipal } from '../../src/core/auth/principal';
import { dropDatabase } from '../../src/core/database/database-server';
import { AnalyticsRebuild } from '../../src/modules/analytics/analytics-rebuild';
import { AnalyticsService } from '../../src/modules/analytics/analytics.service';
import {
  BreakdownQueryDto,
  FunnelQueryDto,
  TargetProgressQueryDto,
} from '../../src/modules/analytics/dto/analytics.dto';
import { TargetsService } from '../../src/modules/analytics/targets.service';
import { benchEnvironment, percentile, printTable } from './bench-utils';

export interface AnalyticsBenchOptions {
  leads: number;
  runs: number;
  naiveRuns: number;
}

const CLUSTERS = ['chem', 'electronics', 'machinery', 'auto', 'metals', 'calcium', 'furniture', 'biomed', 'light'];
const OWNERSHIPS = ['central_soe', 'local_soe', 'private', 'foreign', 'hk_macao_taiwan'];
const SOURCES = ['chamber', 'visit', 'government', 'exhibition', 'referral', 'inbound', 'other'];
const PIPELINE = ['lead', 'contacted', 'site_visit', 'negotiating', 'signed', 'construction', 'production'];
const CHAMBERS = 200;
const TEAMS = 30;
const CHUNK = 100_000;

const list = (values: string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * Issue 9's benchmark: `leads` leads with about five stage events each, bulk-inserted with SQL; the roll-ups
 * rebuilt from them; then the funnel, breakdown and targets through the service path for a spread of filters,
 * beside the naive GROUP BY over leads and stage_events in the same run.
 */
export async function benchAnalytics(options: AnalyticsBenchOptions): Promise<void> {
  const { config, logger, flavor } = await benchEnvironment('api');
  const context = await createWorkerContext(config, logger, flavor);
  await context.init();
  try {
    const db = context.get(DataSource);
    const bufferPool = await sizeBufferPool(db);
    const generated = await generate(db, options.leads);
    const began = Date.now();
    await context.get(AnalyticsRebuild).run(true, async (done, total) => {
      if (done % 100_000 === 0 || done === total)
        process.stdout.write(`  rebuilt ${done.toLocaleString('en')} / ${total.toLocaleString('en')} leads\n`);
    });
    const rebuildSeconds = (Date.now() - began) / 1000;
    const [{ cells }] = await db.query('SELECT COUNT(*) AS cells FROM analytics_cells');
    printTable(
      `Analytics data: ${generated.leads.toLocaleString('en')} leads, ${generated.events.toLocaleString('en')} stage events`,
      [
        ['step', 'seconds', 'rows'],
        [
          'bulk insert (leads, events, funds)',
          generated.seconds.toFixed(1),
          generated.leads + generated.events + generated.funds,
        ],
        ['rebuild facts and roll-up cells', rebuildSeconds.toFixed(1), Number(cells)],
      ],
    );

    const analytics = context.get(AnalyticsService);
    const targets = context.get(TargetsService);
    const manager = (regionCode: string, cityCode: string | null): AuthPrincipal =>
      ({ userId: '1', role: 'manager', regionCode, cityCode, teamId: null }) as unknown as AuthPrincipal;
    const region = manager('450000', null);
    const city = manager('450100', '450100');
    const county = manager('450102', '450100');
    const year = { from: '2025-01', to: '2025-12' };
    const yearRange = [new Date('2024-12-31T16:00:00Z'), new Date('2025-12-31T16:00:00Z')];
    const funnelCases: Array<{
      label: string;
      who: AuthPrincipal;
      query: Partial<FunnelQueryDto>;
      where: string;
      params: unknown[];
    }> = [
      { label: 'region, no filter', who: region, query: {}, where: '', params: [] },
      {
        label: 'region, cluster',
        who: region,
        query: { clusterCode: 'auto' },
        where: 'AND l.cluster_code = ?',
        params: ['auto'],
      },
      {
        label: 'region, ownership + source',
        who: region,
        query: { ownership: 'private', sourceKind: 'chamber' },
        where: 'AND l.ownership = ? AND l.source_kind = ?',
        params: ['private', 'chamber'],
      },
      {
        label: 'region, chamber',
        who: region,
        query: { chamberId: '7' },
        where: 'AND l.source_chamber_id = ?',
        params: ['7'],
      },
      {
        label: 'region, team',
        who: region,
        query: { teamId: '3' },
        where: 'AND l.source_visit_id IN (SELECT id FROM visits WHERE team_id = ?)',
        params: ['3'],
      },
      { label: 'city, no filter', who: city, query: {}, where: 'AND l.city_code = ?', params: ['450100'] },
      {
        label: 'city, cluster + ownership',
        who: city,
        query: { clusterCode: 'auto', ownership: 'private' },
        where: 'AND l.city_code = ? AND l.cluster_code = ? AND l.ownership = ?',
        params: ['450100', 'auto', 'private'],
      },
      {
        label: 'city, chamber',
        who: city,
        query: { chamberId: '7' },
        where: 'AND l.city_code = ? AND l.source_chamber_id = ?',
        params: ['450100', '7'],
      },
      { label: 'county, no filter', who: county, query: {}, where: 'AND l.region_code = ?', params: ['450102'] },
      {
        label: 'county, cluster',
        who: county,
        query: { clusterCode: 'auto' },
        where: 'AND l.region_code = ? AND l.cluster_code = ?',
        params: ['450102', 'auto'],
      },
    ];

    const timings = {
      funnel: { crm: [] as number[], naive: [] as number[] },
      breakdown: { crm: [] as number[], naive: [] as number[] },
      targets: { crm: [] as number[], naive: [] as number[] },
    };
    const detail: Array<Array<string | number>> = [['funnel case (2025)', 'mode', 'CRM p50 (ms)', 'naive p50 (ms)']];
    for (const testCase of funnelCases) {
      for (const mode of ['cohort', 'flow'] as const) {
        const dto = Object.assign(new FunnelQueryDto(), year, testCase.query, { mode, regionCode: undefined });
        const crm = await time(options.runs, () => analytics.funnel(testCase.who, dto));
        const naiveSql =
          mode === 'cohort'
            ? `SELECT e.to_stage, COUNT(DISTINCT e.lead_id) AS n, SUM(l.expected_investment) AS amount FROM leads l JOIN stage_events e ON e.lead_id = l.id
                WHERE l.merged_into_lead_id IS NULL AND l.created_at >= ? AND l.created_at < ? ${testCase.where} GROUP BY e.to_stage`
            : `SELECT e.to_stage, COUNT(DISTINCT e.lead_id) AS n, SUM(l.expected_investment) AS amount FROM stage_events e JOIN leads l ON l.id = e.lead_id
                WHERE l.merged_into_lead_id IS NULL AND e.at >= ? AND e.at < ? ${testCase.where} GROUP BY e.to_stage`;
        const naive = await time(options.naiveRuns, () => db.query(naiveSql, [...yearRange, ...testCase.params]));
        timings.funnel.crm.push(...crm);
        timings.funnel.naive.push(...naive);
        detail.push([testCase.label, mode, percentile(crm, 50).toFixed(1), percentile(naive, 50).toFixed(0)]);
      }
    }

    const breakdownDetail: Array<Array<string | number>> = [
      ['breakdown (2025)', 'CRM p50 (ms)', 'CRM p99 (ms)', 'naive p50 (ms)'],
    ];
    const dimensionColumn: Record<string, string> = {
      region: 'l.city_code',
      cluster: 'l.cluster_code',
      source: 'l.source_kind',
      chamber: 'l.source_chamber_id',
      ownership: 'l.ownership',
      team: 'v.team_id',
    };
    for (const dimension of ['region', 'cluster', 'source', 'chamber', 'ownership', 'team'] as const) {
      for (const [who, where, params] of [
        [region, '', []],
        [city, 'AND l.city_code = ?', ['450100']],
      ] as const) {
        const dto = Object.assign(new BreakdownQueryDto(), year, { dimension, limit: 200 });
        const crm = await time(options.runs, () => analytics.breakdown(who, dto));
        const column = who === city && dimension === 'region' ? 'l.region_code' : dimensionColumn[dimension];
        const naive = await time(options.naiveRuns, () =>
          db.query(
            `SELECT ${column} AS k, SUM(e.to_stage = 'lead') AS new_leads, SUM(e.to_stage = 'signed') AS signed, SUM(IF(e.to_stage = 'signed', l.signed_amount, 0)) AS amount,
                    SUM(e.to_stage = 'construction') AS construction, SUM(e.to_stage = 'production') AS production
               FROM stage_events e JOIN leads l ON l.id = e.lead_id ${dimension === 'team' ? 'JOIN visits v ON v.id = l.source_visit_id' : ''}
              WHERE l.merged_into_lead_id IS NULL AND e.at >= ? AND e.at < ? ${where} GROUP BY k`,
            [...yearRange, ...params],
          ),
        );
        timings.breakdown.crm.push(...crm);
        timings.breakdown.naive.push(...naive);
        breakdownDetail.push([
          `${dimension}, ${who === city ? 'city' : 'region'}`,
          percentile(crm, 50).toFixed(1),
          percentile(crm, 99).toFixed(1),
          percentile(naive, 50).toFixed(0),
        ]);
      }
    }

    for (const [who, column, where, params] of [
      [region, 'l.city_code', '', []],
      [city, 'l.region_code', 'AND l.city_code = ?', ['450100']],
      [county, 'l.region_code', 'AND l.city_code = ?', ['450100']],
    ] as const) {
      const crm = await time(options.runs, () =>
        targets.progress(who, Object.assign(new TargetProgressQueryDto(), { year: 2025 })),
      );
      const naive = await time(options.naiveRuns, () =>
        db.query(
          `SELECT ${column} AS k, COUNT(DISTINCT l.id) AS signed, SUM(l.signed_amount) AS amount
             FROM stage_events e JOIN leads l ON l.id = e.lead_id
            WHERE l.merged_into_lead_id IS NULL AND e.to_stage = 'signed' AND e.at >= ? AND e.at < ? ${where} GROUP BY k`,
          [...yearRange, ...params],
        ),
      );
      timings.targets.crm.push(...crm);
      timings.targets.naive.push(...naive);
    }

    printTable('Funnel by filter (p50)', detail);
    printTable('Breakdown by dimension and unit', breakdownDetail);
    const rows: Array<Array<string | number>> = [
      ['question', 'CRM p50', 'CRM p99', 'naive p50', 'naive p99', 'naive/CRM p50'],
    ];
    for (const [name, { crm, naive }] of Object.entries(timings)) {
      const [a, b] = [sorted(crm), sorted(naive)];
      rows.push([
        name,
        ms(percentile(a, 50)),
        ms(percentile(a, 99)),
        ms(percentile(b, 50)),
        ms(percentile(b, 99)),
        `${(percentile(b, 50) / percentile(a, 50)).toFixed(0)}x`,
      ]);
    }
    printTable(
      `Analytics at ${generated.leads.toLocaleString('en')} leads / ${generated.events.toLocaleString('en')} stage events, buffer pool ${bufferPool} (ms; naive = GROUP BY over leads and stage_events, counts and amounts only)`,
      rows,
    );
  } finally {
    await restoreBufferPool(context.get(DataSource));
    await context.close();
    await dropDatabase(config.database);
  }
}

let originalBufferPool: number | null = null;

/**
 * A million leads with their events, facts and roll-ups are several GiB; MariaDB's default 128 MiB buffer pool
 * would measure the disk, not the queries. Production servers size it to their data; the run does the same (it is a
 * dynamic setting) and puts the default back afterwards.
 */
export async function sizeBufferPool(db: DataSource): Promise<string> {
  const [{ size }] = await db.query('SELECT @@GLOBAL.innodb_buffer_pool_size AS size');
  const wanted = 6 * 1024 ** 3;
  if (Number(size) >= wanted) return `${(Number(size) / 1024 ** 3).toFixed(1)} GiB`;
  try {
    await db.query(`SET GLOBAL innodb_buffer_pool_size = ${wanted}`);
    originalBufferPool = Number(size);
    return '6 GiB (set for the run)';
  } catch {
    return `${(Number(size) / 1024 ** 2).toFixed(0)} MiB (could not be raised)`;
  }
}

export async function restoreBufferPool(db: DataSource): Promise<void> {
  if (originalBufferPool !== null)
    await db.query(`SET GLOBAL innodb_buffer_pool_size = ${originalBufferPool}`).catch(() => undefined);
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const ms = (value: number) => value.toFixed(1);

async function time(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  await work(); // warm caches and plans
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const began = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - began) / 1e6);
  }
  return sorted(times);
}

/**
 * Bulk-inserts chambers, teams with visits, companies, `count` leads with their stage events (some skipped, held,
 * resumed, lost or merged) and funds in two instalments, created over 2023–2025. `existingCompanies`: the caller
 * already inserted that many companies (ids 1..n, e.g. with real pinyin), so none are made here.
 */
export async function generate(
  dataSource: DataSource,
  count: number,
  existingCompanies?: number,
): Promise<{ leads: number; events: number; funds: number; seconds: number }> {
  const began = Date.now();
  // One connection, so the session settings and the helper tables are the same throughout; the rows are made
  // consistent by construction, so foreign keys are not checked row by row.
  const db = dataSource.createQueryRunner();
  await db.connect();
  try {
    await db.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
    return await insertAll(db, count, began, existingCompanies);
  } finally {
    await db.release();
  }
}

async function insertAll(
  db: QueryRunner,
  count: number,
  began: number,
  existingCompanies?: number,
): Promise<{ leads: number; events: number; funds: number; seconds: number }> {
  await db.query(
    "INSERT INTO users (username, display_name, role, region_code, password_hash, version) VALUES ('bench', 'bench', 'admin', '450000', 'x', 1)",
  );
  const [{ id: userId }] = await db.query("SELECT id FROM users WHERE username = 'bench'");
  await db.query(
    `INSERT INTO chambers (name, kind, region_code, cluster_codes, contacts, version) SELECT CONCAT('基准商会', seq), 'chamber', '440300', '[]', '[]', 1 FROM seq_1_to_${CHAMBERS}`,
  );
  await db.query(
    `INSERT INTO teams (name, cluster_code, region_code, version) SELECT CONCAT('基准小组', seq), ELT(1 + MOD(seq, 9), ${list(CLUSTERS)}), '450000', 1 FROM seq_1_to_${TEAMS}`,
  );
  await db.query(
    `INSERT INTO visits (team_id, status, visited_at, kind, our_attendees, their_attendees, next_steps, region_code, created_by, version)
     SELECT t.id, 'done', '2024-06-01', 'company', '[]', '[]', '[]', '450000', ?, 1 FROM teams t JOIN seq_1_to_100`,
    [userId],
  );
  const companies = existingCompanies ?? Math.max(1000, Math.floor(count / 10));
  if (existingCompanies === undefined)
    await db.query(
      `INSERT INTO companies (name, name_normalised, name_pinyin, name_initials, ownership, flags, contacts, version)
     SELECT CONCAT('基准企业', seq), CONCAT('基准企业', seq), CONCAT('jizhunqiye', seq), 'jzqy', ELT(1 + FLOOR(RAND(seq) * 5), ${list(OWNERSHIPS)}), '[]', '[]', 1 FROM seq_1_to_${companies}`,
    );
  await db.query('CREATE TEMPORARY TABLE bench_units (n INT PRIMARY KEY, code CHAR(6), city_code CHAR(6) NULL)');
  await db.query(
    "INSERT INTO bench_units SELECT ROW_NUMBER() OVER (ORDER BY code) - 1, code, city_code FROM regions WHERE province_code = '450000'",
  );
  const [{ units }] = await db.query('SELECT COUNT(*) AS units FROM bench_units');
  const [{ firstVisit, visits }] = await db.query('SELECT MIN(id) AS firstVisit, COUNT(*) AS visits FROM visits');
  // One plan row per lead: its random attributes, how far it got (k) and what else happened.
  await db.query(
    `CREATE TEMPORARY TABLE bench_plan (id INT PRIMARY KEY, unit INT, company INT, cluster TINYINT, source TINYINT, k TINYINT, created DATETIME(3),
       step INT, hold TINYINT, resumed TINYINT, lost TINYINT, expected DECIMAL(12,4), signed_amount DECIMAL(12,4))`,
  );
  for (let start = 1; start <= count; start += CHUNK) {
    const end = Math.min(count, start + CHUNK - 1);
    await db.query(
      `INSERT INTO bench_plan
       SELECT seq, FLOOR(RAND() * ${units}), 1 + FLOOR(RAND() * ${companies}), FLOOR(RAND() * 9), FLOOR(RAND() * 7),
              LEAST(6, FLOOR(POW(RAND(), 0.8) * 7)), TIMESTAMPADD(MINUTE, FLOOR(RAND() * 3 * 525600), '2023-01-01'),
              1 + FLOOR(RAND() * 45), RAND() < 0.3, RAND() < 0.5, RAND() < 0.25, ROUND(0.5 + RAND() * 50, 4), ROUND(0.5 + RAND() * 40, 4)
         FROM seq_1_to_${count} WHERE seq BETWEEN ${start} AND ${end}`,
    );
  }
  await db.query('UPDATE bench_plan SET lost = 0 WHERE k = 6');
  await db.query('UPDATE bench_plan SET hold = 0 WHERE lost = 1 AND hold = 1 AND resumed = 1');
  const stageAt = (index: string) => `ELT(${index} + 1, ${list(PIPELINE)})`;
  for (let start = 1; start <= count; start += CHUNK) {
    const end = Math.min(count, start + CHUNK - 1);
    await db.query(
      `INSERT INTO leads (id, company_id, ownership, title, cluster_code, source_kind, source_chamber_id, source_visit_id, expected_investment, categories,
                          region_code, city_code, stage, stage_before_hold, stage_entered_at, signed_at, signed_amount, created_at, updated_at, last_activity_at, version)
       SELECT p.id, p.company, c.ownership, CONCAT('基准项目', p.id), ELT(p.cluster + 1, ${list(CLUSTERS)}), ELT(p.source + 1, ${list(SOURCES)}),
              IF(p.source = 0, 1 + MOD(p.id, ${CHAMBERS}), NULL), IF(p.source = 1, ${firstVisit} + MOD(p.id, ${visits}), NULL), p.expected,
              IF(MOD(p.id, 5) = 0, '["five50_top500"]', IF(MOD(p.id, 7) = 0, '["sbsx_production"]', '[]')),
              u.code, u.city_code,
              IF(p.lost, 'lost', IF(p.hold AND NOT p.resumed, 'on_hold', ${stageAt('p.k')})), IF(p.hold AND NOT p.resumed AND NOT p.lost, ${stageAt('p.k')}, NULL),
              TIMESTAMPADD(DAY, p.k * p.step, p.created), IF(p.k >= 4, TIMESTAMPADD(DAY, 4 * p.step, p.created), NULL), IF(p.k >= 4, p.signed_amount, NULL),
              p.created, p.created, p.created, 1
         FROM bench_plan p JOIN bench_units u ON u.n = p.unit JOIN companies c ON c.id = p.company WHERE p.id BETWEEN ${start} AND ${end}`,
    );
    await db.query(
      `INSERT INTO stage_events (lead_id, from_stage, to_stage, at, region_code, city_code, cluster_code)
       SELECT l.id, IF(s.seq = 0, NULL, ${stageAt('s.seq - 1')}), ${stageAt('s.seq')}, TIMESTAMPADD(DAY, s.seq * p.step, p.created), l.region_code, l.city_code, l.cluster_code
         FROM bench_plan p JOIN leads l ON l.id = p.id JOIN seq_0_to_6 s ON s.seq <= p.k WHERE p.id BETWEEN ${start} AND ${end}`,
    );
    // Holds two days after the last stage, resumed eight days later; losses five days after (from hold if still held).
    await db.query(
      `INSERT INTO stage_events (lead_id, from_stage, to_stage, at, region_code, city_code, cluster_code)
       SELECT l.id, ${stageAt('p.k')}, 'on_hold', TIMESTAMPADD(DAY, p.k * p.step + 2, p.created), l.region_code, l.city_code, l.cluster_code
         FROM bench_plan p JOIN leads l ON l.id = p.id WHERE p.hold AND p.id BETWEEN ${start} AND ${end}
       UNION ALL
       SELECT l.id, 'on_hold', ${stageAt('p.k')}, TIMESTAMPADD(DAY, p.k * p.step + 10, p.created), l.region_code, l.city_code, l.cluster_code
         FROM bench_plan p JOIN leads l ON l.id = p.id WHERE p.hold AND p.resumed AND p.id BETWEEN ${start} AND ${end}
       UNION ALL
       SELECT l.id, IF(p.hold AND NOT p.resumed, 'on_hold', ${stageAt('p.k')}), 'lost', TIMESTAMPADD(DAY, p.k * p.step + 15, p.created), l.region_code, l.city_code, l.cluster_code
         FROM bench_plan p JOIN leads l ON l.id = p.id WHERE p.lost AND p.id BETWEEN ${start} AND ${end}`,
    );
    await db.query(
      `INSERT INTO lead_funds (lead_id, amount, received_at)
       SELECT p.id, ROUND(p.signed_amount * 0.3, 4), TIMESTAMPADD(DAY, 4 * p.step + 30, p.created) FROM bench_plan p WHERE p.k >= 4 AND p.id BETWEEN ${start} AND ${end}
       UNION ALL
       SELECT p.id, ROUND(p.signed_amount * 0.2, 4), TIMESTAMPADD(DAY, 4 * p.step + 90, p.created) FROM bench_plan p WHERE p.k >= 5 AND p.id BETWEEN ${start} AND ${end}`,
    );
  }
  // 撞单 rulings: one lead in two hundred merged into its neighbour, counted once.
  await db.query("UPDATE leads SET merged_into_lead_id = id - 1 WHERE MOD(id, 200) = 0 AND stage = 'lost'");
  const [{ leads }] = await db.query('SELECT COUNT(*) AS leads FROM leads');
  const [{ events }] = await db.query('SELECT COUNT(*) AS events FROM stage_events');
  const [{ funds }] = await db.query('SELECT COUNT(*) AS funds FROM lead_funds');
  return { leads: Number(leads), events: Number(events), funds: Number(funds), seconds: (Date.now() - began) / 1000 };
}
