import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isBelow, JurisdictionScope, UnitRef } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { shanghaiDate } from '../../core/common/deadline-calendar';
import { decodeKeyCursor, toPage } from '../../core/common/pagination';
import { onReplica } from '../../core/database/replica-reads';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { AuditService } from '../audit/audit.service';
import { RegionUnits } from '../regions/region-units';
import {
  AMOUNT_ONLY_MEASURES,
  DEFAULT_TARGET_MEASURE,
  TargetCategory,
  TargetMeasure,
} from '../../shared/target-measures';
import { TargetEntity } from './analytics.entity';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService, measure, ratio } from './analytics.service';
import {
  TargetListQueryDto,
  TargetPageDto,
  TargetProgressItemDto,
  TargetProgressQueryDto,
  TargetProgressResponseDto,
  TargetsPutDto,
  TargetsPutResponseDto,
} from './dto/analytics.dto';
import { emptyMeasures, fromUnits, Measures, PATTERNS } from './lead-contribution';

/**
 * What each target measure reads of the year's flow cells (docs/domain.md "Targets"): its count and its amount.
 * `under_construction` counts the projects building at any time in the year, from all the months before it
 * (`buildingInYear`); its amount, like `investment_completed`'s, is the year's 完成投资.
 */
const MEASURED: Record<TargetMeasure, { count: string | null; amount: string; pending?: string }> = {
  // Confirmed stages count (甄别确认); the claims waiting are shown beside them (`pending`).
  signings: { count: 'n_signed', amount: 'a_signed', pending: 'p_signed' },
  construction_starts: { count: 'n_construction', amount: 'a_construction', pending: 'p_construction' },
  production_starts: { count: 'n_production', amount: 'a_production', pending: 'p_production' },
  under_construction: { count: null, amount: 'invested' },
  investment_completed: { count: null, amount: 'invested' },
  funds_in_place: { count: null, amount: 'funds' },
};

/** The unit × category roll-up, and what target progress reads of it. */
const TARGETS_PATTERN = PATTERNS.find((pattern) => pattern.dims.includes('category'))!.id;
const PROGRESS_MEASURES = [
  'n_signed',
  'a_signed',
  'n_construction',
  'a_construction',
  'n_production',
  'a_production',
  'funds',
  'invested',
  'p_signed',
  'p_construction',
  'p_production',
];

type TargetRow = Pick<
  TargetEntity,
  'id' | 'year' | 'regionCode' | 'category' | 'measure' | 'targetCount' | 'targetAmount' | 'version' | 'updatedAt'
>;

/** The share of `year` elapsed by today in Asia/Shanghai (序时进度): 1 for past years, 0 for future ones. */
export function timeElapsedRatio(year: number, today = shanghaiDate(new Date())): number {
  const current = Number(today.slice(0, 4));
  if (year < current) return 1;
  if (year > current) return 0;
  const dayOfYear = (Date.parse(today) - Date.UTC(year, 0, 1)) / 86_400_000 + 1;
  const days = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;
  return Math.round((dayOfYear / days) * 10_000) / 10_000;
}

/**
 * Standard competition ranking ("1, 2, 2, 4") of the units with a ratio; units without one are not ranked.
 */
export function rankByRatio(entries: Array<{ key: string; ratio: number | null }>): Map<string, number> {
  const ranked = entries.filter((entry) => entry.ratio !== null).sort((a, b) => b.ratio! - a.ratio!);
  const ranks = new Map<string, number>();
  ranked.forEach((entry, index) =>
    ranks.set(
      entry.key,
      index > 0 && ranked[index - 1].ratio === entry.ratio ? ranks.get(ranked[index - 1].key)! : index + 1,
    ),
  );
  return ranks;
}

/**
 * Targets superiors set ("5个50", "双百双新", signings overall) and how each unit stands against them. An
 * administrator sets any unit's; a manager those of the units below their own.
 */
@Injectable()
export class TargetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: AnalyticsRepository,
    private readonly units: RegionUnits,
    private readonly analytics: AnalyticsService,
    private readonly audit: AuditService,
  ) {}

  async put(principal: AuthPrincipal, year: number, dto: TargetsPutDto): Promise<TargetsPutResponseDto> {
    const seen = new Set<string>();
    const units: UnitRef[] = [];
    const measures: TargetMeasure[] = [];
    for (const [index, item] of dto.items.entries()) {
      const field = `items.${index}.regionCode`;
      const unit = await this.units.require(item.regionCode, field);
      if (principal.role !== 'admin' && !isBelow(unit, principal)) {
        throw DomainException.notPermitted(field, 'managers set targets for the units below their own');
      }
      if (item.targetCount === undefined && item.targetAmount === undefined) {
        throw DomainException.validation(
          `items.${index}`,
          'hasTarget',
          'must give targetCount or targetAmount (both null removes the target)',
        );
      }
      const measure = (item.measure ?? DEFAULT_TARGET_MEASURE[item.category as TargetCategory]) as TargetMeasure;
      if (AMOUNT_ONLY_MEASURES.has(measure) && item.targetCount !== undefined && item.targetCount !== null) {
        throw DomainException.validation(
          `items.${index}.targetCount`,
          'isEmpty',
          `must be empty: ${measure} is an amount (give targetAmount in 亿元)`,
        );
      }
      const key = `${item.regionCode}|${item.category}|${measure}`;
      if (seen.has(key))
        throw DomainException.validation(
          `items.${index}`,
          'isUnique',
          'repeats a unit, category and measure given before',
        );
      seen.add(key);
      units.push(unit);
      measures.push(measure);
    }
    let saved = 0;
    let removed = 0;
    await this.dataSource.transaction(async (manager) => {
      for (const [index, item] of dto.items.entries()) {
        const unit = units[index];
        const measure = measures[index];
        const count = item.targetCount ?? null;
        const amount =
          item.targetAmount === undefined || item.targetAmount === null ? null : item.targetAmount.toFixed(4);
        const [existing] = await manager.query(
          'SELECT id, target_count AS targetCount, target_amount AS targetAmount, version FROM targets WHERE year = ? AND region_code = ? AND category = ? AND measure = ? FOR UPDATE',
          [year, unit.regionCode, item.category, measure],
        );
        // Changing a target someone set means having read it: the version sent must be the current one.
        if (existing && item.version !== existing.version) {
          throw new DomainException(
            ErrorCode.VersionConflict,
            `The ${item.category} ${measure} target of ${unit.regionCode} for ${year} was set before; send the version you read`,
            [
              {
                field: `items.${index}.version`,
                constraint: 'current',
                message: `is now ${existing.version}`,
                currentVersion: existing.version,
              },
            ],
          );
        }
        if (count === null && amount === null) {
          if (!existing) continue;
          await manager.query('DELETE FROM targets WHERE id = ?', [existing.id]);
          await this.record(manager, principal, 'delete', String(existing.id), unit, {
            year: [year, null],
            category: [item.category, null],
            measure: [measure, null],
            targetCount: [existing.targetCount, null],
            targetAmount: [existing.targetAmount, null],
          });
          removed++;
          continue;
        }
        if (
          existing &&
          existing.targetCount === count &&
          (existing.targetAmount === null ? null : Number(existing.targetAmount).toFixed(4)) === amount
        )
          continue;
        let id: string;
        if (existing) {
          await manager.query(
            'UPDATE targets SET target_count = ?, target_amount = ?, updated_by = ?, version = version + 1 WHERE id = ?',
            [count, amount, principal.userId, existing.id],
          );
          id = String(existing.id);
        } else {
          const inserted = await manager.insert(TargetEntity, {
            year,
            regionCode: unit.regionCode,
            cityCode: unit.cityCode,
            category: item.category as TargetCategory,
            measure,
            targetCount: count,
            targetAmount: amount,
            updatedBy: principal.userId,
          });
          id = String(inserted.identifiers[0].id);
        }
        await this.record(manager, principal, existing ? 'update' : 'create', id, unit, {
          year: existing ? undefined : [null, year],
          category: existing ? undefined : [null, item.category],
          measure: existing ? undefined : [null, measure],
          targetCount: [existing?.targetCount ?? null, count],
          targetAmount: [existing?.targetAmount ?? null, amount],
        });
        saved++;
      }
    });
    return { year, saved, removed };
  }

  private async record(
    manager: EntityManager,
    principal: AuthPrincipal,
    action: 'create' | 'update' | 'delete',
    id: string,
    unit: UnitRef,
    changes: Record<string, [unknown, unknown] | undefined>,
  ): Promise<void> {
    const defined = Object.fromEntries(Object.entries(changes).filter(([, change]) => change !== undefined)) as Record<
      string,
      [unknown, unknown]
    >;
    await this.audit.record(manager, {
      actor: principal,
      action,
      entity: 'target',
      entityId: id,
      unit,
      changes: defined,
    });
  }

  async list(principal: AuthPrincipal, year: number, query: TargetListQueryDto): Promise<TargetPageDto> {
    const unit = await this.analytics.unitFor(principal, query.regionCode);
    const scope = JurisdictionScope.of(unit);
    const builder = this.dataSource
      .getRepository(TargetEntity)
      .createQueryBuilder('target')
      .where('target.year = :year', { year });
    scope.applyTo(builder, 'target');
    const total = query.withTotal ? await builder.clone().getCount() : undefined;
    if (query.cursor) builder.andWhere('target.id > :after', { after: decodeKeyCursor(query.cursor) });
    const rows: TargetRow[] = await builder
      .orderBy('target.id', 'ASC')
      .take(query.limit + 1)
      .getMany();
    return toPage(
      rows,
      query.limit,
      (row) => [String(row.id)],
      (row) => ({
        id: String(row.id),
        year: row.year,
        regionCode: row.regionCode,
        category: row.category,
        measure: row.measure,
        targetCount: row.targetCount,
        targetAmount: row.targetAmount === null ? null : Number(row.targetAmount),
        version: row.version,
        updatedAt: row.updatedAt.toISOString(),
      }),
      total,
    );
  }

  /**
   * Target against actual for the unit asked about (its whole jurisdiction) and each unit directly below it,
   * ranked among those siblings, for every category and measure a target is set for (and all projects' signings).
   * A county sees its own row, ranked among its city's counties.
   */
  async progress(principal: AuthPrincipal, query: TargetProgressQueryDto): Promise<TargetProgressResponseDto> {
    const year = query.year ?? Number(shanghaiDate(new Date()).slice(0, 4));
    const unit = await this.analytics.unitFor(principal, query.regionCode);
    const elapsed = timeElapsedRatio(year);
    const level = JurisdictionScope.of(unit).level;
    // A county has no units below it: it is shown among its siblings, of which the caller sees only itself.
    const parent = level === 'county' ? { regionCode: unit.cityCode!, cityCode: unit.cityCode } : unit;
    const siblings = await this.repository.childUnits(parent.regionCode);
    const targets = await this.targetsOf(year, [parent.regionCode, ...siblings.map((sibling) => sibling.code)]);
    const pairs = new Map<string, { category: TargetCategory; measure: TargetMeasure }>([
      ['all|signings', { category: 'all', measure: 'signings' }],
    ]);
    for (const target of targets.values()) pairs.set(`${target.category}|${target.measure}`, target);
    const measuresInUse = new Set([...pairs.values()].map((pair) => pair.measure));
    const [perChild, building] = await Promise.all([
      this.childCategoryTotals({ from: year * 100 + 1, to: year * 100 + 12 }, parent, PROGRESS_MEASURES),
      measuresInUse.has('under_construction') ? this.buildingInYear(year, parent) : new Map<string, number>(),
    ]);
    const items: TargetProgressItemDto[] = [];
    const build = (
      code: string,
      name: string,
      total: boolean,
      { category, measure: measured }: { category: TargetCategory; measure: TargetMeasure },
    ): TargetProgressItemDto => {
      // The parent's whole jurisdiction is summed under '*'.
      const cellKey = `${total ? '*' : code}|${category}`;
      const measures = perChild.get(cellKey) ?? emptyMeasures();
      const target = targets.get(`${code}|${category}|${measured}`);
      const reads = MEASURED[measured];
      const actualCount = AMOUNT_ONLY_MEASURES.has(measured)
        ? null
        : reads.count === null
          ? (building.get(cellKey) ?? 0)
          : measure(measures, reads.count);
      const actualAmount = fromUnits(measure(measures, reads.amount));
      const completionRatio =
        target?.targetCount && actualCount !== null ? ratio(actualCount, target.targetCount) : null;
      const amountCompletionRatio = target?.targetAmount ? ratio(actualAmount, target.targetAmount) : null;
      // An amount measure is on schedule by its amount; a count measure by its count.
      const scheduled = AMOUNT_ONLY_MEASURES.has(measured) ? amountCompletionRatio : completionRatio;
      return {
        regionCode: code,
        regionName: name,
        total,
        category,
        measure: measured,
        targetCount: target?.targetCount ?? null,
        targetAmount: target?.targetAmount ?? null,
        actualCount,
        actualAmount,
        pendingCount: reads.pending ? measure(measures, reads.pending) : null,
        fundsReceived: fromUnits(measure(measures, 'funds')),
        investmentCompleted: fromUnits(measure(measures, 'invested')),
        completionRatio,
        amountCompletionRatio,
        aheadOfSchedule: scheduled === null ? null : Math.round((scheduled - elapsed) * 10_000) / 10_000,
        rank: null,
        rankedOf: null,
      };
    };
    const parentName = (await this.repository.region(parent.regionCode))?.name ?? parent.regionCode;
    for (const pair of pairs.values()) {
      const childRows = siblings.map((sibling) => build(sibling.code, sibling.name, false, pair));
      // Siblings rank by count completion; only where none has a count target, by amount completion.
      const byCount = childRows.some((row) => row.completionRatio !== null);
      const ranks = rankByRatio(
        childRows.map((row) => ({
          key: row.regionCode,
          ratio: byCount ? row.completionRatio : row.amountCompletionRatio,
        })),
      );
      for (const row of childRows) {
        row.rank = ranks.get(row.regionCode) ?? null;
        row.rankedOf = row.rank === null ? null : ranks.size;
      }
      if (level === 'county') {
        items.push(...childRows.filter((row) => row.regionCode === unit.regionCode));
      } else {
        items.push(build(parent.regionCode, parentName, true, pair), ...childRows);
      }
    }
    return { year, regionCode: unit.regionCode, timeElapsedRatio: elapsed, items };
  }

  /**
   * Flow totals of the months per (sibling unit, category), and per category for the parent's whole jurisdiction
   * ('*').
   */
  private async childCategoryTotals(
    months: { from: number; to: number },
    parent: UnitRef,
    measures: readonly string[],
  ): Promise<Map<string, Measures>> {
    const level = JurisdictionScope.of(parent).level;
    const byUnitCategory = await this.repository.sumCells(
      TARGETS_PATTERN,
      'flow',
      months.from,
      months.to,
      level === 'region' ? {} : { cityCode: parent.cityCode! },
      [level === 'region' ? 'cityCode' : 'regionCode', 'category'],
      measures,
    );
    const totals = new Map<string, Measures>();
    for (const [key, sums] of byUnitCategory) {
      const [unitCode, category] = key.split('|');
      totals.set(`${unitCode}|${category}`, sums);
      const whole = totals.get(`*|${category}`) ?? emptyMeasures();
      sums.forEach((value, index) => (whole[index] += value));
      totals.set(`*|${category}`, whole);
    }
    return totals;
  }

  /**
   * Projects under construction at any time in the year, per (sibling unit, category) and '*': every start up to
   * the year's end, less the projects that had stopped building (production, or dropped) before it began.
   */
  private async buildingInYear(year: number, parent: UnitRef): Promise<Map<string, number>> {
    const [started, ended] = await Promise.all([
      this.childCategoryTotals({ from: 0, to: year * 100 + 12 }, parent, ['n_construction']),
      this.childCategoryTotals({ from: 0, to: (year - 1) * 100 + 12 }, parent, ['n_construction_ended']),
    ]);
    const building = new Map<string, number>();
    for (const [key, sums] of started) {
      const stopped = ended.get(key);
      building.set(key, measure(sums, 'n_construction') - (stopped ? measure(stopped, 'n_construction_ended') : 0));
    }
    return building;
  }

  private async targetsOf(
    year: number,
    codes: string[],
  ): Promise<
    Map<
      string,
      { category: TargetCategory; measure: TargetMeasure; targetCount: number | null; targetAmount: number | null }
    >
  > {
    // Read beside the actuals, on a replica when there is one (the targets' own list stays on the primary).
    const rows: Array<{
      regionCode: string;
      category: TargetCategory;
      measure: TargetMeasure;
      targetCount: number | null;
      targetAmount: string | null;
    }> = await onReplica(this.dataSource, (replica) =>
      replica.query(
        'SELECT region_code AS regionCode, category, measure, target_count AS targetCount, target_amount AS targetAmount FROM targets WHERE year = ? AND region_code IN (?)',
        [year, codes],
      ),
    );
    return new Map(
      rows.map((row) => [
        `${row.regionCode}|${row.category}|${row.measure}`,
        {
          category: row.category,
          measure: row.measure,
          targetCount: row.targetCount,
          targetAmount: row.targetAmount === null ? null : Number(row.targetAmount),
        },
      ]),
    );
  }
}
