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
import { TargetCategory, TargetEntity } from './analytics.entity';
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

/** What a category's target counts: 双百双新 年内开工 / 年内投产 count starts; everything else counts signings. */
const COUNTED_STAGE: Record<TargetCategory, 'signed' | 'construction' | 'production'> = {
  all: 'signed',
  five50_double_hundred: 'signed',
  five50_top500: 'signed',
  five50_emerging: 'signed',
  five50_light_industry: 'signed',
  five50_standard_factory: 'signed',
  sbsx_production: 'production',
  sbsx_construction: 'construction',
  sbsx_continuing: 'signed',
  sbsx_planning: 'signed',
};

/** The unit × category roll-up, and what target progress reads of it. */
const TARGETS_PATTERN = PATTERNS.find((pattern) => pattern.dims.includes('category'))!.id;
const TARGET_MEASURES = [
  'n_signed',
  'a_signed',
  'n_construction',
  'a_construction',
  'n_production',
  'a_production',
  'funds',
];

type TargetRow = Pick<
  TargetEntity,
  'id' | 'year' | 'regionCode' | 'category' | 'targetCount' | 'targetAmount' | 'version' | 'updatedAt'
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
      const key = `${item.regionCode}|${item.category}`;
      if (seen.has(key))
        throw DomainException.validation(`items.${index}`, 'isUnique', 'repeats a unit and category given before');
      seen.add(key);
      units.push(unit);
    }
    let saved = 0;
    let removed = 0;
    await this.dataSource.transaction(async (manager) => {
      for (const [index, item] of dto.items.entries()) {
        const unit = units[index];
        const count = item.targetCount ?? null;
        const amount =
          item.targetAmount === undefined || item.targetAmount === null ? null : item.targetAmount.toFixed(4);
        const [existing] = await manager.query(
          'SELECT id, target_count AS targetCount, target_amount AS targetAmount, version FROM targets WHERE year = ? AND region_code = ? AND category = ? FOR UPDATE',
          [year, unit.regionCode, item.category],
        );
        // Changing a target someone set means having read it: the version sent must be the current one.
        if (existing && item.version !== existing.version) {
          throw new DomainException(
            ErrorCode.VersionConflict,
            `The ${item.category} target of ${unit.regionCode} for ${year} was set before; send the version you read`,
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
            targetCount: count,
            targetAmount: amount,
            updatedBy: principal.userId,
          });
          id = String(inserted.identifiers[0].id);
        }
        await this.record(manager, principal, existing ? 'update' : 'create', id, unit, {
          year: existing ? undefined : [null, year],
          category: existing ? undefined : [null, item.category],
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
   * ranked among those siblings. A county sees its own row, ranked among its city's counties.
   */
  async progress(principal: AuthPrincipal, query: TargetProgressQueryDto): Promise<TargetProgressResponseDto> {
    const year = query.year ?? Number(shanghaiDate(new Date()).slice(0, 4));
    const unit = await this.analytics.unitFor(principal, query.regionCode);
    const elapsed = timeElapsedRatio(year);
    const level = JurisdictionScope.of(unit).level;
    // A county has no units below it: it is shown among its siblings, of which the caller sees only itself.
    const parent = level === 'county' ? { regionCode: unit.cityCode!, cityCode: unit.cityCode } : unit;
    const siblings = await this.repository.childUnits(parent.regionCode);
    const months = { from: year * 100 + 1, to: year * 100 + 12 };
    const [perChild, targets] = await Promise.all([
      this.childCategoryTotals(months, parent),
      this.targetsOf(year, [parent.regionCode, ...siblings.map((sibling) => sibling.code)]),
    ]);
    const items: TargetProgressItemDto[] = [];
    const build = (
      code: string,
      name: string,
      total: boolean,
      category: TargetCategory,
      measures: Measures,
    ): TargetProgressItemDto => {
      const target = targets.get(`${code}|${category}`);
      const stage = COUNTED_STAGE[category];
      const actualCount = measure(measures, `n_${stage}`);
      const actualAmount = fromUnits(measure(measures, `a_${stage}`));
      const completionRatio = target?.targetCount ? ratio(actualCount, target.targetCount) : null;
      return {
        regionCode: code,
        regionName: name,
        total,
        category,
        targetCount: target?.targetCount ?? null,
        targetAmount: target?.targetAmount ?? null,
        actualCount,
        actualAmount,
        fundsReceived: fromUnits(measure(measures, 'funds')),
        completionRatio,
        amountCompletionRatio: target?.targetAmount ? ratio(actualAmount, target.targetAmount) : null,
        aheadOfSchedule: completionRatio === null ? null : Math.round((completionRatio - elapsed) * 10_000) / 10_000,
        rank: null,
        rankedOf: null,
      };
    };
    const parentName = (await this.repository.region(parent.regionCode))?.name ?? parent.regionCode;
    const categories = new Set<TargetCategory>(['all']);
    for (const key of targets.keys()) categories.add(key.split('|')[1] as TargetCategory);
    for (const category of categories) {
      const childRows = siblings.map((sibling) =>
        build(
          sibling.code,
          sibling.name,
          false,
          category,
          perChild.get(`${sibling.code}|${category}`) ?? emptyMeasures(),
        ),
      );
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
        items.push(
          build(parent.regionCode, parentName, true, category, perChild.get(`*|${category}`) ?? emptyMeasures()),
          ...childRows,
        );
      }
    }
    return { year, regionCode: unit.regionCode, timeElapsedRatio: elapsed, items };
  }

  /** Flow totals of the year per (sibling unit, category), and per category for the parent's whole jurisdiction ('*'). */
  private async childCategoryTotals(
    months: { from: number; to: number },
    parent: UnitRef,
  ): Promise<Map<string, Measures>> {
    const level = JurisdictionScope.of(parent).level;
    const byUnitCategory = await this.repository.sumCells(
      TARGETS_PATTERN,
      'flow',
      months.from,
      months.to,
      level === 'region' ? {} : { cityCode: parent.cityCode! },
      [level === 'region' ? 'cityCode' : 'regionCode', 'category'],
      TARGET_MEASURES,
    );
    const totals = new Map<string, Measures>();
    for (const [key, measures] of byUnitCategory) {
      const [unitCode, category] = key.split('|');
      totals.set(`${unitCode}|${category}`, measures);
      const whole = totals.get(`*|${category}`) ?? emptyMeasures();
      measures.forEach((value, index) => (whole[index] += value));
      totals.set(`*|${category}`, whole);
    }
    return totals;
  }

  private async targetsOf(
    year: number,
    codes: string[],
  ): Promise<Map<string, { targetCount: number | null; targetAmount: number | null }>> {
    // Read beside the actuals, on a replica when there is one (the targets' own list stays on the primary).
    const rows: Array<{
      regionCode: string;
      category: string;
      targetCount: number | null;
      targetAmount: string | null;
    }> = await onReplica(this.dataSource, (replica) =>
      replica.query(
        'SELECT region_code AS regionCode, category, target_count AS targetCount, target_amount AS targetAmount FROM targets WHERE year = ? AND region_code IN (?)',
        [year, codes],
      ),
    );
    return new Map(
      rows.map((row) => [
        `${row.regionCode}|${row.category}`,
        { targetCount: row.targetCount, targetAmount: row.targetAmount === null ? null : Number(row.targetAmount) },
      ]),
    );
  }
}
