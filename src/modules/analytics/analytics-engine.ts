import { Injectable } from '@nestjs/common';
import type { UnitRef } from '../../core/auth/jurisdiction-scope';
import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import { shanghaiTime } from '../../core/common/deadline-calendar';
import { AnalyticsRepository, CellConditions, CellGrouping } from './analytics.repository';
import {
  addInto,
  Basis,
  Dimension,
  emptyMeasures,
  fieldOfDimension,
  LeadFacts,
  Measures,
  measuresByMonth,
  PATTERNS,
} from './lead-contribution';

/** Filters every analytics question may carry besides the unit and the period. */
export interface MeasureFilter {
  clusterCode?: string;
  sourceKind?: string;
  chamberId?: string;
  ownership?: string;
  teamId?: string;
}

/** What totals are grouped by: a dimension ('region': the units directly below the unit asked about), or time. */
export type Grouping =
  | 'region'
  | 'keyCounty'
  | 'cluster'
  | 'source'
  | 'chamber'
  | 'ownership'
  | 'team'
  | 'category'
  | 'month'
  | 'quarter'
  | null;

export interface MonthRange {
  from: number;
  to: number;
}

/** Dimensions whose roll-ups leave out leads without a value (or repeat leads): used only when asked for. */
const PARTIAL_DIMENSIONS: readonly Dimension[] = ['chamber', 'team', 'category'];

const FILTER_DIMENSION: Record<keyof MeasureFilter, Dimension> = {
  clusterCode: 'cluster',
  sourceKind: 'source',
  chamberId: 'chamber',
  ownership: 'ownership',
  teamId: 'team',
};

/** The first instant of a yyyymm month in Asia/Shanghai. */
export function monthStartInstant(month: number): Date {
  return shanghaiTime(`${Math.floor(month / 100)}-${String(month % 100).padStart(2, '0')}-01`);
}

export function nextMonth(month: number): number {
  return month % 100 === 12 ? month + 89 : month + 1;
}

export const quarterOf = (month: number): string => `${Math.floor(month / 100)}Q${Math.ceil((month % 100) / 3)}`;

/**
 * Answers "the measures of the credited leads of a unit, filtered, over some months, grouped": from the narrowest
 * roll-up holding every dimension involved, or else from the per-lead facts (only a county, a chamber or a team
 * leads there, and each keeps the rows few). Both ways add the same contributions, so they agree to the unit.
 */
@Injectable()
export class AnalyticsEngine {
  constructor(private readonly repository: AnalyticsRepository) {}

  /** `measures`: the ones the caller reads (all by default); the others may come back as 0. */
  async totals(
    basis: Basis,
    months: MonthRange,
    unit: UnitRef,
    filter: MeasureFilter,
    grouping: Grouping,
    options: { useFacts?: boolean; measures?: readonly string[] } = {},
  ): Promise<Map<string, Measures>> {
    const scope = JurisdictionScope.of(unit);
    const conditions: CellConditions = {};
    const needed = new Set<Dimension>();
    if (scope.level === 'city') {
      conditions.cityCode = scope.cityCode!;
      needed.add('city');
    } else if (scope.level === 'county') {
      conditions.regionCode = scope.regionCode;
      needed.add('unit');
    }
    for (const [field, value] of Object.entries(filter) as Array<[keyof MeasureFilter, string | undefined]>) {
      if (value === undefined) continue;
      const dimension = FILTER_DIMENSION[field];
      Object.assign(conditions, { [fieldOfDimension(dimension)]: value });
      needed.add(dimension);
    }
    const groupDimension = this.groupDimension(grouping, scope);
    if (groupDimension) needed.add(groupDimension);
    const pattern = options.useFacts ? undefined : this.patternFor(needed, basis);
    if (pattern !== undefined) {
      const cellGrouping: CellGrouping = groupDimension
        ? [fieldOfDimension(groupDimension) as CellGrouping[number]]
        : grouping
          ? ['month']
          : [];
      const byGroup = await this.repository.sumCells(
        pattern,
        basis,
        months.from,
        months.to,
        conditions,
        cellGrouping,
        options.measures,
      );
      return grouping === 'quarter' ? this.byQuarter(byGroup) : byGroup;
    }
    const facts = await this.repository.creditedFacts(
      conditions,
      basis,
      monthStartInstant(months.from),
      monthStartInstant(nextMonth(months.to)),
    );
    return this.sumFacts(facts, basis, months, groupDimension, grouping);
  }

  /** Which dimension a grouping needs; 'region' means the cities of the region, or the units of a city. */
  private groupDimension(grouping: Grouping, scope: JurisdictionScope): Dimension | null {
    switch (grouping) {
      case null:
      case 'month':
      case 'quarter':
        return null;
      case 'region':
        return scope.level === 'region' ? 'city' : 'unit';
      // Every unit's own figures; the caller keeps the key industrial counties.
      case 'keyCounty':
        return 'unit';
      default:
        return grouping;
    }
  }

  /**
   * The narrowest roll-up holding every needed dimension. The chamber, team and category roll-ups hold only leads
   * with a chamber or team, or each lead once per category: they answer only questions about those.
   */
  private patternFor(needed: Set<Dimension>, basis: Basis): number | undefined {
    const candidates = PATTERNS.filter(
      (pattern) =>
        (!pattern.flowOnly || basis === 'flow') &&
        PARTIAL_DIMENSIONS.every(
          (dimension) =>
            pattern.dims.includes(dimension) === needed.has(dimension) || !pattern.dims.includes(dimension),
        ) &&
        [...needed].every((dimension) => pattern.dims.includes(dimension)),
    );
    candidates.sort((a, b) => a.dims.length - b.dims.length);
    return candidates[0]?.id;
  }

  private byQuarter(byMonth: Map<string, Measures>): Map<string, Measures> {
    const byQuarter = new Map<string, Measures>();
    for (const [month, measures] of byMonth) {
      const quarter = quarterOf(Number(month));
      const total = byQuarter.get(quarter) ?? emptyMeasures();
      addInto(total, measures);
      byQuarter.set(quarter, total);
    }
    return byQuarter;
  }

  private sumFacts(
    facts: LeadFacts[],
    basis: Basis,
    months: MonthRange,
    groupDimension: Dimension | null,
    grouping: Grouping,
  ): Map<string, Measures> {
    const totals = new Map<string, Measures>();
    const add = (key: string, measures: Measures): void => {
      const total = totals.get(key);
      if (total) addInto(total, measures);
      else totals.set(key, [...measures]);
    };
    for (const lead of facts) {
      // As in the roll-ups, a chamber or team breakdown lists only the leads that have one.
      if (
        (groupDimension === 'chamber' && lead.chamberId === '0') ||
        (groupDimension === 'team' && lead.teamId === '0')
      )
        continue;
      for (const [month, measures] of measuresByMonth(lead, basis)) {
        if (month < months.from || month > months.to) continue;
        if (grouping === 'month') add(String(month), measures);
        else if (grouping === 'quarter') add(quarterOf(month), measures);
        else if (groupDimension === 'category')
          for (const category of ['all', ...lead.categories]) add(category, measures);
        else if (groupDimension) add(String(lead[fieldOfDimension(groupDimension) as keyof LeadFacts]), measures);
        else add('', measures);
      }
    }
    return totals;
  }
}
