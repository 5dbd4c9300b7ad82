import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { JurisdictionScope, UnitRef } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { shanghaiDate, workingDayOnOrAfter } from '../../core/common/deadline-calendar';
import { DomainException } from '../../core/errors/domain.exception';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { countedStageEntry } from '../leads/lead-records.entity';
import { GUANGXI_REGION_CODE } from '../regions/region-units';
import { AnalyticsEngine, Grouping, monthStartInstant, nextMonth } from './analytics-engine';
import { AnalyticsRepository } from './analytics.repository';
import { monthText } from '../../core/common/months';
import { ACTIVITY_MEASURES, AnalyticsService, measure, ratio } from './analytics.service';
import { BulletinRowDto, QuarterlyBulletinDto, QuarterlyReportQueryDto } from './dto/analytics.dto';
import { emptyMeasures, fromUnits } from './lead-contribution';

/** The bulletin's shapes are its response DTOs (documented for the web app's generated types). */
export type BulletinRow = BulletinRowDto;
export type QuarterlyBulletin = QuarterlyBulletinDto;

const NOTABLE_SIGNINGS = 10;

/** ", 另有待确认 N 个" after a signing figure when claims wait (甄别确认). */
const pendingNote = (pending: number | undefined): string => (pending ? `（另有待确认${pending}个）` : '');

/** The quarter before the one `date` (YYYY-MM-DD) falls in. */
export function previousQuarter(date: string): { year: number; quarter: number } {
  const year = Number(date.slice(0, 4));
  const quarter = Math.ceil(Number(date.slice(5, 7)) / 3);
  return quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: quarter - 1 };
}

/** The first working day (Asia/Shanghai) after a quarter ends: when its bulletin goes out. */
export function bulletinDay(year: number, quarter: number): string {
  return workingDayOnOrAfter(
    quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-01`,
  );
}

/** The jurisdiction condition on a raw query's `alias` (its region_code and city_code columns). */
function unitCondition(scope: JurisdictionScope, alias: string): { where: string[]; parameters: unknown[] } {
  if (scope.level === 'city') return { where: [`${alias}.city_code = ?`], parameters: [scope.cityCode] };
  if (scope.level === 'county') return { where: [`${alias}.region_code = ?`], parameters: [scope.regionCode] };
  return { where: [], parameters: [] };
}

/** Standard competition ranking ("1, 2, 2, 4") by signed amount, then signed count, then new leads. */
function rankRows<T extends Omit<BulletinRow, 'rank'>>(rows: T[]): Array<T & { rank: number }> {
  const score = (row: T): number[] => [row.signedAmount, row.signedCount, row.newLeads];
  const compare = (a: T, b: T): number =>
    score(b)
      .map((value, i) => value - score(a)[i])
      .find((difference) => difference !== 0) ?? 0;
  const sorted = [...rows].sort((a, b) => compare(a, b) || a.key.localeCompare(b.key));
  let rank = 0;
  return sorted.map((row, index) => {
    if (index === 0 || compare(sorted[index - 1], row) !== 0) rank = index + 1;
    return { ...row, rank };
  });
}

/**
 * The quarterly bulletin (季度通报): per unit, cluster and team, ranked, with target completion and the quarter's
 * notable signings. Built on the first working day after each quarter, stored as sent, and answered live for a
 * quarter not yet built.
 */
@Injectable()
export class QuarterlyReportsService {
  private readonly logger = new Logger(QuarterlyReportsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: AnalyticsEngine,
    private readonly repository: AnalyticsRepository,
    private readonly analytics: AnalyticsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async get(principal: AuthPrincipal, query: QuarterlyReportQueryDto): Promise<QuarterlyBulletin> {
    const unit = await this.analytics.unitFor(principal, query.regionCode);
    const start = query.year * 100 + (query.quarter - 1) * 3 + 1;
    if (monthStartInstant(start).getTime() > Date.now())
      throw DomainException.validation('quarter', 'hasStarted', 'has not started yet');
    const [stored] = await this.dataSource.query(
      'SELECT data FROM quarterly_reports WHERE year = ? AND quarter = ? AND region_code = ?',
      [query.year, query.quarter, unit.regionCode],
    );
    if (stored) return (typeof stored.data === 'string' ? JSON.parse(stored.data) : stored.data) as QuarterlyBulletin;
    return this.build(query.year, query.quarter, unit);
  }

  async build(year: number, quarter: number, unit: UnitRef): Promise<QuarterlyBulletin> {
    const months = { from: year * 100 + (quarter - 1) * 3 + 1, to: year * 100 + quarter * 3 };
    const since = monthStartInstant(months.from);
    const until = monthStartInstant(nextMonth(months.to));
    const scope = JurisdictionScope.of(unit);
    const [regionRows, clusterRows, teamRows, yearToDate, totals] = await Promise.all([
      this.rowsBy('region', months, unit, since, until),
      this.rowsBy('cluster', months, unit, since, until),
      this.rowsBy('team', months, unit, since, until),
      this.engine.totals('flow', { from: year * 100 + 1, to: months.to }, unit, {}, 'region', {
        measures: ['n_signed'],
      }),
      this.rowsBy(null, months, unit, since, until),
    ]);
    const targets: Array<{ regionCode: string; targetCount: number | null }> = await this.dataSource.query(
      "SELECT region_code AS regionCode, target_count AS targetCount FROM targets WHERE year = ? AND category = 'all' AND measure = 'signings' AND region_code IN (?)",
      [year, [unit.regionCode, ...regionRows.map((row) => row.key)]],
    );
    const targetOf = new Map(targets.map((row) => [row.regionCode, row.targetCount]));
    const progressOf = (targetCount: number | null, yearSignedCount: number) => ({
      targetCount,
      yearSignedCount,
      completionRatio: targetCount ? ratio(yearSignedCount, targetCount) : null,
    });
    const byRegion = rankRows(
      regionRows.map((row) => {
        // The unit's own projects (本级) are part of its jurisdiction: its target is the total's, not this row's.
        const own = row.key === unit.regionCode && scope.level !== 'county';
        const yearSignedCount = measure(
          yearToDate.get(own && scope.level === 'region' ? '' : row.key) ?? emptyMeasures(),
          'n_signed',
        );
        return { ...row, ...progressOf(own ? null : (targetOf.get(row.key) ?? null), yearSignedCount) };
      }),
    );
    const yearSignedTotal = [...yearToDate.values()].reduce((sum, measures) => sum + measure(measures, 'n_signed'), 0);
    const [total] = totals;
    return {
      year,
      quarter,
      regionCode: unit.regionCode,
      regionName: (await this.repository.region(unit.regionCode))?.name ?? unit.regionCode,
      from: monthText(months.from),
      to: monthText(months.to),
      builtAt: new Date().toISOString(),
      totals: {
        newLeads: total.newLeads,
        visits: total.visits,
        signedCount: total.signedCount,
        signedAmount: total.signedAmount,
        signedPendingCount: total.signedPendingCount,
        constructionStarts: total.constructionStarts,
        productionStarts: total.productionStarts,
        fundsReceived: total.fundsReceived,
        investmentCompleted: total.investmentCompleted,
        ...progressOf(targetOf.get(unit.regionCode) ?? null, yearSignedTotal),
      },
      byRegion,
      byCluster: rankRows(clusterRows),
      byTeam: rankRows(teamRows),
      notableSignings: await this.notableSignings(scope, since, until),
    };
  }

  /**
   * One row per unit (the units below, and the unit's own projects as 本级; a county: itself), cluster or team,
   * or a single total row for `null`.
   */
  private async rowsBy(
    grouping: Extract<Grouping, 'region' | 'cluster' | 'team'> | null,
    months: { from: number; to: number },
    unit: UnitRef,
    since: Date,
    until: Date,
  ): Promise<Array<Omit<BulletinRow, 'rank'>>> {
    const scope = JurisdictionScope.of(unit);
    const flow = await this.engine.totals('flow', months, unit, {}, grouping, { measures: ACTIVITY_MEASURES });
    // The region's own projects carry no city: their key '' becomes the region's code.
    if (flow.has('')) flow.set(grouping === 'region' ? unit.regionCode : '', flow.get('')!);
    const visits = await this.visitsBy(grouping, scope, since, until);
    const keys = new Set<string>([...flow.keys(), ...visits.keys()].filter((key) => grouping === null || key !== ''));
    if (grouping === null) keys.add('');
    if (grouping === 'region' && scope.level !== 'county') {
      keys.add(unit.regionCode);
      for (const child of await this.repository.childUnits(unit.regionCode)) keys.add(child.code);
    }
    const table = ({ region: 'regions', cluster: 'clusters', team: 'teams' } as const)[grouping ?? 'region'];
    const names =
      grouping === null ? new Map<string, string>() : await this.repository.names(table as 'regions', [...keys]);
    return [...keys].map((key) => {
      const measures = flow.get(key) ?? emptyMeasures();
      const own = grouping === 'region' && key === unit.regionCode && scope.level !== 'county';
      return {
        key,
        name: own ? `${names.get(key) ?? key}本级` : (names.get(key) ?? key),
        newLeads: measure(measures, 'n_lead'),
        visits: visits.get(key) ?? 0,
        signedCount: measure(measures, 'n_signed'),
        signedAmount: fromUnits(measure(measures, 'a_signed')),
        signedPendingCount: measure(measures, 'p_signed'),
        constructionStarts: measure(measures, 'n_construction'),
        productionStarts: measure(measures, 'n_production'),
        fundsReceived: fromUnits(measure(measures, 'funds')),
        investmentCompleted: fromUnits(measure(measures, 'invested')),
      };
    });
  }

  /** Visits done in the period inside the jurisdiction, by the same grouping. */
  private async visitsBy(
    grouping: 'region' | 'cluster' | 'team' | null,
    scope: JurisdictionScope,
    since: Date,
    until: Date,
  ): Promise<Map<string, number>> {
    const unit = unitCondition(scope, 'v');
    const where = ["v.status = 'done'", 'v.visited_at >= ?', 'v.visited_at < ?', ...unit.where];
    const parameters: unknown[] = [since, until, ...unit.parameters];
    const column =
      grouping === 'region'
        ? scope.level === 'region'
          ? 'COALESCE(v.city_code, v.region_code)'
          : 'v.region_code'
        : grouping === 'cluster'
          ? 't.cluster_code'
          : grouping === 'team'
            ? 'v.team_id'
            : "''";
    const rows: Array<{ k: string; n: string }> = await this.dataSource.query(
      `SELECT ${column} AS k, COUNT(*) AS n FROM visits v JOIN teams t ON t.id = v.team_id WHERE ${where.join(' AND ')} GROUP BY k`,
      parameters,
    );
    return new Map(rows.map((row) => [String(row.k), Number(row.n)]));
  }

  /** The quarter's largest signings (confirmed ones, 甄别确认): projects whose first entry into 签约 falls in it, as the counts have them. */
  private async notableSignings(
    scope: JurisdictionScope,
    since: Date,
    until: Date,
  ): Promise<QuarterlyBulletin['notableSignings']> {
    const unit = unitCondition(scope, 'l');
    const where = ['l.merged_into_lead_id IS NULL', 'l.signed_amount IS NOT NULL', ...unit.where];
    const parameters: unknown[] = [since, until, ...unit.parameters];
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT l.id, l.title, l.confidential, l.code_name AS codeName, l.region_code AS regionCode, r.name AS regionName, c.name AS clusterName,
              l.signed_amount AS signedAmount, e.at AS signedAt
         FROM stage_events e
         JOIN leads l ON l.id = e.lead_id JOIN regions r ON r.code = l.region_code JOIN clusters c ON c.code = l.cluster_code
        WHERE e.to_stage = 'signed' AND e.at >= ? AND e.at < ? AND ${countedStageEntry('e')}
          AND NOT EXISTS (SELECT 1 FROM stage_events earlier WHERE earlier.lead_id = e.lead_id AND earlier.to_stage = 'signed' AND ${countedStageEntry('earlier')} AND (earlier.at < e.at OR (earlier.at = e.at AND earlier.id < e.id)))
          AND ${where.join(' AND ')}
        ORDER BY l.signed_amount DESC, l.id LIMIT ${NOTABLE_SIGNINGS}`,
      parameters,
    );
    return rows.map((row) => ({
      leadId: String(row.id),
      // A bulletin is circulated: confidential projects appear under their code name.
      title: Number(row.confidential) ? String(row.codeName ?? '保密项目') : String(row.title),
      regionCode: String(row.regionCode),
      regionName: String(row.regionName),
      clusterName: String(row.clusterName),
      signedAmount: Number(row.signedAmount),
      signedAt: new Date(row.signedAt as Date).toISOString(),
    }));
  }

  /**
   * The scheduled run (daily at 09:00 Asia/Shanghai): from the first working day after a quarter, builds and
   * stores the bulletin of the region and of each city that lacks one, and tells their managers. Missing a day
   * (workers down) only delays it to the next run.
   */
  async runScheduled(now: Date, progress: (built: number, total: number) => Promise<unknown>): Promise<number> {
    const today = shanghaiDate(now);
    const { year, quarter } = previousQuarter(today);
    if (today < bulletinDay(year, quarter)) return 0;
    const units: UnitRef[] = [
      { regionCode: GUANGXI_REGION_CODE, cityCode: null },
      ...(await this.repository.childUnits(GUANGXI_REGION_CODE)).map((city) => ({
        regionCode: city.code,
        cityCode: city.code,
      })),
    ];
    let built = 0;
    for (const [index, unit] of units.entries()) {
      if (await this.storeIfMissing(year, quarter, unit)) built++;
      await progress(index + 1, units.length);
    }
    if (built > 0) this.logger.log({ year, quarter, built }, 'Quarterly bulletins built');
    return built;
  }

  /** Builds, stores and announces one bulletin unless it exists; true when it was built now. */
  async storeIfMissing(year: number, quarter: number, unit: UnitRef): Promise<boolean> {
    const [existing] = await this.dataSource.query(
      'SELECT id FROM quarterly_reports WHERE year = ? AND quarter = ? AND region_code = ?',
      [year, quarter, unit.regionCode],
    );
    if (existing) return false;
    const bulletin = await this.build(year, quarter, unit);
    return this.dataSource.transaction(async (manager) => {
      const result = await manager.query(
        'INSERT IGNORE INTO quarterly_reports (year, quarter, region_code, city_code, data) VALUES (?, ?, ?, ?, ?)',
        [year, quarter, unit.regionCode, unit.cityCode, JSON.stringify(bulletin)],
      );
      if (Number(result.affectedRows ?? 0) === 0) return false;
      await this.audit.record(manager, {
        actor: null,
        action: 'create',
        entity: 'quarterly_report',
        entityId: String(result.insertId),
        unit,
        changes: { year: [null, year], quarter: [null, quarter], signedAmount: [null, bulletin.totals.signedAmount] },
      });
      await this.notifications.notifyUnit(manager, unit, ['manager'], {
        kind: 'quarterly_bulletin',
        title: `${bulletin.regionName}${year}年第${quarter}季度招商工作通报已生成`,
        body: `本季度新增线索${bulletin.totals.newLeads}条，签约${bulletin.totals.signedCount}个、${bulletin.totals.signedAmount}亿元${pendingNote(bulletin.totals.signedPendingCount)}，开工${bulletin.totals.constructionStarts}个，投产${bulletin.totals.productionStarts}个，完成投资${bulletin.totals.investmentCompleted ?? 0}亿元。`,
        leadId: null,
        subjectKind: 'quarterly_report',
        subjectId: null,
        dedupeKey: `quarterly-${year}-${quarter}-${unit.regionCode}`,
      });
      return true;
    });
  }

  /** The bulletin as a workbook: one sheet per table, Chinese headers, the same numbers as the JSON. */
  async workbook(bulletin: QuarterlyBulletin): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    workbook.created = new Date(bulletin.builtAt);
    const title = `${bulletin.regionName}${bulletin.year}年第${bulletin.quarter}季度招商工作通报（${bulletin.from}至${bulletin.to}）`;
    const summary = workbook.addWorksheet('概览');
    summary.addRow([title]);
    summary.addRow(['指标', '数值']);
    const totals = bulletin.totals;
    const summaryRows: Array<[string, number | string]> = [
      ['新增线索', totals.newLeads],
      ['走访次数', totals.visits],
      ['签约项目数', totals.signedCount],
      ['签约投资额（亿元）', totals.signedAmount],
      ['另有待确认签约', totals.signedPendingCount ?? ''],
      ['开工项目数', totals.constructionStarts],
      ['投产项目数', totals.productionStarts],
      ['到资（亿元）', totals.fundsReceived],
      ['完成投资（亿元）', totals.investmentCompleted ?? ''],
      ['年度签约目标', totals.targetCount ?? ''],
      ['年内累计签约', totals.yearSignedCount ?? 0],
      ['目标完成率', totals.completionRatio ?? ''],
    ];
    for (const row of summaryRows) summary.addRow(row);
    const headers = [
      '排名',
      '代码',
      '名称',
      '新增线索',
      '走访次数',
      '签约项目数',
      '签约投资额（亿元）',
      '另有待确认签约',
      '开工项目数',
      '投产项目数',
      '到资（亿元）',
      '完成投资（亿元）',
    ];
    const rowOf = (row: BulletinRow): Array<string | number> => [
      row.rank,
      row.key,
      row.name,
      row.newLeads,
      row.visits,
      row.signedCount,
      row.signedAmount,
      row.signedPendingCount ?? '',
      row.constructionStarts,
      row.productionStarts,
      row.fundsReceived,
      row.investmentCompleted ?? '',
    ];
    const regions = workbook.addWorksheet('按地区');
    regions.addRow([...headers, '年度签约目标', '年内累计签约', '目标完成率']);
    for (const row of bulletin.byRegion)
      regions.addRow([...rowOf(row), row.targetCount ?? '', row.yearSignedCount ?? 0, row.completionRatio ?? '']);
    for (const [name, rows] of [
      ['按产业集群', bulletin.byCluster],
      ['按工作小组', bulletin.byTeam],
    ] as const) {
      const sheet = workbook.addWorksheet(name);
      sheet.addRow(headers);
      for (const row of rows) sheet.addRow(rowOf(row));
    }
    const signings = workbook.addWorksheet('重点签约项目');
    signings.addRow(['项目', '所属地区', '产业集群', '签约投资额（亿元）', '签约日期']);
    for (const signing of bulletin.notableSignings)
      signings.addRow([
        signing.title,
        signing.regionName,
        signing.clusterName,
        signing.signedAmount,
        shanghaiDate(new Date(signing.signedAt)),
      ]);
    for (const sheet of workbook.worksheets) sheet.columns.forEach((column) => (column.width = 16));
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}
